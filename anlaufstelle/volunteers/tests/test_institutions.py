"""Institutions ask for interpreters within the centre's rules; cancellations, no-shows, re-offers;
allowances fixed at approval with the tax-free limit."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from anlaufstelle.core.models import AuditEntry, Membership
from anlaufstelle.core.roles import Role
from anlaufstelle.core.tests.factories import UserFactory
from anlaufstelle.partners.models import Organisation
from anlaufstelle.partners.tests.factories import OrganisationFactory
from anlaufstelle.volunteers import actions, rules
from anlaufstelle.volunteers.models import Assignment, InterpretingRequest, InterpretingSettings, Offer
from anlaufstelle.volunteers.tests.factories import make_request, make_volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _unscoped():  # type: ignore[no-untyped-def]
    """The tests look at rows directly; the views set their own scope per request."""
    with scopes_disabled():
        yield


def partner_of(centre, organisation):  # type: ignore[no-untyped-def]
    user = UserFactory()
    Membership.objects.create(user=user, centre=centre, role=Role.PARTNER, organisation=organisation)
    return user


def a_weekday_after(day: datetime.date, hour: int = 10) -> datetime.datetime:
    while day.weekday() > 4:
        day += datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def form(starts: datetime.datetime, **extra: str) -> dict[str, str]:
    data = {
        "language": "ar",
        "starts_at": timezone.localtime(starts).strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "60",
        "setting": "on_site",
        "place": "Grundschule Am Park, Raum 3",
        "district": "Mitte",
        "kind": "school",
        "contact_name": "Frau Berg",
        "contact_phone": "0201 123",
    }
    data.update(extra)
    return data


def test_an_institution_asks_within_the_lead_time_and_sees_only_its_own_requests(  # type: ignore[no-untyped-def]
    centre, login, member_factory
) -> None:
    school = OrganisationFactory(centre=centre, name="Grundschule Am Park", kind=Organisation.Kind.SCHOOL)
    other = OrganisationFactory(centre=centre, name="Kita Sonnenblume")
    InterpretingSettings.objects.create(
        centre=centre,
        lead_working_days=5,
        excluded_kinds="|court|police|",
        exclusion_note="Beeidigte Dolmetscher finden Sie in der Datenbank der Justiz.",
    )
    with scopes_disabled():
        theirs = make_request(centre, organisation=other)
    client = login(partner_of(centre, school))
    url = reverse("volunteers:institution_requests", kwargs={"centre": centre.slug})
    page = client.get(url).content.decode()
    # The rules are explained before anyone fills in the form; excluded kinds cannot be chosen.
    assert "5 working days" in page or "5 Arbeitstage" in page
    assert "sworn interpreters" in page or "beeidigte" in page.lower()
    assert "Datenbank der Justiz" in page
    assert 'value="police"' not in page and 'value="court"' not in page
    earliest = rules.earliest_day(timezone.localdate(), 5)
    too_soon = client.post(url, form(a_weekday_after(timezone.localdate() + datetime.timedelta(days=1))))
    assert too_soon.status_code == 422 and "Arbeitstage" in too_soon.content.decode()
    police = client.post(url, form(a_weekday_after(earliest), kind="police"))
    assert police.status_code == 422
    assert not InterpretingRequest.objects.filter(organisation=school).exists()
    done = client.post(url, form(a_weekday_after(earliest + datetime.timedelta(days=1))))
    assert done.status_code == 302
    own = InterpretingRequest.objects.get(organisation=school)
    assert own.contact_name == "Frau Berg" and own.requested_by is not None
    listing = client.get(url).content.decode()
    assert own.starts_at.strftime("%Y") in listing
    detail = reverse("volunteers:institution_request", kwargs={"centre": centre.slug, "pk": theirs.pk})
    assert client.get(detail).status_code == 404
    assert client.post(detail + "absagen/", {"do": "cancel"}).status_code == 404
    # The coordinator's screens stay closed to institutions.
    assert client.get(reverse("volunteers:requests", kwargs={"centre": centre.slug})).status_code == 403
    assert client.get(reverse("volunteers:list", kwargs={"centre": centre.slug})).status_code == 403


def test_institution_cancels_and_the_interpreter_is_told(  # type: ignore[no-untyped-def]
    centre, login, django_capture_on_commit_callbacks
) -> None:
    school = OrganisationFactory(centre=centre, kind=Organisation.Kind.SCHOOL)
    with scopes_disabled():
        rana = make_volunteer(centre, "Rana")
        request = make_request(centre, organisation=school)
        (offer,) = actions.offers_send(request=request, volunteers=[rana], actor=None)
        actions.offer_accept(offer=offer)
    client = login(partner_of(centre, school))
    detail = reverse("volunteers:institution_request", kwargs={"centre": centre.slug, "pk": request.pk})
    page = client.get(detail).content.decode()
    assert "Rana" in page and "Test" not in page  # first name only
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(detail + "absagen/", {"do": "cancel", "reason": "Termin verschoben"})
    with scopes_disabled():
        request.refresh_from_db()
        assignment = Assignment.objects.get()
    assert request.status == InterpretingRequest.Status.CANCELLED and request.cancel_reason == "Termin verschoben"
    assert assignment.status == Assignment.Status.CANCELLED and assignment.cancelled_by == "requester"
    assert [m.to for m in mail.outbox] == [[rana.email]]


def test_volunteer_gives_back_an_assignment_and_it_is_offered_to_the_next(  # type: ignore[no-untyped-def]
    centre, member_factory, client, django_capture_on_commit_callbacks
) -> None:
    coordinator = member_factory(centre, Role.VOLUNTEER_COORDINATOR, email="koordination@example.org")
    with scopes_disabled():
        rana, omid = make_volunteer(centre, "Rana"), make_volunteer(centre, "Omid")
        request = make_request(centre)
        (offer,) = actions.offers_send(request=request, volunteers=[rana], actor=coordinator)
        assignment = actions.offer_accept(offer=offer)
    with django_capture_on_commit_callbacks(execute=True):
        url = actions.personal_link_send(volunteer=rana, actor=coordinator)
    mail.outbox.clear()
    path = url.split("://", 1)[-1]
    path = path[path.index("/") :]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(path + "absagen/", {"do": "cancel", "assignment_id": assignment.pk, "reason": "krank"})
    with scopes_disabled():
        assignment.refresh_from_db()
        request.refresh_from_db()
        fresh = Offer.objects.get(volunteer=omid)
    assert assignment.status == Assignment.Status.CANCELLED and assignment.cancelled_by == "volunteer"
    assert request.status == InterpretingRequest.Status.OFFERED and fresh.status == Offer.Status.OPEN
    recipients = sorted(address for m in mail.outbox for address in m.to)
    assert recipients == sorted([omid.email, "koordination@example.org"])
    # Omid takes it; the volunteer's page of Rana no longer offers to give it back.
    with scopes_disabled():
        actions.offer_accept(offer=fresh)
        request.refresh_from_db()
    assert request.status == InterpretingRequest.Status.BOOKED and request.booked_at is not None


def test_coordinator_cancels_reoffers_and_records_a_no_show(  # type: ignore[no-untyped-def]
    centre, member_factory, login
) -> None:
    client = login(member_factory(centre, Role.VOLUNTEER_COORDINATOR))
    with scopes_disabled():
        volunteers = [make_volunteer(centre, name) for name in ("Rana", "Omid", "Samir", "Lina", "Hadi")]
        request = make_request(centre)
        actions.offers_send(request=request, volunteers=volunteers[:1], actor=None)
    url = reverse("volunteers:request", kwargs={"centre": centre.slug, "pk": request.pk})
    client.post(url + "erneut-anbieten/", {"do": "reoffer"})
    with scopes_disabled():
        assert Offer.objects.filter(request=request).count() == 4  # one, then the next three
    client.post(url + "absagen/", {"do": "cancel", "reason": "Familie verzogen"})
    with scopes_disabled():
        request.refresh_from_db()
        assert request.status == InterpretingRequest.Status.CANCELLED
        assert not Offer.objects.filter(request=request, status=Offer.Status.OPEN).exists()
        past = actions.request_create(
            centre=centre,
            actor=None,
            data={"language": "ar", "starts_at": timezone.now() - datetime.timedelta(days=1), "place": "Amt"},
        )
        missed = Assignment.objects.create(
            centre=centre, request=past, volunteer=volunteers[1], starts_at=past.starts_at, ends_at=past.ends_at
        )
    client.post(
        reverse("volunteers:no_show", kwargs={"centre": centre.slug, "pk": volunteers[1].pk}), {"no_show": missed.pk}
    )
    with scopes_disabled():
        missed.refresh_from_db()
    assert missed.status == Assignment.Status.NO_SHOW
    assert AuditEntry.objects.filter(action="volunteers.assignment.no_show").exists()
    # Bad ids are a 404, never a server error.
    bad = client.post(
        reverse("volunteers:no_show", kwargs={"centre": centre.slug, "pk": volunteers[1].pk}), {"no_show": "x"}
    )
    assert bad.status_code == 404


def _done(centre, volunteer, days_ago: int, minutes: int, km: str = "0"):  # type: ignore[no-untyped-def]
    past = actions.request_create(
        centre=centre,
        actor=None,
        data={"language": "ar", "starts_at": timezone.now() - datetime.timedelta(days=days_ago), "place": "Amt"},
    )
    return Assignment.objects.create(
        centre=centre,
        request=past,
        volunteer=volunteer,
        starts_at=past.starts_at,
        ends_at=past.ends_at,
        status=Assignment.Status.DONE,
        minutes_worked=minutes,
        travel_minutes=20,
        travel_km=Decimal(km),
        reported_at=timezone.now(),
    )


def test_approval_fixes_the_allowance_under_the_rule_and_warns_near_the_limit(  # type: ignore[no-untyped-def]
    centre, member_factory, login
) -> None:
    coordinator = member_factory(centre, Role.VOLUNTEER_COORDINATOR)
    client = login(coordinator)
    settings = InterpretingSettings.objects.create(centre=centre, yearly_limit=Decimal("50"), warn_percent=80)
    today = timezone.localdate()
    with scopes_disabled():
        rana = make_volunteer(centre, "Rana")
        first = _done(centre, rana, days_ago=min(1, today.timetuple().tm_yday - 1) or 0, minutes=150, km="10")
    approve = reverse("volunteers:hours_approve", kwargs={"centre": centre.slug, "pk": rana.pk})
    answer = client.post(approve, {"approve": first.pk}, follow=True).content.decode()
    with scopes_disabled():
        first.refresh_from_db()
    # 150 minutes: flat 20 € for two hours + 10 € for the started third; 10 km × 0.30 €.
    assert (first.allowance_amount, first.travel_amount) == (Decimal("30.00"), Decimal("3.00"))
    assert "30.00" in answer or "30,00" in answer
    # A changed rule applies to later approvals only.
    settings.flat_amount = Decimal("25.00")
    settings.save()
    with scopes_disabled():
        second = _done(centre, rana, days_ago=0, minutes=60)
    answer = client.post(approve, {"approve": second.pk}, follow=True).content.decode()
    with scopes_disabled():
        first.refresh_from_db()
        second.refresh_from_db()
    assert first.allowance_amount == Decimal("30.00") and second.allowance_amount == Decimal("25.00")
    assert "tax-free limit" in answer or "Freibetrag" in answer or "steuerfrei" in answer
    # Approving twice is refused.
    client.post(approve, {"approve": second.pk})
    assert AuditEntry.objects.filter(action="volunteers.hours.approve").count() == 2


def test_settings_are_kept_per_centre_with_an_audit_entry(centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    client = login(member_factory(centre, Role.VOLUNTEER_COORDINATOR))
    url = reverse("volunteers:settings", kwargs={"centre": centre.slug})
    assert client.get(url).status_code == 200
    data = {
        "lead_working_days": "3",
        "excluded_kinds": ["police", "medical"],
        "exclusion_note": "",
        "rule": "half_hour",
        "flat_minutes": "120",
        "flat_amount": "20",
        "hourly_amount": "10",
        "half_hour_amount": "6.50",
        "half_hour_includes_travel": "on",
        "km_rate": "0.30",
        "yearly_limit": "840",
        "warn_percent": "80",
    }
    assert client.post(url, {**data, "half_hour_amount": "-1"}).status_code == 422
    assert client.post(url, data).status_code == 302
    saved = InterpretingSettings.objects.get(centre=centre)
    assert saved.excluded_kind_list == ["medical", "police"] and saved.rule == "half_hour"
    assert AuditEntry.objects.filter(action="volunteers.settings.update").exists()


def test_offers_that_ran_out_go_to_the_next_candidates_then_the_coordinator_is_told(  # type: ignore[no-untyped-def]
    centre, member_factory, django_capture_on_commit_callbacks
) -> None:
    member_factory(centre, Role.VOLUNTEER_COORDINATOR, email="koordination@example.org")
    rana, omid = make_volunteer(centre, "Rana"), make_volunteer(centre, "Omid")
    request = make_request(centre)
    (first,) = actions.offers_send(request=request, volunteers=[rana], actor=None)
    Offer.objects.filter(pk=first.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    still_open = make_request(centre, hour=14)
    actions.offers_send(request=still_open, volunteers=[rana], actor=None)
    mail.outbox.clear()
    assert actions.follow_up_stalled() == {"reoffered": 1, "reported": 0}
    assert Offer.objects.get(request=request, volunteer=omid).status == Offer.Status.OPEN
    assert Offer.objects.get(pk=first.pk).status == Offer.Status.WITHDRAWN
    actions.offer_decline(offer=Offer.objects.get(request=request, volunteer=omid))
    assert actions.follow_up_stalled() == {"reoffered": 0, "reported": 1}
    request.refresh_from_db()
    assert request.status == InterpretingRequest.Status.OPEN
    assert any("koordination@example.org" in m.to for m in mail.outbox)
    assert actions.follow_up_stalled() == {"reoffered": 0, "reported": 0}  # told once

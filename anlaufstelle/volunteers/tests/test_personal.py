"""The volunteer's own page (private link): answer offers, calendar feed, hours; the coordinator approves."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled
from icalendar import Calendar

from anlaufstelle.core.roles import Role
from anlaufstelle.volunteers import actions
from anlaufstelle.volunteers.models import Assignment
from anlaufstelle.volunteers.tests.factories import make_request, make_volunteer

pytestmark = pytest.mark.django_db


def _link(centre, volunteer, member_factory, capture) -> str:  # type: ignore[no-untyped-def]
    with capture(execute=True):
        actions.personal_link_send(volunteer=volunteer, actor=member_factory(centre, Role.VOLUNTEER_COORDINATOR))
    return re.search(r"(/\S*/ehrenamt/mein/\S+/)", mail.outbox[-1].body).group(1)  # type: ignore[union-attr]


def test_personal_page_answers_offers_and_feeds_a_calendar(  # type: ignore[no-untyped-def]
    centre, member_factory, client, django_capture_on_commit_callbacks
) -> None:
    with scopes_disabled():
        rana, omid = make_volunteer(centre, "Rana"), make_volunteer(centre, "Omid")
        request = make_request(centre)
        actions.offers_send(request=request, volunteers=[rana, omid], actor=None)  # type: ignore[arg-type]
    path = _link(centre, rana, member_factory, django_capture_on_commit_callbacks)
    page = client.get(path)
    assert page.status_code == 200 and "Rathaus" in page.content.decode()
    assert page["Cache-Control"] == "no-store"
    assert "Omid" not in page.content.decode()
    with scopes_disabled():
        offer = rana.offers.get()
        other = omid.offers.get()
    # Someone else's offer cannot be answered from this page.
    client.post(path + "annehmen/", {"do": "accept", "offer": other.pk})
    with scopes_disabled():
        assert not Assignment.objects.exists()
    client.post(path + "annehmen/", {"do": "accept", "offer": offer.pk})
    with scopes_disabled():
        assert Assignment.objects.get().volunteer == rana
    feed = Calendar.from_ical(client.get(path + "kalender.ics").content)
    assert feed["VERSION"] == "2.0" and feed["PRODID"]
    (event,) = feed.walk("VEVENT")
    assert event["UID"] and event["DTSTAMP"] and event.decoded("DTSTART") == request.starts_at
    assert client.get(path.replace("/mein/", "/mein/x")).status_code == 404
    # A new link ends the old one.
    _link(centre, rana, member_factory, django_capture_on_commit_callbacks)
    assert client.get(path).status_code == 404


def test_hours_are_reported_after_the_job_and_approved_by_the_coordinator(  # type: ignore[no-untyped-def]
    centre, member_factory, client, login, django_capture_on_commit_callbacks
) -> None:
    with scopes_disabled():
        rana = make_volunteer(centre, "Rana")
        past = actions.request_create(
            centre=centre,
            actor=None,
            data={"language": "ar", "starts_at": timezone.now() - datetime.timedelta(hours=3), "place": "Schule"},
        )
        assignment = Assignment.objects.create(
            centre=centre, request=past, volunteer=rana, starts_at=past.starts_at, ends_at=past.ends_at
        )
    path = _link(centre, rana, member_factory, django_capture_on_commit_callbacks)
    client.post(
        path + "stunden/",
        {"do": "hours", "assignment_id": assignment.pk, "minutes_worked": "9999", "travel_minutes": "20"},
    )
    with scopes_disabled():
        assignment.refresh_from_db()
        assert assignment.reported_at is None  # refused: too many minutes
    client.post(
        path + "stunden/",
        {
            "do": "hours",
            "assignment_id": assignment.pk,
            "minutes_worked": "75",
            "travel_minutes": "20",
            "travel_km": "6,5",
        },
    )
    client.post(
        path + "stunden/",
        {
            "do": "hours",
            "assignment_id": assignment.pk,
            "minutes_worked": "75",
            "travel_minutes": "20",
            "travel_km": "6.5",
        },
    )
    with scopes_disabled():
        assignment.refresh_from_db()
        assert (assignment.minutes_worked, assignment.travel_minutes, str(assignment.travel_km)) == (75, 20, "6.5")
    coordinator = login(member_factory(centre, Role.VOLUNTEER_COORDINATOR))
    coordinator.post(
        reverse("volunteers:hours_approve", kwargs={"centre": centre.slug, "pk": rana.pk}), {"approve": assignment.pk}
    )
    with scopes_disabled():
        assignment.refresh_from_db()
        assert assignment.approved_at is not None
    client.post(
        path + "stunden/",
        {"do": "hours", "assignment_id": assignment.pk, "minutes_worked": "300", "travel_minutes": "0"},
    )
    with scopes_disabled():
        assignment.refresh_from_db()
        assert assignment.minutes_worked == 75  # approved hours stay


@pytest.mark.security
@pytest.mark.parametrize("bad", ["abc", "", "-1", "1.5", "9" * 30, "9" * 5000, "1e3", "\x00"])
@pytest.mark.parametrize("do", ["accept", "decline", "cancel"])
def test_bad_ids_on_the_personal_page_give_no_raw_error(  # type: ignore[no-untyped-def]
    centre, member_factory, client, django_capture_on_commit_callbacks, do, bad
) -> None:
    # Issue 20, item 9: "do=accept&offer=abc" showed "invalid literal for int()".
    with scopes_disabled():
        rana = make_volunteer(centre, "Rana")
        actions.offers_send(request=make_request(centre), volunteers=[rana], actor=None)  # type: ignore[arg-type]
    path = _link(centre, rana, member_factory, django_capture_on_commit_callbacks)
    verb = {"accept": "annehmen/", "decline": "ablehnen/", "cancel": "absagen/"}[do]
    response = client.post(path + verb, {"do": do, "offer": bad, "assignment_id": bad}, follow=True)
    assert response.status_code in {200, 404}
    body = response.content.decode()
    assert "invalid literal" not in body and "int()" not in body and "Traceback" not in body
    with scopes_disabled():
        assert not Assignment.objects.exists()

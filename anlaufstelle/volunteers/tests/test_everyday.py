"""Everyday screens of interpreting (issue 20, item 24): place, reasons, confirmation, dates, paper hours."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scopes_disabled
from icalendar import Calendar

from anlaufstelle.core.models import AuditEntry
from anlaufstelle.core.roles import Role
from anlaufstelle.volunteers import actions, matching, selectors
from anlaufstelle.volunteers.forms import RequestForm
from anlaufstelle.volunteers.models import Absence, Assignment, InterpretingRequest, Volunteer, VolunteerLanguage
from anlaufstelle.volunteers.tests.factories import at, make_request, make_volunteer, tokens_from_mail

pytestmark = pytest.mark.django_db


def _form_data(**extra: str) -> dict[str, str]:
    starts = timezone.localtime(at(10)).strftime("%Y-%m-%dT%H:%M")
    data = {
        "language": "ar",
        "starts_at": starts,
        "duration_minutes": "60",
        "setting": "on_site",
        "kind": "school",
        "place": "",
        "district": "",
    }
    data.update(extra)
    return data


# --- a) an on-site request needs a place -----------------------------------------------------


def test_on_site_request_needs_a_place_in_the_form_but_phone_does_not(centre) -> None:  # type: ignore[no-untyped-def]
    form = RequestForm(_form_data())
    assert not form.is_valid() and "place" in form.errors
    assert RequestForm(_form_data(place="Rathaus, Markt 1")).is_valid()
    assert RequestForm(_form_data(setting="phone")).is_valid()
    assert RequestForm(_form_data(setting="video", place="")).is_valid()


def test_the_action_refuses_an_on_site_request_without_a_place(centre) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        with pytest.raises(actions.BookingError):
            actions.request_create(
                centre=centre, actor=None, data={"language": "ar", "starts_at": at(10), "place": "  "}
            )
        assert not InterpretingRequest.objects.exists()
        actions.request_create(
            centre=centre, actor=None, data={"language": "ar", "starts_at": at(10), "setting": "phone"}
        )


def test_coordinator_screen_refuses_on_site_without_place(centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    client = login(member_factory(centre, Role.VOLUNTEER_COORDINATOR))
    response = client.post(reverse("volunteers:requests", kwargs={"centre": centre.slug}), _form_data())
    assert response.status_code == 422
    with scopes_disabled():
        assert not InterpretingRequest.objects.exists()


# --- b) who speaks the language, and why each was left out -------------------------------------


def test_the_coordinator_sees_every_speaker_and_why_they_were_left_out(centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        make_volunteer(centre, "Free", gender="f")
        absent = make_volunteer(centre, "Absent", gender="f")
        Absence.objects.create(centre=centre, volunteer=absent, first_day=at(10).date(), last_day=at(10).date())
        busy = make_volunteer(centre, "Busy", gender="f")
        other = make_request(centre, hour=10, place="Schule")
        Assignment.objects.create(
            centre=centre, request=other, volunteer=busy, starts_at=other.starts_at, ends_at=other.ends_at
        )
        late = make_volunteer(centre, "Late", gender="f")
        late.windows.update(start=datetime.time(14))
        basic = make_volunteer(centre, "Basic", gender="f")
        basic.languages.update(level="basic")
        far = make_volunteer(centre, "Far", gender="f")
        Volunteer.objects.filter(pk=far.pk).update(districts="|Nord|")
        paused = make_volunteer(centre, "Paused", gender="f")
        Volunteer.objects.filter(pk=paused.pk).update(status=Volunteer.Status.PAUSED)
        make_volunteer(centre, "Man", gender="m")
        make_volunteer(centre, "Olena", language="uk", gender="f")
        request = make_request(centre, hour=10, gender="f", gender_required=True)
    client = login(member_factory(centre, Role.VOLUNTEER_COORDINATOR))
    response = client.get(reverse("volunteers:request", kwargs={"centre": centre.slug, "pk": request.pk}))
    assert response.status_code == 200
    reasons = {volunteer.first_name: code for volunteer, code, _label in response.context["excluded"]}
    assert reasons == {
        "Absent": matching.ABSENT,
        "Busy": matching.BUSY,
        "Late": matching.NOT_AVAILABLE,
        "Basic": matching.LEVEL_TOO_LOW,
        "Far": matching.OUT_OF_REACH,
        "Paused": matching.INACTIVE,
        "Man": matching.GENDER,
    }
    page = response.content.decode()
    assert "Olena" not in page  # does not speak the language: not listed


def test_a_dialect_of_the_same_group_is_suitable_and_another_is_explained(centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        syrian = make_volunteer(centre, "Rana")
        VolunteerLanguage.objects.filter(volunteer=syrian).update(dialect="syrisch")
        iraqi = make_volunteer(centre, "Omid")
        VolunteerLanguage.objects.filter(volunteer=iraqi).update(dialect="Irakisch")
        request = make_request(centre, dialect="Levantinisch")
        ranking, people = selectors.candidates(request=request)
    assert [people[c.volunteer].first_name for c in ranking.candidates] == ["Rana"]
    client = login(member_factory(centre, Role.VOLUNTEER_COORDINATOR))
    response = client.get(reverse("volunteers:request", kwargs={"centre": centre.slug, "pk": request.pk}))
    assert [(v.first_name, code) for v, code, _label in response.context["excluded"]] == [("Omid", matching.NO_DIALECT)]


def test_dialects_are_stored_normalised(centre) -> None:  # type: ignore[no-untyped-def]
    form = RequestForm(_form_data(place="Rathaus", dialect="Syrisch-Arabisch"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["dialect"] == "syrian"
    form = RequestForm(_form_data(place="Rathaus", dialect="Hassaniya"))
    assert form.is_valid() and form.cleaned_data["dialect"] == "Hassaniya"  # unknown: kept as written


# --- d) the acceptance confirmation: calendar file and on-site contact -------------------------


def _offer_one(centre, django_capture_on_commit_callbacks, **extra):  # type: ignore[no-untyped-def]
    with scopes_disabled():
        rana = make_volunteer(centre, "Rana")
        request = make_request(
            centre,
            place="Grundschule Am Park, Parkstr. 3",
            contact_name="Frau Weber",
            contact_phone="02151 86-0",
            **extra,
        )
        with django_capture_on_commit_callbacks(execute=True):
            actions.offers_send(request=request, volunteers=[rana], actor=None)
    (token,) = tokens_from_mail()
    mail.outbox.clear()
    return request, token


def test_accepting_sends_a_confirmation_with_calendar_file_and_contact(  # type: ignore[no-untyped-def]
    centre, client, django_capture_on_commit_callbacks
) -> None:
    request, token = _offer_one(centre, django_capture_on_commit_callbacks)
    url = reverse("volunteers:offer", kwargs={"centre": centre.slug, "token": token})
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(url + "annehmen/", {"do": "accept"})
    text = page.content.decode()
    assert "Frau Weber" in text and "02151 86-0" in text and "Parkstr. 3" in text
    ics_url = reverse("volunteers:offer_calendar", kwargs={"centre": centre.slug, "token": token})
    assert ics_url in text
    download = client.get(ics_url)
    assert download.status_code == 200 and download["Content-Type"].startswith("text/calendar")
    (event,) = Calendar.from_ical(download.content).walk("VEVENT")
    assert event.decoded("DTSTART") == request.starts_at
    assert "Parkstr. 3" in str(event["LOCATION"]) and "Frau Weber" in str(event["DESCRIPTION"])
    (confirmation,) = mail.outbox
    assert "Frau Weber" in confirmation.body and "02151 86-0" in confirmation.body
    ((name, content, kind),) = confirmation.attachments
    assert name.endswith(".ics") and kind.startswith("text/calendar")
    (attached,) = Calendar.from_ical(content).walk("VEVENT")
    assert attached.decoded("DTSTART") == request.starts_at


def test_the_calendar_link_of_an_unanswered_offer_gives_nothing(  # type: ignore[no-untyped-def]
    centre, client, django_capture_on_commit_callbacks
) -> None:
    _request, token = _offer_one(centre, django_capture_on_commit_callbacks)
    assert (
        client.get(reverse("volunteers:offer_calendar", kwargs={"centre": centre.slug, "token": token})).status_code
        == 404
    )
    assert (
        client.get(reverse("volunteers:offer_calendar", kwargs={"centre": centre.slug, "token": "x" * 43})).status_code
        == 404
    )


def test_accepting_from_the_personal_page_also_confirms(  # type: ignore[no-untyped-def]
    centre, django_capture_on_commit_callbacks
) -> None:
    _request, _token = _offer_one(centre, django_capture_on_commit_callbacks)
    with scopes_disabled():
        offer = Volunteer.objects.get(first_name="Rana").offers.get()
        with django_capture_on_commit_callbacks(execute=True):
            actions.offer_accept(offer=offer)
    (confirmation,) = mail.outbox
    assert confirmation.attachments


# --- e) dates by locale, the same pattern everywhere -------------------------------------------


def test_arabic_dates_put_the_day_first_on_the_page_and_in_the_mail(  # type: ignore[no-untyped-def]
    centre, client, django_capture_on_commit_callbacks
) -> None:
    with scopes_disabled():
        rana = make_volunteer(centre, "Rana")
        Volunteer.objects.filter(pk=rana.pk).update(signup_language="ar")
        rana.refresh_from_db()
        day = datetime.date(2030, 3, 4)  # 4 March: day first gives 04/03, month first 03/04
        request = make_request(centre, starts_at=at(10, day=day))
        with django_capture_on_commit_callbacks(execute=True):
            actions.offers_send(request=request, volunteers=[rana], actor=None)
    (offer_mail,) = mail.outbox
    for text in (offer_mail.subject, offer_mail.body):
        digits = re.sub(r"[^\d/.]", "", text)
        assert "04/03/2030" in digits or "04.03.2030" in digits, text
        assert "03/04/2030" not in digits, text
    (token,) = tokens_from_mail()
    with translation.override("ar"):
        page = client.get(
            reverse("volunteers:offer", kwargs={"centre": centre.slug, "token": token}), HTTP_ACCEPT_LANGUAGE="ar"
        )
    digits = re.sub(r"[^\d/]", "", page.content.decode())
    assert "04/03/2030" in digits and "03/04/2030" not in digits


def test_no_hand_written_date_format_in_the_volunteers_module() -> None:
    root = Path(__file__).resolve().parents[1]
    offenders = []
    for path in [*root.glob("*.py"), *root.glob("templates/volunteers/*")]:
        text = path.read_text()
        for pattern in (r'strftime\("%d', r"strftime\('%d", r":%d\.%m", r'\|date:"(?![A-Z_]+_FORMAT")'):
            if re.search(pattern, text):
                offenders.append(f"{path.name}: {pattern}")
    assert not offenders


# --- f) hours from a paper timesheet -----------------------------------------------------------


def test_the_coordinator_enters_hours_from_a_paper_timesheet(centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    coordinator = member_factory(centre, Role.VOLUNTEER_COORDINATOR)
    with scopes_disabled():
        rana = make_volunteer(centre, "Rana")
        request = make_request(centre)
        past = timezone.now() - datetime.timedelta(days=2)
        InterpretingRequest.objects.filter(pk=request.pk).update(starts_at=past)
        assignment = Assignment.objects.create(
            centre=centre, request=request, volunteer=rana, starts_at=past, ends_at=past + datetime.timedelta(hours=1)
        )
    client = login(coordinator)
    url = reverse("volunteers:hours", kwargs={"centre": centre.slug, "pk": rana.pk})
    detail = client.get(reverse("volunteers:detail", kwargs={"centre": centre.slug, "pk": rana.pk}))
    assert url in detail.content.decode()
    response = client.post(
        url, {"assignment_id": assignment.pk, "minutes_worked": "90", "travel_minutes": "20", "travel_km": "7.5"}
    )
    assert response.status_code == 302
    with scopes_disabled():
        assignment.refresh_from_db()
        assert assignment.minutes_worked == 90 and assignment.status == Assignment.Status.DONE
        assert assignment.reported_at and not assignment.approved_at  # approval is still a separate step
        entry = AuditEntry.objects.filter(action="volunteers.hours.report").get()
        assert entry.actor == coordinator
    # Another volunteer's assignment through this volunteer's page: refused, nothing changed.
    with scopes_disabled():
        omid = make_volunteer(centre, "Omid")
    response = client.post(
        reverse("volunteers:hours", kwargs={"centre": centre.slug, "pk": omid.pk}),
        {"assignment_id": assignment.pk, "minutes_worked": "30", "travel_minutes": "0"},
    )
    with scopes_disabled():
        assignment.refresh_from_db()
    assert assignment.minutes_worked == 90


def test_hours_cannot_be_entered_by_someone_without_the_right(centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        rana = make_volunteer(centre, "Rana")
    client = login(member_factory(centre, Role.EDITOR))
    url = reverse("volunteers:hours", kwargs={"centre": centre.slug, "pk": rana.pk})
    assert client.post(url, {"assignment_id": 1, "minutes_worked": "30", "travel_minutes": "0"}).status_code == 403

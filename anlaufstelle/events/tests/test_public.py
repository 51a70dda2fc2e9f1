"""The public side: calendar with filters, schema.org Event JSON-LD, iCal (RFC 5545), registration."""

from __future__ import annotations

import json
import re

import pytest
from django.core import mail
from django.urls import reverse
from django_scopes import scopes_disabled
from icalendar import Calendar

from anlaufstelle.events import actions
from anlaufstelle.events.models import Event, Registration
from anlaufstelle.events.tests.factories import contact, make_event, person
from anlaufstelle.partners.tests.factories import AddressFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _unscoped():  # type: ignore[no-untyped-def]
    with scopes_disabled():
        yield


def test_calendar_lists_coming_events_with_filters(centre, client) -> None:  # type: ignore[no-untyped-def]
    make_event(
        centre, title="DaZ-Tag 2026", kind=Event.Kind.DAY, seats=[2, 3], target_groups="|teachers|", topic="language"
    )
    make_event(centre, title="Kulturbunte Kita", target_groups="|daycare|", topic="diversity")
    make_event(centre, title="Entwurf", status=Event.Status.DRAFT)
    make_event(centre, title="Vorbei", days_ahead=-30)
    url = reverse("events:calendar", kwargs={"centre": centre.slug})
    page = client.get(url).content.decode()
    assert "DaZ-Tag 2026" in page and "Kulturbunte Kita" in page
    assert "Entwurf" not in page and "Vorbei" not in page
    assert "5 Plätze frei" in page or "5 seats free" in page
    only = client.get(url, {"gruppe": "teachers"}).content.decode()
    assert "DaZ-Tag 2026" in only and "Kulturbunte Kita" not in only
    assert "Kulturbunte Kita" in client.get(url, {"thema": "diversity"}).content.decode()
    assert client.get(url, {"gruppe": "<script>", "monat": "13-99"}).status_code == 200


def test_event_page_carries_schema_org_event_json_ld(centre, client) -> None:  # type: ignore[no-untyped-def]
    venue = OrganisationFactory(centre=centre, name="Bildungszentrum")
    address = AddressFactory(organisation=venue, street="Schulstraße 1", postcode="45127", city="Essen")
    event = make_event(
        centre, title="DaZ-Tag <2026>", kind=Event.Kind.DAY, seats=[1, 2], organisation=venue, address=address
    )
    page = client.get(reverse("events:detail", kwargs={"centre": centre.slug, "pk": event.pk})).content.decode()
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)  # type: ignore[union-attr]
    assert "<2026>" not in raw  # escaped inside the script element
    data = json.loads(raw)
    assert data["@context"] == "https://schema.org" and data["@type"] == "Event"
    assert data["name"] == "DaZ-Tag <2026>" and data["startDate"] < data["endDate"]
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"]["@type"] == "Place" and data["location"]["address"]["postalCode"] == "45127"
    assert data["offers"]["priceCurrency"] == "EUR" and data["offers"]["availability"].endswith("InStock")
    assert [s["maximumAttendeeCapacity"] for s in data["subEvent"]] == [1, 2]
    assert data["organizer"]["name"] == centre.name


def test_ical_feed_and_single_event_follow_rfc_5545(centre, client) -> None:  # type: ignore[no-untyped-def]
    course = make_event(centre, title="Qualifizierung Sprachmittlung", kind=Event.Kind.SERIES, dates=3)
    make_event(centre, title="Kulturbunte Kita")
    feed = Calendar.from_ical(client.get(reverse("events:feed", kwargs={"centre": centre.slug})).content)
    assert feed["VERSION"] == "2.0" and feed["PRODID"]
    events = feed.walk("VEVENT")
    assert len(events) == 4
    assert len({str(e["UID"]) for e in events}) == 4
    for component in events:
        assert component["DTSTAMP"] and component.decoded("DTSTART").utcoffset().total_seconds() == 0
        assert component.decoded("DTSTART") < component.decoded("DTEND")
    one = client.get(reverse("events:event_ics", kwargs={"centre": centre.slug, "pk": course.pk}))
    assert one["Content-Type"].startswith("text/calendar")
    with scopes_disabled():
        first = course.dates.order_by("starts_at").first()
    assert Calendar.from_ical(one.content).walk("VEVENT")[0].decoded("DTSTART") == first.starts_at


def test_register_confirm_and_cancel_in_the_browserless_flow(
    centre, client, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    event = make_event(centre, seats=[1], ask_dietary=True)
    url = reverse("events:register", kwargs={"centre": centre.slug, "pk": event.pk})
    assert client.get(url, {"personen": "2"}).content.decode().count('name="person-') >= 6
    data = {
        "name": "Frau Berg",
        "email": "berg@kita.example",
        "institution": "Kita Sonnenblume",
        "institution_kind": "kita",
        "consent": "on",
        "person-TOTAL_FORMS": "2",
        "person-INITIAL_FORMS": "0",
        "person-0-first_name": "Anna",
        "person-0-last_name": "Berg",
        "person-0-dietary": "vegetarisch",
        "person-1-first_name": "Ben",
        "person-1-last_name": "",
    }
    assert client.post(url + "?personen=2", data).status_code == 422  # Ben without a last name
    data["person-1-last_name"] = "Kaya"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url + "?personen=2", data).status_code == 200
    assert Registration.objects.filter(status="unconfirmed").count() == 2
    body = mail.outbox[-1].body
    confirm = re.search(r"(/\S+/bestaetigen/\S+/)", body).group(1)  # type: ignore[union-attr]
    manage = re.search(r"(/\S+/anmeldung/\S+/)", body).group(1)  # type: ignore[union-attr]
    confirm = confirm[confirm.index("/musterstadt/") :]
    manage = manage[manage.index("/musterstadt/") :]
    assert "Yes" in client.get(confirm).content.decode() or "Ja" in client.get(confirm).content.decode()
    assert Registration.objects.filter(status="unconfirmed").count() == 2  # a GET confirms nothing
    client.post(confirm)
    assert list(Registration.objects.order_by("id").values_list("status", flat=True)) == ["confirmed", "waiting"]
    assert Registration.objects.get(first_name="Anna").dietary == "vegetarisch"
    page = client.get(manage)
    assert page["Cache-Control"] == "no-store" and "Kaya" in page.content.decode()
    anna = Registration.objects.get(first_name="Anna")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(manage + "absagen/", {"cancel": anna.pk})
    assert Registration.objects.get(first_name="Ben").status == "confirmed"
    assert client.get(manage.replace("/anmeldung/", "/anmeldung/x")).status_code == 404
    # The bot trap stores nothing.
    before = Registration.objects.count()
    client.post(url, {**data, "website": "http://spam.example"})
    assert Registration.objects.count() == before


def test_private_meeting_links_and_bad_input_stay_safe(centre, client, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    event = make_event(centre, online_url="https://meet.example/secret-room")
    page = client.get(reverse("events:detail", kwargs={"centre": centre.slug, "pk": event.pk})).content.decode()
    ics = client.get(reverse("events:event_ics", kwargs={"centre": centre.slug, "pk": event.pk})).content.decode()
    assert "secret-room" not in page and "secret-room" not in ics
    calendar = reverse("events:calendar", kwargs={"centre": centre.slug})
    assert client.get(calendar, {"monat": "9999-12"}).status_code == 200
    assert client.get(calendar, {"monat": "0001-01"}).status_code == 200
    from anlaufstelle.core.roles import Role

    organiser = login(member_factory(centre, Role.EVENTS_ORGANISER))
    url = reverse("events:create", kwargs={"centre": centre.slug})
    venue = OrganisationFactory(centre=centre)
    data = {
        "title": "Zeile\neins",
        "kind": "single",
        "topic": "other",
        "language": "de",
        "organisation": str(venue.pk),
        "dates-TOTAL_FORMS": "1",
        "dates-INITIAL_FORMS": "0",
        "dates-0-starts_at": "0001-01-01T00:10",
        "dates-0-ends_at": "0001-01-01T01:10",
        "sessions-TOTAL_FORMS": "1",
        "sessions-INITIAL_FORMS": "0",
        "sessions-0-capacity": "10",
    }
    answer = organiser.post(url, data)
    assert answer.status_code == 422
    text = answer.content.decode()
    assert "2000" in text and ("Adresse" in text or "address" in text)


@pytest.mark.security
@pytest.mark.parametrize("bad", ["abc", "0", "-3", "9" * 25, "9" * 5000, "1.5"])
def test_bad_numbers_in_the_registration_form_and_links_give_no_error(centre, client, bad) -> None:  # type: ignore[no-untyped-def]
    # Issue 20, item 9 (the pattern): every id or number from a request goes through a form field.
    event = make_event(centre, seats=[5])
    url = reverse("events:register", kwargs={"centre": centre.slug, "pk": event.pk})
    assert client.get(url, {"personen": bad}).status_code == 200
    submitted = actions.registration_submit(
        event=event, contact=contact(1), participants=[person(event.sessions.get(), 1)], language="de"
    )
    manage = reverse("events:manage_cancel", kwargs={"centre": centre.slug, "token": submitted.manage_token})
    assert client.post(manage, {"cancel": bad}).status_code == 404


# --- issue 20, item 25 ------------------------------------------------------------------------


def test_the_calendar_filter_names_each_choice_once(centre, client) -> None:  # type: ignore[no-untyped-def]
    """ "Everyone" (the target group) and the empty choice were both "Alle" in German."""
    page = client.get(reverse("events:calendar", kwargs={"centre": centre.slug})).content.decode()
    for name in ("gruppe", "thema", "monat"):
        select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)  # type: ignore[union-attr]
        labels = [label.strip() for label in re.findall(r"<option[^>]*>(.*?)</option>", select, re.S)]
        assert len(labels) == len(set(labels)), labels


def _label(page: str, field_id: str) -> str:
    return re.search(rf'<label[^>]*for="{field_id}"[^>]*>(.*?)</label>', page, re.S).group(1)  # type: ignore[union-attr]


def test_a_day_asks_for_the_session_as_required_and_one_person_gives_the_name_once(  # type: ignore[no-untyped-def]
    centre, client, django_capture_on_commit_callbacks
) -> None:
    event = make_event(centre, kind=Event.Kind.DAY, seats=[1, 5])
    workshop = event.sessions.first()
    url = reverse("events:register", kwargs={"centre": centre.slug, "pk": event.pk})
    page = client.get(url).content.decode()
    assert "kern-label__optional" not in _label(page, "id_person-0-session")  # not "optional": it is required
    assert "kern-label__optional" not in _label(page, "id_person-0-first_name")
    # One person: the name is asked once (first and last name), the e-mail once.
    assert 'name="name"' not in page and 'name="person-0-email"' not in page
    assert page.count('name="email"') == 1
    data = {
        "email": "berg@kita.example",
        "consent": "on",
        "person-TOTAL_FORMS": "1",
        "person-INITIAL_FORMS": "0",
        "person-0-first_name": "Anna",
        "person-0-last_name": "Berg",
    }
    response = client.post(url, data)
    assert response.status_code == 422 and response.context["people"].forms[0].errors["session"]
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {**data, "person-0-session": workshop.pk}).status_code == 200
    registration = Registration.objects.select_related("group").get()
    assert registration.group.contact_name == "Anna Berg" and registration.email == "berg@kita.example"
    assert registration.session == workshop
    # Several people: the person registering gives their own name, each participant theirs.
    several = client.get(url, {"personen": "2"}).content.decode()
    assert 'name="name"' in several and 'name="person-1-email"' in several


def test_registration_and_fee_are_separate_facts_on_the_event_page(centre, client) -> None:  # type: ignore[no-untyped-def]
    """Each fact is a term and a description in a styled list (the CSS sets them apart: browser test)."""
    import datetime

    from django.utils import timezone

    event = make_event(centre, fee="15.00", registration_deadline=timezone.now() + datetime.timedelta(days=3))
    page = client.get(reverse("events:detail", kwargs={"centre": centre.slug, "pk": event.pk})).content.decode()
    facts = re.search(r'<dl class="facts">(.*?)</dl>', page, re.S).group(1)  # type: ignore[union-attr]
    assert facts.count("<dt>") == facts.count("<dd>") >= 5
    css = (
        __import__("pathlib").Path(__file__).resolve().parents[2] / "core" / "static" / "core" / "app.css"
    ).read_text()
    assert re.search(r"\.facts\s*\{[^}]*display:\s*grid", css)

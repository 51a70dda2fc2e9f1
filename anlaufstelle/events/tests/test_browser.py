"""Events in a real browser: publish a DaZ-Tag with two sessions, register until full, join the
waiting list, cancel, see the promotion, check in, download the certificate; axe-core in German
and Arabic on the calendar, event and registration pages."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from anlaufstelle.core.demo.loader import load_demo
from anlaufstelle.core.tests.browser import axe_violations, sign_in
from anlaufstelle.events.models import Event, EventDate, Registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
INTERN = "/musterstadt/intern/veranstaltungen/"


@pytest.fixture
def demo(db):  # type: ignore[no-untyped-def]
    with scopes_disabled():
        load_demo()


def _link(pattern: str, to: str) -> str:
    message = next(m for m in reversed(mail.outbox) if to in m.to and re.search(pattern, m.body))
    url = re.search(rf"https?://\S+({pattern}\S+/)", message.body).group(0)  # type: ignore[union-attr]
    return url[url.index("/musterstadt/") :]


def _register(tab, base: str, event_id: int, name: str, email: str, session: str) -> None:  # type: ignore[no-untyped-def]
    tab.goto(f"{base}/musterstadt/veranstaltungen/{event_id}/anmelden/")
    # One person: the name is asked once, the session is required (not marked optional).
    assert tab.locator("#id_name").count() == 0
    expect(tab.locator("label[for=id_person-0-session] .kern-label__optional")).to_have_count(0)
    tab.fill("#id_person-0-first_name", name.split()[0])
    tab.fill("#id_person-0-last_name", name.split()[1])
    tab.fill("#id_email", email)
    tab.select_option("#id_person-0-session", label=session)
    tab.check("#id_consent")
    tab.locator("main form[method=post] button[type=submit]").click()
    expect(tab.locator("[role=status]").first).to_be_visible()
    tab.goto(base + _link("/bestaetigen/", email))
    tab.locator("main form button[type=submit]").click()
    expect(tab.locator("[role=status]").first).to_be_visible()


def test_daz_tag_from_publishing_to_the_certificate(live_server, journey, demo) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    organiser = sign_in(journey, live_server, "veranstaltung@musterstadt.example")
    page = journey.tab()
    organiser.goto(f"{base}{INTERN}neu/")
    day = timezone.localdate() + datetime.timedelta(days=21)
    organiser.fill("#id_title", "DaZ-Tag im Browser")
    organiser.select_option("#id_kind", "day")
    organiser.check("input[name=target_groups][value=teachers]")
    organiser.fill("#id_dates-0-starts_at", f"{day.isoformat()}T09:00")
    organiser.fill("#id_dates-0-ends_at", f"{day.isoformat()}T16:00")
    organiser.fill("#id_sessions-0-title", "Workshop A")
    organiser.fill("#id_sessions-0-capacity", "1")
    expect(organiser.locator("#id_sessions-1-title")).to_have_count(0)
    # A second session row without saving first (and without JavaScript): "Add a session".
    organiser.locator("button[name=add][value=sessions]").click()
    expect(organiser.locator("#id_sessions-0-title")).to_have_value("Workshop A")
    expect(organiser.locator("label[for=id_sessions-0-capacity]")).not_to_contain_text("Schul")
    organiser.fill("#id_sessions-1-title", "Workshop B")
    organiser.fill("#id_sessions-1-capacity", "5")
    organiser.locator("#id_sessions-1-capacity").press("Enter")  # Enter saves; it does not add a row
    organiser.wait_for_url(re.compile(r".*/veranstaltungen/\d+/$"))
    # Wait for the post and its redirect before reading the database (a race otherwise).
    with organiser.expect_navigation():
        organiser.locator("button[name=status][value=published]").click()
    with scopes_disabled():
        event = Event.objects.get(title="DaZ-Tag im Browser")
        assert event.status == Event.Status.PUBLISHED and event.sessions.count() == 2
    assert axe_violations(organiser) == []

    # The public calendar and event page, in German and Arabic.
    for prefix in ("", "/ar"):
        page.goto(f"{base}{prefix}/musterstadt/veranstaltungen/")
        expect(page.locator("main")).to_contain_text("DaZ-Tag im Browser")
        assert axe_violations(page) == []
        page.goto(f"{base}{prefix}/musterstadt/veranstaltungen/{event.pk}/")
        assert axe_violations(page) == []
        # Each fact's term and value stand apart: terms in one column, bold, each on its own row.
        terms = page.locator("dl.facts > dt")
        boxes = [terms.nth(i).bounding_box() for i in range(terms.count())]
        assert len({round(b["x"]) for b in boxes}) == 1 and len({round(b["y"]) for b in boxes}) == len(boxes)
        assert int(terms.first.evaluate("e => getComputedStyle(e).fontWeight")) >= 600
        page.goto(f"{base}{prefix}/musterstadt/veranstaltungen/{event.pk}/anmelden/")
        assert axe_violations(page) == []

    # Workshop A has one seat: the first takes it, the second joins the waiting list.
    _register(page, base, event.pk, "Anna Berg", "anna@kita.example", "Workshop A")
    expect(page.locator("main")).to_contain_text("Bestätigt")
    _register(page, base, event.pk, "Ben Kaya", "ben@schule.example", "Workshop A")
    expect(page.locator("main")).to_contain_text("Warteliste")
    assert axe_violations(page) == []

    # Anna cancels on her personal link; Ben moves up and is told.
    page.goto(base + _link("/anmeldung/", "anna@kita.example"))
    page.locator("button[name=cancel]").click()
    expect(page.locator("main")).to_contain_text("Storniert")
    with scopes_disabled():
        ben = Registration.objects.get(first_name="Ben", last_name="Kaya")
        assert ben.status == Registration.Status.CONFIRMED
    assert any("ben@schule.example" in m.to for m in mail.outbox if "frei" in m.subject or "free" in m.subject)
    page.goto(base + _link("/anmeldung/", "ben@schule.example"))
    expect(page.locator("main")).to_contain_text("Bestätigt")

    # Cara waits for Workshop A; the organiser moves her to Workshop B, which has free seats.
    _register(page, base, event.pk, "Cara Yilmaz", "cara@kita.example", "Workshop A")
    expect(page.locator("main")).to_contain_text("Warteliste")
    with scopes_disabled():
        cara = Registration.objects.get(last_name="Yilmaz")
    organiser.goto(f"{base}{INTERN}{event.pk}/anmeldungen/")
    organiser.select_option(f"#move-{cara.pk}", index=0)
    organiser.locator(f"form:has(#move-{cara.pk}) button[type=submit]").click()
    expect(organiser.locator("main")).to_contain_text("Workshop B")
    with scopes_disabled():
        cara.refresh_from_db()
        assert cara.status == Registration.Status.CONFIRMED and cara.session.title == "Workshop B"
    assert axe_violations(organiser) == []

    # Before the day there is nothing to tick.
    organiser.goto(f"{base}{INTERN}{event.pk}/einlass/")
    expect(organiser.locator(f"#tick-{ben.pk}")).to_have_count(0)
    # On the day: Ben is checked in on the tablet page.
    with scopes_disabled():
        soon = timezone.now() + datetime.timedelta(minutes=30)
        EventDate.objects.filter(event=event).update(starts_at=soon, ends_at=soon + datetime.timedelta(hours=7))
    organiser.goto(f"{base}{INTERN}{event.pk}/einlass/")
    organiser.fill("input[type=search]", "Kaya")
    # The search narrows the list after a short pause; wait for it, or its answer replaces the
    # roster (and the walk-in form inside it) while the next steps type into it.
    expect(organiser.locator("#roster")).not_to_contain_text("Yilmaz")
    organiser.locator(f"#tick-{ben.pk}").click()
    expect(organiser.locator(f"#tick-{ben.pk}")).to_contain_text("Rückgängig")
    assert axe_violations(organiser) == []
    # Someone comes without registering: added with a free seat of Workshop B and checked in.
    organiser.select_option("#walk_in_session", label="Workshop B")
    organiser.fill("#walk_in_first_name", "Cem")
    organiser.fill("#walk_in_last_name", "Spontan")
    organiser.locator("form[action$='/einlass/ohne-anmeldung/'] button[type=submit]").click()
    expect(organiser.locator("main")).to_contain_text("Spontan, Cem")
    with scopes_disabled():
        cem = Registration.objects.get(last_name="Spontan")
        assert cem.walk_in and cem.attendances.count() == 1

    # Afterwards: certificates go out; Ben downloads his from his own link.
    with scopes_disabled():
        past = timezone.now() - datetime.timedelta(days=1)
        EventDate.objects.filter(event=event).update(starts_at=past, ends_at=past + datetime.timedelta(hours=7))
    organiser.goto(f"{base}{INTERN}{event.pk}/anmeldungen/")
    organiser.locator(f"form[action$='/{event.pk}/bescheinigungen/'] button[type=submit]").click()
    expect(organiser.locator("main")).to_contain_text("1")
    page.goto(base + _link("/teilnahme/", "ben@schule.example"))
    assert axe_violations(page) == []
    certificate = page.request.get(f"{page.url.rstrip('/')}/bescheinigung.pdf")
    assert certificate.headers["content-type"] == "application/pdf" and certificate.body().startswith(b"%PDF")

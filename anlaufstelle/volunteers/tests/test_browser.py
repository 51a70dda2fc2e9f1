"""Volunteers in a real browser: sign-up in Arabic on a phone, onboarding, an institution's
request, acceptance on the phone, hours, approval and the yearly statement (axe-core on the way)."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from anlaufstelle.core.demo.loader import load_demo
from anlaufstelle.core.tests.browser import axe_violations, sign_in
from anlaufstelle.volunteers import rules, statements
from anlaufstelle.volunteers.models import Assignment, InterpretingRequest, Volunteer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(db):  # type: ignore[no-untyped-def]
    with scopes_disabled():
        load_demo()


def test_sign_up_in_arabic_on_a_phone(live_server, phone, demo) -> None:  # type: ignore[no-untyped-def]
    sign_up_in_arabic(live_server, phone)
    with scopes_disabled():
        volunteer = Volunteer.objects.get(email="rana.phone@example.org")
        assert (volunteer.signup_language, volunteer.languages.get().dialect) == ("ar", "شامي")


def sign_up_in_arabic(live_server, phone) -> None:  # type: ignore[no-untyped-def]
    phone.goto(f"{live_server.url}/ar/musterstadt/ehrenamt/mitmachen/")
    assert phone.locator("html").get_attribute("dir") == "rtl"
    assert axe_violations(phone) == []
    phone.fill("#id_first_name", "رنا")
    phone.fill("#id_last_name", "عزيز")
    phone.fill("#id_email", "rana.phone@example.org")
    phone.select_option("#id_lang-0-code", "ar")
    phone.fill("#id_lang-0-dialect", "شامي")
    phone.check("input[name=availability][value='1-morning']")
    phone.check("#id_adult")
    phone.check("#id_consent")
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_selector("[role=status]")
    assert axe_violations(phone) == []


def _next_tuesday_after(day: datetime.date) -> datetime.date:
    day += datetime.timedelta(days=1)
    while day.weekday() != 1 or not rules.is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def test_from_sign_up_to_the_yearly_statement(live_server, journey, demo) -> None:  # type: ignore[no-untyped-def]
    phone = journey.tab(phone=True)
    # 1. A person signs up in Arabic on a phone (Tuesday mornings).
    sign_up_in_arabic(live_server, phone)
    with scopes_disabled():
        rana = Volunteer.objects.get(email="rana.phone@example.org")
        lead = rules.settings_for(rana.centre).lead_working_days

    # 2. The coordinator walks her through onboarding, activates her and sends her personal link.
    coordinator = sign_in(journey, live_server, "ehrenamt@musterstadt.example")
    coordinator.goto(f"{live_server.url}/musterstadt/intern/ehrenamt/{rana.pk}/")
    today = timezone.localdate().isoformat()
    for field in ("conversation_on", "confidentiality_signed_on", "training_completed_on"):
        coordinator.fill(f"#id_{field}", today)
    coordinator.get_by_label("Sprachlotsen").check()
    coordinator.locator("form:has(#id_conversation_on) button[type=submit]").click()
    coordinator.locator("button[name=status][value=active]").click()
    expect(coordinator.locator("main dl")).to_contain_text("Aktiv")
    assert axe_violations(coordinator) == []
    coordinator.locator("button[name=personal_link]").click()
    personal = next(m for m in mail.outbox if m.to == [rana.email] and "/ehrenamt/mein/" in m.body)
    personal_url = re.search(r"https?://\S+/ehrenamt/mein/\S+/", personal.body).group(0)  # type: ignore[union-attr]
    personal_path = personal_url[personal_url.index("/musterstadt/") :]

    # 3. A school (partner account) asks for an Arabic interpreter, within the lead time.
    school = sign_in(journey, live_server, "partner@musterstadt.example")
    school.goto(f"{live_server.url}/musterstadt/intern/dolmetschen/")
    expect(school.locator("main")).to_contain_text("Arbeitstage")
    assert axe_violations(school) == []
    day = _next_tuesday_after(rules.earliest_day(timezone.localdate(), lead))
    school.select_option("#id_language", "ar")
    school.fill("#id_starts_at", f"{day.isoformat()}T09:00")
    school.fill("#id_duration_minutes", "60")
    school.fill("#id_place", "Grundschule Am Park, Raum 3")
    school.select_option("#id_kind", "school")
    school.fill("#id_contact_name", "Frau Berg")
    school.locator("main form button[type=submit]").click()
    expect(school.locator("main h1")).to_contain_text(day.strftime("%d.%m.%Y"))
    with scopes_disabled():
        request = InterpretingRequest.objects.get(contact_name="Frau Berg")
        assert request.organisation is not None

    # 4. The coordinator offers it to Rana only.
    coordinator.goto(f"{live_server.url}/musterstadt/intern/ehrenamt/anfragen/{request.pk}/")
    for box in coordinator.locator("input[name=volunteer]").all():
        box.uncheck()
    coordinator.locator(f"#offer-{rana.pk}").check()
    coordinator.locator("form:has(input[name=volunteer]) button[type=submit]").click()
    expect(coordinator.locator("main")).to_contain_text("رنا")

    # 5. Rana accepts on her phone, in Arabic.
    phone.goto(f"{live_server.url}/ar{personal_path}")
    assert axe_violations(phone) == []
    phone.locator("button[name=do][value=accept]").click()
    expect(phone.locator("[role=status]").first).to_be_visible()
    with scopes_disabled():
        assignment = Assignment.objects.get(request=request)
        assert (assignment.volunteer_id, assignment.status) == (rana.pk, "booked")
        # The appointment takes place: move it into the past (the test cannot wait a week).
        past = timezone.now() - datetime.timedelta(hours=2)
        InterpretingRequest.objects.filter(pk=request.pk).update(starts_at=past)
        Assignment.objects.filter(pk=assignment.pk).update(starts_at=past, ends_at=past + datetime.timedelta(hours=1))

    # 6. She reports her hours and travel.
    phone.goto(f"{live_server.url}/ar{personal_path}")
    phone.fill(f"#minutes-{assignment.pk}", "150")
    phone.fill(f"#travel-{assignment.pk}", "20")
    phone.fill(f"#km-{assignment.pk}", "8")
    phone.locator(f"form:has(#minutes-{assignment.pk}) button[type=submit]").click()
    expect(phone.locator("[role=status]").first).to_be_visible()

    # 7. The coordinator approves them; the allowance follows the centre's rule.
    coordinator.goto(f"{live_server.url}/musterstadt/intern/ehrenamt/{rana.pk}/")
    coordinator.locator(f"button[name=approve][value='{assignment.pk}']").click()
    expect(coordinator.locator("main")).to_contain_text("30,00")
    year = timezone.localtime(past).year
    pdf = coordinator.request.get(f"{live_server.url}/musterstadt/intern/ehrenamt/{rana.pk}/abrechnung/{year}.pdf")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")

    # 8. The approved hours appear in her yearly statement, which she can fetch herself.
    with scopes_disabled():
        statement = statements.yearly_statement(volunteer=rana, year=year)
    assert statement.total_allowance == Decimal("30.00")
    own = phone.request.get(f"{live_server.url}{personal_path}abrechnung/{year}.pdf")
    assert own.headers["content-type"] == "application/pdf"

"""The whole way of a newcomer family in a real browser: intake → exam → placement → Schulamt → school."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from anlaufstelle.core.demo.loader import load_demo
from anlaufstelle.core.models import Membership, User
from anlaufstelle.core.roles import Role
from anlaufstelle.core.tests.browser import axe_violations, sign_in
from anlaufstelle.newcomers.models import Child, Placement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BASE = "/musterstadt/intern/"


@pytest.fixture
def demo(db):  # type: ignore[no-untyped-def]
    with scopes_disabled():
        load_demo()


def _fill_child(tab: Any, index: int, first: str, birth: str, years: str) -> None:
    tab.fill(f"#id_child-{index}-first_name", first)
    tab.fill(f"#id_child-{index}-last_name", "Testfamilie")
    tab.fill(f"#id_child-{index}-birth_date", birth)
    tab.select_option(f"#id_child-{index}-schooling_kind", "regular")  # asked, not pre-selected
    tab.fill(f"#id_child-{index}-schooling_years", years)


def test_family_from_intake_to_first_school_day(live_server, journey, demo) -> None:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    worker = sign_in(journey, live_server, "beratung@musterstadt.example", watch=True)  # a phone in both runs

    # 1. Intake on a phone-sized window: guardian, family, two children (the second added on the page).
    worker.goto(f"{live_server.url}{BASE}familien/neu/")
    assert axe_violations(worker) == []
    worker.fill("#id_guardian-0-first_name", "Amal")
    worker.fill("#id_guardian-0-last_name", "Testfamilie")
    worker.fill("#id_guardian-0-phone", "0151 2345678")
    worker.fill("#id_street", "Lindenweg 3")
    worker.fill("#id_postcode", "47798")
    worker.fill("#id_city", "Musterstadt")
    worker.check("input[name=languages][value=ar]")
    worker.check("#id_needs_interpreter")
    worker.select_option("#id_interpreter_language", "ar")
    worker.select_option("#id_letter_language", "ar")
    worker.select_option("#id_privacy_notice_language", "ar")
    _fill_child(worker, 0, "Samira", today.replace(year=today.year - 8).isoformat(), "2")
    worker.click("button[formaction$='/weiteres-kind/']")
    expect(worker.locator("#id_child-1-first_name")).to_be_visible()
    assert worker.input_value("#id_child-0-first_name") == "Samira"  # nothing typed is lost
    _fill_child(worker, 1, "Karim", today.replace(year=today.year - 7).isoformat(), "1")
    worker.locator("form.intake-form button[type=submit]").last.click()
    worker.wait_for_load_state()
    assert worker.locator(".kern-error").all_inner_texts() == []
    worker.wait_for_url(re.compile(r".*/familien/\d+/$"))
    expect(worker.locator(".messages")).to_be_visible()
    with scopes_disabled():
        children = list(Child.objects.filter(last_name="Testfamilie").order_by("first_name"))
    assert [c.first_name for c in children] == ["Karim", "Samira"]
    family_url = worker.url

    # 2. Both were counselled today; Samira gets a health-exam appointment (an interpreter need arises).
    for child in children:
        select = worker.locator(f"#id_stage{child.pk}-stage")
        worker.locator("details", has=select).locator("summary").click()
        select.select_option("counselled")
        worker.locator(f"form[action$='/kinder/{child.pk}/schritt/'] button[type=submit]").click()
        expect(worker.locator(".messages")).to_be_visible()
    samira = children[1]
    worker.locator(f"form[action$='/kinder/{samira.pk}/termin/']").filter(
        has=worker.locator("input[value=health_exam]")
    ).locator("button").click()
    expect(worker.locator(".messages")).to_be_visible()
    expect(worker.locator(f"#h{samira.pk}-slot")).to_have_count(0)  # booked: the form gave way to the appointment
    with scopes_disabled():
        samira.refresh_from_db()
        assert samira.stage == Child.Stage.HEALTH_EXAM_BOOKED
        assert samira.appointments.get().interpreter_needs.get().language == "ar"

    # 3. Run the placement (background job) and send the proposals to the school authority.
    worker.goto(f"{live_server.url}{BASE}schulplatzvergabe/")
    worker.locator("main form.toolbar button[type=submit]").click()
    worker.wait_for_url("**/auftraege/**")
    worker.goto(f"{live_server.url}{BASE}schulplatzvergabe/")
    expect(worker.locator("main form table")).to_contain_text("Samira")  # the drafts (the frontier table is not a form)
    with scopes_disabled():
        draft = Placement.objects.get(child=samira, status=Placement.Status.DRAFT)
    expect(worker.locator(f"#release-{draft.pk}")).not_to_be_checked()  # nothing is sent unless ticked
    worker.check(f"#release-{draft.pk}")
    worker.locator("button[name=release]").click()
    # The confirmation lists exactly what goes to the school authority before it is sent.
    expect(worker.locator("main table")).to_contain_text("Samira")
    assert axe_violations(worker) == []
    worker.locator("button[name=confirm]").click()
    expect(worker.locator(".messages")).to_be_visible()
    with scopes_disabled():
        placement = Placement.objects.get(child=samira, status=Placement.Status.PROPOSED)

    # 4. The Schulamt approves.
    authority = sign_in(journey, live_server, "schulamt@musterstadt.example")
    authority.goto(f"{live_server.url}{BASE}schulamt/")
    section = authority.locator(f"#proposal-{placement.pk}").locator("xpath=..")
    section.locator("form[action$='/genehmigen/'] button").click()
    expect(authority.locator(".messages")).to_be_visible()
    with scopes_disabled():
        placement.refresh_from_db()
        assert placement.status == Placement.Status.APPROVED
        # The demo's school contact acts for the school the child was placed at.
        contact = User.objects.get(email="schule@musterstadt.example")
        Membership.objects.filter(user=contact, role=Role.SCHOOL_CONTACT).update(organisation=placement.quota.school)

    # 5. The school sees only its children (no address) and confirms today as the first school day.
    school = sign_in(journey, live_server, "schule@musterstadt.example")
    school.goto(f"{live_server.url}{BASE}schule/")
    expect(school.locator("main")).to_contain_text("Samira")
    assert "Lindenweg" not in school.locator("main").inner_text()
    school.fill(f"#day-{placement.pk}", today.isoformat())
    section = school.locator(f"#placement-{placement.pk}").locator("xpath=..")
    section.locator("form[action$='/bestaetigen/'] button").click()
    expect(school.locator(".messages")).to_be_visible()

    # 6. The caseworker sees the waiting time: Samira is at school, the figures count her.
    worker.goto(family_url)
    with scopes_disabled():
        samira.refresh_from_db()
    assert samira.stage == Child.Stage.ATTENDING and samira.first_school_day == today
    worker.goto(f"{live_server.url}{BASE}wartezeiten/")
    assert axe_violations(worker) == []
    expect(worker.locator("main")).to_contain_text("Median")

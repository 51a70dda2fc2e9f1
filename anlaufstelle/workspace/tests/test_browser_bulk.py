"""In a real browser: the Schulamt approves several proposals at once (asked first) and the school's start page
shows them; the search page and a destructive action's question pass axe-core, without JavaScript needed."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from anlaufstelle.core.demo.loader import load_demo
from anlaufstelle.core.models import Membership, User
from anlaufstelle.core.roles import Role
from anlaufstelle.core.tests.browser import axe_violations, sign_in
from anlaufstelle.newcomers.models import Child, Family, Placement, SeatQuota

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BASE = "/musterstadt/intern/"


@pytest.fixture
def demo(db):  # type: ignore[no-untyped-def]
    with scopes_disabled():
        load_demo()


def test_a_bulk_approval_asks_first_and_reaches_the_schools_start_page(live_server, browser, demo) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        quota = SeatQuota.objects.filter(centre__slug="musterstadt").select_related("school").first()
        SeatQuota.objects.filter(pk=quota.pk).update(seats=quota.seats + 50)
        children = list(Child.objects.filter(centre=quota.centre, stage=Child.Stage.COUNSELLED)[:2])
        Child.objects.filter(pk__in=[c.pk for c in children]).update(stage=Child.Stage.PLACEMENT_PROPOSED)
        placements = [
            Placement.objects.create(centre=quota.centre, child=c, quota=quota, status=Placement.Status.PROPOSED)
            for c in children
        ]
        contact = User.objects.get(email="schule@musterstadt.example")
        Membership.objects.filter(user=contact, role=Role.SCHOOL_CONTACT).update(organisation=quota.school)

    authority = sign_in(browser, live_server, "schulamt@musterstadt.example")
    authority.goto(f"{live_server.url}{BASE}schulamt/tabelle/?sort=school")
    assert axe_violations(authority) == []
    for placement in placements:
        authority.locator(f"#placement-{placement.pk}").check()
    authority.locator("button[name='verb'][value='approve']").click()
    # The question lists both children; nothing is approved yet.
    expect(authority.locator("main li[data-placement]")).to_have_count(2)
    assert axe_violations(authority) == []
    with scopes_disabled():
        assert Placement.objects.filter(pk__in=[p.pk for p in placements], status="approved").count() == 0
    authority.locator("main form[method='post'] button[type='submit']").click()
    expect(authority.locator("[data-done]")).to_have_attribute("data-done", "2")

    school = sign_in(browser, live_server, "schule@musterstadt.example")
    school.goto(f"{live_server.url}{BASE}")
    assert school.locator(f"[data-due='{BASE}schule/']").get_attribute("data-count") == "2"
    assert school.locator("[data-messages] [data-unread]").get_attribute("data-unread") == "2"


def test_the_search_and_erasing_a_family_ask_nothing_of_javascript(live_server, browser, demo) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        family = Family.objects.filter(centre__slug="musterstadt").prefetch_related("children").first()
        name = family.children.all()[0].last_name
    caseworker = sign_in(browser, live_server, "beratung@musterstadt.example")
    caseworker.goto(f"{live_server.url}{BASE}")
    caseworker.locator("#id_search_q").fill(name)
    caseworker.locator("#id_search_q").press("Enter")
    caseworker.wait_for_url("**/intern/suche/?q=*")
    expect(caseworker.locator(".search-results a").first).to_be_visible()
    assert axe_violations(caseworker) == []
    caseworker.goto(f"{live_server.url}/ar{BASE}suche/?q={name}")
    assert axe_violations(caseworker) == []

    caseworker.goto(f"{live_server.url}{BASE}familien/{family.pk}/")
    caseworker.locator("input[name='reason'][value='not_needed']").check()
    caseworker.locator("form[action$='/loeschen/'] button[type='submit']").click()
    expect(caseworker.locator("[data-confirm]")).to_be_visible()
    assert axe_violations(caseworker) == []
    with scopes_disabled():
        assert Family.objects.filter(pk=family.pk).exists()
    caseworker.locator("[data-confirm-form] button[type='submit']").click()
    caseworker.wait_for_url(f"**{BASE}familien/")
    with scopes_disabled():
        assert not Family.objects.filter(pk=family.pk).exists()

"""In a real browser: the Schulamt's approval reaches the school's start page; start page and messages pass axe-core."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from anlaufstelle.core.demo.loader import load_demo
from anlaufstelle.core.models import Membership, User
from anlaufstelle.core.roles import Role
from anlaufstelle.core.tests.browser import axe_violations, sign_in
from anlaufstelle.newcomers.models import Child, Placement, SeatQuota

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BASE = "/musterstadt/intern/"


@pytest.fixture
def demo(db):  # type: ignore[no-untyped-def]
    with scopes_disabled():
        load_demo()


def test_an_approval_reaches_the_schools_start_page(live_server, browser, demo) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        # A proposal for the Schulamt (as a released placement run leaves it), with a seat free.
        quota = SeatQuota.objects.filter(centre__slug="musterstadt").select_related("school").first()
        SeatQuota.objects.filter(pk=quota.pk).update(seats=quota.seats + 50)
        child = Child.objects.filter(centre=quota.centre, stage=Child.Stage.COUNSELLED).first()
        Child.objects.filter(pk=child.pk).update(stage=Child.Stage.PLACEMENT_PROPOSED)
        placement = Placement.objects.create(
            centre=quota.centre, child=child, quota=quota, status=Placement.Status.PROPOSED
        )
        contact = User.objects.get(email="schule@musterstadt.example")
        Membership.objects.filter(user=contact, role=Role.SCHOOL_CONTACT).update(organisation=placement.quota.school)
        child = str(placement.child)

    # The Schulamt's start page counts the proposals waiting and leads to them.
    authority = sign_in(browser, live_server, "schulamt@musterstadt.example")
    authority.goto(f"{live_server.url}{BASE}")
    card = authority.locator(f"[data-due='{BASE}schulamt/']")
    expect(card).to_be_visible()
    assert int(card.get_attribute("data-count") or 0) >= 1
    assert axe_violations(authority) == []
    authority.goto(f"{live_server.url}{BASE}schulamt/")
    section = authority.locator(f"#proposal-{placement.pk}").locator("xpath=..")
    section.locator("form[action$='/genehmigen/'] button").click()
    expect(authority.locator(".messages")).to_be_visible()

    # The school's start page shows the message (naming the child) and the child to confirm.
    school = sign_in(browser, live_server, "schule@musterstadt.example")
    school.goto(f"{live_server.url}{BASE}")
    messages = school.locator("[data-messages]")
    expect(messages).to_contain_text(child)
    assert school.locator("[data-messages] [data-unread]").get_attribute("data-unread") == "1"
    due = school.locator(f"[data-due='{BASE}schule/']")
    assert due.get_attribute("data-count") == "1"
    assert axe_violations(school) == []
    # The message leads to the school's page, where the child is.
    messages.locator("a", has_text=child).click()
    school.wait_for_url(f"**{BASE}schule/")
    expect(school.locator("main")).to_contain_text(child.split()[0])

    # The message list, in German and in Arabic; marking read.
    school.goto(f"{live_server.url}{BASE}nachrichten/")
    assert axe_violations(school) == []
    school.locator("form[action$='/nachrichten/gelesen/'] button").click()
    expect(school.locator("[data-read='1']")).to_have_count(1)
    for path in ("", "nachrichten/"):
        school.goto(f"{live_server.url}/ar{BASE}{path}")
        expect(school.locator("html")).to_have_attribute("dir", "rtl")
        assert axe_violations(school) == [], path


def test_the_admins_pages_pass_axe(live_server, browser, demo) -> None:  # type: ignore[no-untyped-def]
    admin = sign_in(browser, live_server, "admin@musterstadt.example")
    for prefix in ("", "/ar"):
        admin.goto(f"{live_server.url}{prefix}{BASE}")
        assert axe_violations(admin) == [], prefix
        admin.goto(f"{live_server.url}{prefix}{BASE}e-mail-texte/")
        assert axe_violations(admin) == [], prefix
        admin.goto(f"{live_server.url}{prefix}{BASE}e-mail-texte/newcomers.placement_approved/ar/")
        admin.locator("main form button[type=submit]").first.click()  # preview
        expect(admin.locator("[data-preview]")).to_be_visible()
        assert axe_violations(admin) == [], prefix

"""The networks journey in a real browser (Debian's Chromium): a caseworker creates a working group, adds a
member, holds a meeting with an action item due yesterday, and sees it overdue on the start page and in
their list. Fields are found by name and buttons by their form's action (new strings stay English until
the lead compiles the translations)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from anlaufstelle.core.tests.browser import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "netzwerke@musterstadt.example"


def test_a_working_group_meets_and_an_action_item_shows_overdue(live_server, browser, centre) -> None:  # type: ignore[no-untyped-def]
    from anlaufstelle.core.demo.loader import DEMO_PASSWORD
    from anlaufstelle.core.models import Membership, User
    from anlaufstelle.networks.models import ActionItem
    from anlaufstelle.networks.tests.factories import consenting_contact
    from anlaufstelle.partners.tests.factories import OrganisationFactory

    user = User.objects.create_user(EMAIL, DEMO_PASSWORD, full_name="Nora Netzwerk")
    Membership.objects.create(user=user, centre=centre, role="caseworker", full_name=user.full_name)
    with scopes_disabled():
        school = OrganisationFactory(centre=centre, name="Gesamtschule Süd")
        consenting_contact(school, first_name="Selin", email="selin@gesamtschule.example")
    tab: Any = sign_in(browser, live_server, EMAIL, bypass_csp=True)  # axe-core is injected
    base = f"{live_server.url}/musterstadt/intern/netzwerke/"

    tab.goto(base + "neu/")
    tab.locator("[name=name]").fill("AK Seiteneinstieg")
    tab.locator("[name=topic]").fill("Schule")
    tab.locator("[name=level]").select_option("regional")
    tab.locator("main form button[type=submit]").click()
    tab.wait_for_url("**/netzwerke/*/")
    network_url = tab.url

    tab.locator("a[href$='/mitglieder/neu/']").click()
    tab.locator("[name=organisation]").select_option(label="Gesamtschule Süd")
    tab.locator("[name=contact]").select_option(index=1)
    tab.locator("main form button[type=submit]").click()
    tab.wait_for_url(network_url)
    assert tab.get_by_text("Gesamtschule Süd").count() >= 1

    tab.locator("a[href$='/sitzungen/neu/']").click()
    tab.locator("[name=starts_at]").fill("2026-11-03T10:00")
    tab.locator("[name=place]").fill("Rathaus, Raum 2")
    tab.locator("[name=agenda]").fill("Begrüßung\nSeiteneinsteiger an Gesamtschulen")
    tab.locator("main form button[type=submit]").click()
    tab.wait_for_url("**/sitzungen/*/")
    assert tab.get_by_text("Seiteneinsteiger an Gesamtschulen").is_visible()

    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    form = tab.locator("form[action$='/aufgaben/']")
    form.locator("[name=task]").fill("Schulen anschreiben")
    form.locator("[name=owner]").select_option(label="Nora Netzwerk")
    form.locator("[name=due_on]").fill(yesterday)
    form.locator("button[type=submit]").click()
    tab.wait_for_load_state()
    with scopes_disabled():
        assert ActionItem.objects.filter(task="Schulen anschreiben", owner=user).count() == 1

    tab.goto(f"{live_server.url}/musterstadt/intern/")
    overdue = tab.locator("[data-due='/musterstadt/intern/netzwerke/aufgaben/']").first
    assert overdue.get_attribute("data-count") == "1"
    overdue.locator("a").click()
    tab.wait_for_url("**/netzwerke/aufgaben/")
    assert tab.get_by_text("Schulen anschreiben").is_visible()
    assert tab.locator(".kern-badge--danger").count() == 1

    # Every page of the journey, and the log and the picture, without axe-core violations.
    failures = []
    for path in ("", network_url.split("/netzwerke/")[1], "beratungen/", "zusammenarbeit/", "aufgaben/"):
        tab.goto(base + path)
        failures += [f"{path}: {line}" for line in axe_violations(tab)]
    with scopes_disabled():
        meeting_id = ActionItem.objects.get(task="Schulen anschreiben").meeting_id
    tab.goto(base + f"sitzungen/{meeting_id}/")
    failures += [f"meeting: {line}" for line in axe_violations(tab)]
    assert not failures, "\n".join(failures)

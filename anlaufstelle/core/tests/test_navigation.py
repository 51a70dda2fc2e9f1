"""The staff menu: grouped by module, only what the roles allow; folded into one button on a phone."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils.translation import gettext
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from anlaufstelle.core.demo.loader import load_demo
from anlaufstelle.core.navigation import staff_menu
from anlaufstelle.core.roles import permissions_of
from anlaufstelle.core.tests.browser import sign_in


def _labels(roles: set[str]) -> dict[str, list[str]]:
    return {
        group.label: [link.label for link in group.links]
        for group in staff_menu(permissions=permissions_of(frozenset(roles)), centre_slug="musterstadt")
    }


def test_groups_follow_the_roles() -> None:
    assert _labels({"school_authority"}) == {
        "Übersicht": ["Übersicht", gettext("Messages"), gettext("Calendar")],
        "Neuzugewanderte und Schulplätze": [
            "Zuweisungsvorschläge",
            gettext("Way of placing"),
            "Schulplätze",
            "Wartezeiten",
        ],
    }
    admin = _labels({"centre_admin"})
    assert admin["Verwaltung"] == [
        "Personen und Rollen",
        gettext("Sign-in through the town's directory"),
        "Protokoll",
        gettext("E-mail texts"),
    ]
    assert admin["Öffentlichkeit"] == ["Aktuelles", "Öffentliche Seite", "Fördermittelgeber", "Team"]
    caseworker = _labels({"caseworker"})
    assert "Verwaltung" not in caseworker and "Öffentlichkeit" not in caseworker
    # The placement page covers the rules for whoever may run placements: no second link to them.
    assert "Aufnahmeregeln" in admin["Neuzugewanderte und Schulplätze"]
    assert "Aufnahmeregeln" not in caseworker["Neuzugewanderte und Schulplätze"]
    # Networks: every staff role reads them; partners and schools do not see them.
    assert caseworker[gettext("Networks")] == [
        gettext("Networks and working groups"),
        gettext("My action items"),
        gettext("Consultation log"),
        gettext("Who works with whom"),
    ]
    assert gettext("Networks") not in _labels({"partner", "school_contact", "volunteer"})
    # Reports: the admin keeps the concept, a caseworker reads it, the state analyst has the state view only.
    reports = gettext("Integration concept and reports")
    assert admin[reports] == [
        reports,
        gettext("Import external indicators"),
        gettext("Sharing with the state"),
    ]
    assert caseworker[reports] == [reports]
    assert _labels({"state_analyst"})[reports] == [gettext("State view")]
    assert caseworker[gettext("Library")] == [gettext("Lending desk"), gettext("Library catalogue")]
    assert gettext("Library") not in _labels({"volunteer"})


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_menu_folds_on_a_phone_and_opens_on_a_desk(live_server, browser) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        load_demo()
    phone: Any = sign_in(browser, live_server, "beratung@musterstadt.example", viewport={"width": 390, "height": 844})
    families = phone.locator(".internal-menu a", has_text="Neuzugewanderte Familien")
    expect(families).to_be_hidden()
    phone.locator(".internal-menu__toggle").click()
    expect(families).to_be_visible()
    desk: Any = sign_in(browser, live_server, "admin@musterstadt.example", viewport={"width": 1280, "height": 800})
    expect(desk.locator(".internal-menu__toggle")).to_be_hidden()
    expect(desk.locator(".internal-menu a", has_text="Personen und Rollen")).to_be_visible()


@pytest.mark.django_db
def test_people_in_several_centres_can_switch_from_the_menu(client, centre, other_centre, member_factory) -> None:  # type: ignore[no-untyped-def]
    from django.urls import reverse

    from anlaufstelle.core.models import Membership
    from anlaufstelle.core.tests.budget import query_budget
    from conftest import verify

    switch = reverse("core:home")
    one_centre = member_factory(centre, "caseworker")
    verify(client, one_centre)
    dashboard = reverse("core:dashboard", kwargs={"centre": centre.slug})
    with query_budget() as alone:
        page = client.get(dashboard).content.decode()
    assert f'href="{switch}"' not in page
    two_centres = member_factory(centre, "caseworker")
    Membership.objects.create(user=two_centres, centre=other_centre, role="editor")
    client.logout()
    verify(client, two_centres)
    with query_budget(alone.count):  # the switch costs no query of its own
        page = client.get(dashboard).content.decode()
    assert f'href="{switch}"' in page and centre.name in page
    home = client.get(switch).content.decode()
    assert other_centre.name in home and centre.name in home

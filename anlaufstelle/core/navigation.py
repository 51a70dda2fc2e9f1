"""The staff menu: links grouped by module, each shown only to people whose roles allow it.

URL names are strings, so `core` imports no domain app for them. A group with one visible link
shows as that link; a group with none is left out. The template (`core/internal/base.html`)
draws the groups; on a phone the menu folds into one "Menu" button (app.js; without JavaScript
it stays open).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Item:
    label: str | Promise
    url_name: str
    needs: str  # the permission that shows the link
    unless: str = ""  # … unless the person holds this one (a fuller link elsewhere covers it)


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Group:
    label: str
    links: list[Link]


GROUPS: list[tuple[str | Promise, list[Item]]] = [
    (
        _("Overview"),
        [
            Item(_("Overview"), "core:dashboard", ""),
            Item(_("Messages"), "workspace:notifications", ""),
            Item(_("Calendar"), "workspace:calendar", ""),
        ],
    ),
    (
        _("Newcomers and school places"),
        [
            Item(_("Newcomer families"), "newcomers:worklist", "newcomers.view_families"),
            Item(_("Placement proposals"), "newcomers:authority", "newcomers.decide_placements"),
            Item(_("Way of placing"), "newcomers:placement_policy", "newcomers.choose_policy"),
            Item(_("Children for our school"), "newcomers:school", "newcomers.school_placements"),
            Item(_("School seats"), "newcomers:seats", "newcomers.manage_seats"),
            Item(_("Eligibility rules"), "newcomers:rules", "newcomers.manage_rules", unless="newcomers.run_placement"),
            Item(_("Waiting times"), "newcomers:figures", "newcomers.view_figures"),
        ],
    ),
    (
        _("Volunteers"),
        [
            Item(_("Volunteers"), "volunteers:list", "volunteers.view"),
            Item(_("Interpreting requests"), "volunteers:requests", "volunteers.manage_requests"),
            Item(_("Pools"), "volunteers:pools", "volunteers.change"),
            Item(_("Ask for an interpreter"), "volunteers:institution_requests", "volunteers.request_interpreter"),
            Item(_("Interpreting figures"), "volunteers:figures", "volunteers.view_figures"),
            Item(_("Interpreting rules"), "volunteers:settings", "volunteers.manage_settings"),
        ],
    ),
    (
        _("Events"),
        [
            Item(_("Events"), "events:staff_list", "events.manage"),
            Item(_("Event figures"), "events:figures", "events.view_figures"),
        ],
    ),
    (
        _("Integration council"),
        [
            Item(_("Integration council"), "council:body", "council.view"),
            Item(_("My follow-ups"), "council:my_follow_ups", "council.follow_up"),
        ],
    ),
    (
        _("Grants"),
        [
            Item(_("Calls and applications"), "grants:overview", "grants.view"),
            Item(_("Payments"), "grants:payments", "grants.pay"),
            Item(_("Grant figures"), "grants:figures", "grants.view"),
            Item(_("Apply for a grant"), "grants:partner_calls", "grants.apply"),
        ],
    ),
    (
        _("Programmes"),
        [
            Item(_("Programmes"), "programmes:overview", "programmes.manage"),
            Item(_("Record sessions"), "programmes:my_groups", "programmes.record_sessions"),
            Item(_("Programme figures"), "programmes:figures_index", "programmes.view_figures"),
        ],
    ),
    (
        _("Networks"),
        [
            Item(_("Networks and working groups"), "networks:overview", "networks.view"),
            Item(_("My action items"), "networks:my_actions", "networks.view"),
            Item(_("Consultation log"), "networks:consultations", "networks.view"),
            Item(_("Who works with whom"), "networks:cooperation", "networks.view"),
        ],
    ),
    (
        _("Integration concept and reports"),
        [
            Item(_("Integration concept and reports"), "reports:concepts", "reports.view"),
            Item(_("Import external indicators"), "reports:external_import", "reports.manage"),
            Item(_("Sharing with the state"), "reports:sharing", "reports.manage"),
            Item(_("State view"), "reports:state", "reports.view_state"),
        ],
    ),
    (
        _("Library"),
        [
            Item(_("Lending desk"), "library:desk", "library.manage"),
            Item(_("Library catalogue"), "library:overview", "library.manage"),
        ],
    ),
    (
        _("Partners and offers"),
        [
            Item(_("Partner register"), "partners:list", "partners.view"),
            Item(_("Our offers"), "directory:partner_offers", "directory.propose"),
            Item(_("Offers"), "directory:staff_list", "directory.view"),
        ],
    ),
    (
        _("Public presence"),
        [
            Item(_("News"), "news:staff_list", "news.edit"),
            Item(_("Public page"), "core:page_languages", "core.edit_public_page"),
            Item(_("Funders"), "core:funder_list", "core.edit_public_page"),
            Item(_("Team"), "core:team_list", "core.manage_team"),
        ],
    ),
    (
        _("Administration"),
        [
            Item(_("People and roles"), "core:member_list", "core.manage_members"),
            Item(_("Sign-in through the town's directory"), "sso:provider_edit", "core.manage_members"),
            Item(_("Audit trail"), "core:audit", "core.view_audit_trail"),
            Item(_("E-mail texts"), "workspace:mail_texts", "workspace.edit_mail_texts"),
        ],
    ),
]


def staff_menu(*, permissions: Iterable[str], centre_slug: str) -> list[Group]:
    """The groups of links this person may follow in this centre, in menu order."""
    held = set(permissions)
    groups = []
    for label, items in GROUPS:
        links = [
            Link(label=str(item.label), url=reverse(item.url_name, kwargs={"centre": centre_slug}))
            for item in items
            if (not item.needs or item.needs in held) and not (item.unless and item.unless in held)
        ]
        if links:
            groups.append(Group(label=str(label), links=links))
    return groups

"""Test data of the networks module: `make_networks` (one of each object, for the URL matrix and the view
tests), and `catalogue()` (this module's URLs for core/tests/url_catalogue.py)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django_scopes import scopes_disabled

from anlaufstelle.core.models import Centre, Membership
from anlaufstelle.core.roles import Role
from anlaufstelle.core.tests.factories import UserFactory
from anlaufstelle.networks.models import ActionItem, AgendaItem, Consultation, Meeting, Member, Network
from anlaufstelle.partners.tests.factories import ContactPersonFactory, OrganisationFactory


@dataclass
class Networks:
    network: Network
    member: Member
    meeting: Meeting
    action_item: ActionItem
    consultation: Consultation
    owner: Any


def staff(centre: Centre, role: str = Role.CASEWORKER) -> Any:
    user = UserFactory()
    Membership.objects.create(user=user, centre=centre, role=role, full_name=user.full_name)
    return user


def consenting_contact(organisation: Any, **fields: Any) -> Any:
    values = {"consent_to_contact": True, "consent_given_on": datetime.date(2026, 1, 1), **fields}
    return ContactPersonFactory(organisation=organisation, centre=organisation.centre, **values)


def make_network(centre: Centre, **fields: Any) -> Network:
    values = {"name": "AK Sprachbildung", "topic": "Sprachbildung", "level": Network.Level.LOCAL, **fields}
    return Network.objects.create(centre=centre, **values)


def make_networks(centre: Centre, organisation: Any = None, owner: Any = None) -> Networks:
    """A working group with one member (and its consenting contact), a past meeting with an agenda and an
    overdue action item, and a consultation of the same organisation."""
    with scopes_disabled():
        organisation = organisation or OrganisationFactory(centre=centre)
        contact = consenting_contact(organisation, email=f"mitglied-{organisation.pk}@{centre.slug}.example")
        owner = owner or staff(centre)
        network = make_network(centre)
        member = Member.objects.create(centre=centre, network=network, organisation=organisation, contact=contact)
        meeting = Meeting.objects.create(
            centre=centre,
            network=network,
            starts_at=timezone.now() - datetime.timedelta(days=14),
            place="Rathaus, Raum 2",
            minutes="Wir sprechen über die Sprachförderung.",
        )
        AgendaItem.objects.create(centre=centre, meeting=meeting, position=1, title="Begrüßung")
        item = ActionItem.objects.create(
            centre=centre,
            meeting=meeting,
            task="Liste der Sprachkurse schicken",
            owner=owner,
            due_on=timezone.localdate() - datetime.timedelta(days=3),
        )
        consultation = Consultation.objects.create(
            centre=centre,
            organisation=organisation,
            contact=contact,
            held_on=timezone.localdate() - datetime.timedelta(days=5),
            channel=Consultation.Channel.VISIT,
            topics="|Elternarbeit|Sprache|",
            staff=owner,
            outcome="Beratung zu Förderprogrammen.",
            next_step="Antrag bis Monatsende",
        )
        return Networks(network, member, meeting, item, consultation, owner)


def catalogue() -> dict[str, Any]:
    """This module's URLs for the site's URL matrix: name -> (kwargs builder, permission, status on GET)."""

    def c(o: Any) -> dict[str, Any]:
        return {"centre": o.centre.slug}

    def pk(attribute: str) -> Any:
        return lambda o: {**c(o), "pk": getattr(o.networks, attribute).pk}

    view, manage = "networks.view", "networks.manage"
    return {
        "networks:overview": (c, view, 200),
        "networks:network_create": (c, manage, 200),
        "networks:network": (pk("network"), view, 200),
        "networks:network_edit": (pk("network"), manage, 200),
        "networks:member_add": (pk("network"), manage, 200),
        "networks:member_edit": (pk("member"), manage, 200),
        "networks:member_remove": (pk("member"), manage, 405),
        "networks:meeting_create": (pk("network"), manage, 200),
        "networks:meeting": (pk("meeting"), view, 200),
        "networks:meeting_edit": (pk("meeting"), manage, 200),
        "networks:action_item_add": (pk("meeting"), manage, 405),
        "networks:meeting_invite": (pk("meeting"), manage, 405),
        "networks:meeting_send_minutes": (pk("meeting"), manage, 405),
        "networks:minutes_pdf": (pk("meeting"), view, 200),
        "networks:my_actions": (c, view, 200),
        "networks:action_item_done": (pk("action_item"), view, 405),
        "networks:consultations": (c, view, 200),
        "networks:consultation_create": (c, manage, 200),
        "networks:consultation": (pk("consultation"), view, 200),
        "networks:consultation_edit": (pk("consultation"), manage, 200),
        "networks:consultation_delete": (pk("consultation"), manage, 405),
        "networks:cooperation": (c, view, 200),
    }

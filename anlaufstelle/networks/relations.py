"""The networks module's sections on an organisation's page in the partner register, and its part of a
contact person's Art. 15 export: registered with `partners.relations` from `NetworksConfig.ready`."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anlaufstelle.core.models import Centre
from anlaufstelle.networks import selectors
from anlaufstelle.partners.relations import Link, Relation, register_personal_data, register_relation


def networks_of(*, organisation: Any, centre: Centre, permissions: frozenset[str]) -> Relation | None:
    """The networks the organisation is (or was) a member of, with its role: one query."""
    if "networks.view" not in permissions:
        return None
    links = []
    for member in selectors.organisation_networks(centre=centre, organisation_id=organisation.pk):
        note = member.get_role_display()
        if member.left_on:
            note += " · " + _("until %(date)s") % {"date": date_format(member.left_on, "SHORT_DATE_FORMAT")}
        url = reverse("networks:network", kwargs={"centre": centre.slug, "pk": member.network_id})
        links.append(Link(member.network.name, url, note))
    return Relation(gettext_lazy("Networks and working groups"), links, gettext_lazy("In no network yet."))


def consultations_of(*, organisation: Any, centre: Centre, permissions: frozenset[str]) -> Relation | None:
    """The organisation's last five consultations: one query."""
    if "networks.view" not in permissions:
        return None
    c = {"centre": centre.slug}
    links = [
        Link(
            date_format(item.held_on, "SHORT_DATE_FORMAT")
            + " – "
            + (", ".join(item.topic_list) or item.get_channel_display()),
            reverse("networks:consultation", kwargs={**c, "pk": item.pk}),
            item.next_step,
        )
        for item in selectors.organisation_consultations(centre=centre, organisation_id=organisation.pk)
    ]
    actions = []
    if "networks.manage" in permissions:
        new = reverse("networks:consultation_create", kwargs=c) + f"?organisation={organisation.pk}"
        actions.append(Link(_("Log a consultation"), new))
    more = Link(
        _("All consultations"), reverse("networks:consultations", kwargs=c) + f"?organisation={organisation.pk}"
    )
    return Relation(gettext_lazy("Last consultations"), links, gettext_lazy("No consultation yet."), more, actions)


def register() -> None:
    register_relation("networks.networks", networks_of)
    register_relation("networks.consultations", consultations_of)
    register_personal_data("networks", lambda *, contact: selectors.contact_records(contact=contact))

"""The events held at an organisation (as the venue), on its page in the partner register (`partners.relations`).

Registrations name their institution as free text, not as an organisation of the register, so they
cannot be listed here."""

from __future__ import annotations

from typing import Any

from django.db.models import Min
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy

from anlaufstelle.core.models import Centre
from anlaufstelle.events.models import Event
from anlaufstelle.partners.relations import Link, Relation, register_relation

LAST = 10


def events_at(*, organisation: Any, centre: Centre, permissions: frozenset[str]) -> Relation | None:
    """The last events at the organisation with their first date: one query."""
    if "events.manage" not in permissions:
        return None
    events = (
        Event.objects.filter(centre=centre, organisation=organisation)
        .annotate(first=Min("dates__starts_at"))
        .order_by("-first", "-id")[:LAST]
    )
    links = [
        Link(
            event.title,
            reverse("events:edit", kwargs={"centre": centre.slug, "pk": event.pk}),
            date_format(event.first, "SHORT_DATE_FORMAT") if event.first else "",
        )
        for event in events
    ]
    return Relation(gettext_lazy("Events at this organisation"), links, gettext_lazy("No event here yet."))


def register() -> None:
    register_relation("events.venue", events_at)

"""Booked appointments (counselling, school-entry health exam) for the staff calendar: caseworkers only."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q
from django.urls import reverse

from anlaufstelle.core.models import Centre
from anlaufstelle.newcomers.models import AppointmentSlot
from anlaufstelle.workspace.agenda import Entry, register_agenda


@register_agenda("newcomers.appointments")
def entries(
    *, user: Any, centre: Centre, permissions: frozenset[str], start: datetime.datetime, end: datetime.datetime
) -> list[Entry]:
    if "newcomers.view_families" not in permissions:
        return []
    slots = (
        AppointmentSlot.objects.filter(centre=centre, starts_at__gte=start, starts_at__lt=end)
        .filter(Q(child__isnull=False) | Q(family__isnull=False))
        .select_related("child")
        .prefetch_related("family__guardians", "family__children")
    )
    labels = {value: str(label) for value, label in AppointmentSlot.Kind.choices}  # once, not per row
    found = []
    for slot in slots:
        kind = labels.get(slot.kind, slot.kind)
        family_id = slot.child.family_id if slot.child else slot.family_id
        who = str(slot.child) if slot.child else slot.family.display_name()  # type: ignore[union-attr]
        found.append(
            Entry(
                uid=f"appointment-{slot.pk}",
                starts_at=slot.starts_at,
                ends_at=slot.ends_at,
                kind=kind,
                title=f"{kind}: {who}",
                feed_title=str(kind),
                url=reverse("newcomers:family", kwargs={"centre": centre.slug, "pk": family_id}),
                place=slot.place,
                mine=slot.booked_by_id == user.pk,
            )
        )
    return found

"""Event dates for the staff calendar: organisers and centre admins see every planned or published event."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from anlaufstelle.core.models import Centre
from anlaufstelle.events.models import Event, EventDate
from anlaufstelle.workspace.agenda import Entry, register_agenda


@register_agenda("events.dates")
def entries(
    *, user: Any, centre: Centre, permissions: frozenset[str], start: datetime.datetime, end: datetime.datetime
) -> list[Entry]:
    if "events.manage" not in permissions:
        return []
    dates = (
        EventDate.objects.filter(centre=centre, starts_at__gte=start, starts_at__lt=end)
        .exclude(event__status=Event.Status.CANCELLED)
        .select_related("event")
    )
    kind = _("Event")
    return [
        Entry(
            uid=f"eventdate-{date.pk}",
            starts_at=date.starts_at,
            ends_at=date.ends_at,
            kind=kind,
            title=date.event.title,
            feed_title=date.event.title,
            url=reverse("events:edit", kwargs={"centre": centre.slug, "pk": date.event_id}),
        )
        for date in dates
    ]

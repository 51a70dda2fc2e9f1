"""Council meetings for the staff calendar: the council office (who may see the council's work)."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from anlaufstelle.core.models import Centre
from anlaufstelle.council.models import Meeting
from anlaufstelle.workspace.agenda import Entry, register_agenda


@register_agenda("council.meetings")
def entries(
    *, user: Any, centre: Centre, permissions: frozenset[str], start: datetime.datetime, end: datetime.datetime
) -> list[Entry]:
    if "council.view" not in permissions:
        return []
    meetings = Meeting.objects.filter(
        centre=centre, deleted=False, cancelled=False, start__gte=start, start__lt=end
    ).select_related("location")
    kind = _("Council meeting")
    return [
        Entry(
            uid=f"meeting-{meeting.pk}",
            starts_at=meeting.start,
            ends_at=meeting.end,
            kind=kind,
            title=meeting.name,
            feed_title=meeting.name,
            url=reverse("council:meeting", kwargs={"centre": centre.slug, "pk": meeting.pk}),
            place=str(meeting.location) if meeting.location else "",
        )
        for meeting in meetings
    ]

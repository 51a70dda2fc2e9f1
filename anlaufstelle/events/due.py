"""What is due in events, for the start page (workspace): the next events and the waiting lists, one query each."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.models import Centre
from anlaufstelle.events.models import EventDate, Registration
from anlaufstelle.workspace.due import Due, register_due

GROUP = _("Events")
NEXT_DAYS = 14


@register_due("events.organiser")
def due(*, user: Any, centre: Centre, permissions: frozenset[str]) -> list[Due]:
    if "events.manage" not in permissions:
        return []
    now = timezone.now()
    upcoming = (
        EventDate.objects.filter(
            centre=centre, starts_at__gte=now, starts_at__lt=now + datetime.timedelta(days=NEXT_DAYS)
        )
        .values("event_id")
        .distinct()
        .count()
    )
    waiting = Registration.objects.filter(centre=centre, status=Registration.Status.WAITING).count()
    url = reverse("events:staff_list", kwargs={"centre": centre.slug})
    return [
        Due(GROUP, _("events in the next two weeks"), upcoming, url, _("No event in the next two weeks.")),
        Due(GROUP, _("registrations on waiting lists"), waiting, url, _("No one is waiting for a seat.")),
    ]

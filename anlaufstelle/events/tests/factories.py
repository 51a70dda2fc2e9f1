"""Test data for events: an event with dates and sessions, and registrations."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from anlaufstelle.events.models import Event, EventDate, Session


def make_event(
    centre: Any,
    *,
    title: str = "Kulturbunte Kita",
    kind: str = Event.Kind.SINGLE,
    seats: list[int] | None = None,
    days_ahead: int = 14,
    dates: int = 1,
    status: str = Event.Status.PUBLISHED,
    **extra: Any,
) -> Event:
    event = Event.objects.create(centre=centre, title=title, kind=kind, status=status, hours=3, **extra)
    day = timezone.localdate() + datetime.timedelta(days=days_ahead)
    for n in range(dates):
        start = timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=7 * n), datetime.time(9)))
        EventDate.objects.create(
            centre=centre, event=event, starts_at=start, ends_at=start + datetime.timedelta(hours=3)
        )
    for index, capacity in enumerate(seats or [30]):
        Session.objects.create(
            centre=centre,
            event=event,
            title=f"Workshop {chr(65 + index)}" if kind == Event.Kind.DAY else "",
            capacity=capacity,
            position=index,
        )
    return event


def person(session: Session, n: int = 0, **extra: Any) -> dict[str, Any]:
    return {"first_name": f"Person{n}", "last_name": "Test", "email": f"p{n}@example.org", "session": session, **extra}


def contact(n: int = 0) -> dict[str, str]:
    return {"name": f"Kontakt {n}", "email": f"k{n}@example.org", "institution": "Kita Sonnenblume"}

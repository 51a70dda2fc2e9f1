"""Reads of the events module: the public calendar with free seats, one event for its page."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Max, Min, Prefetch, Q, QuerySet
from django.utils import timezone

from anlaufstelle.core.models import Centre
from anlaufstelle.events.models import Event, Registration, Session


def _sessions() -> Prefetch:
    return Prefetch(
        "sessions",
        queryset=Session.objects.annotate(
            taken=Count("registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)),
            waiting=Count("registrations", filter=Q(registrations__status=Registration.Status.WAITING)),
        ).order_by("position", "id"),
    )


def public_events(
    *, centre: Centre, target_group: str = "", topic: str = "", month: datetime.date | None = None
) -> QuerySet[Event]:
    """Published (and cancelled, shown as such) events that have not ended, soonest first."""
    now = timezone.now()
    events = (
        Event.objects.filter(centre=centre, status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED])
        .annotate(first=Min("dates__starts_at"), last=Max("dates__ends_at"))
        .filter(last__gte=now)
    )
    if target_group:
        events = events.filter(target_groups__contains=f"|{target_group}|")
    if topic:
        events = events.filter(topic=topic)
    if month is not None:
        following = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        tz = timezone.get_current_timezone()
        events = events.filter(
            first__lt=datetime.datetime.combine(following, datetime.time(), tz),
            last__gte=datetime.datetime.combine(month, datetime.time(), tz),
        )
    return events.select_related("address", "organisation").prefetch_related("dates", _sessions()).order_by("first")


def public_event(*, centre: Centre, pk: int) -> Event | None:
    return (
        Event.objects.filter(centre=centre, pk=pk, status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED])
        .select_related("address", "organisation", "centre")
        .prefetch_related("dates", _sessions())
        .first()
    )


def seats_free(event: Any) -> int:
    """Free seats over the event's sessions (each session gets `free` for the page)."""
    total = 0
    for session in event.sessions.all():
        session.free = max(0, session.capacity - session.taken)
        total += session.free
    return total

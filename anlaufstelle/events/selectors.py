"""Reads of the events module: the public calendar with free seats, one event for its page, the
organiser's overview and registrations, the check-in dates, a submission's registrations."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, F, IntegerField, Max, Min, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from anlaufstelle.core.models import Centre
from anlaufstelle.events.models import Event, EventDate, Registration, RegistrationGroup, Session


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
        Event.objects.for_centre(centre)
        .shown_publicly()
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


def calendar_events(
    *, centre: Centre, target_group: str = "", topic: str = "", month: datetime.date | None = None, limit: int = 200
) -> list[Event]:
    """The calendar's events (at most `limit`), each with `seats_free` over its sessions."""
    events = list(public_events(centre=centre, target_group=target_group, topic=topic, month=month)[:limit])
    for event in events:
        event.seats_free = seats_free(event)
    return events


def public_event(*, centre: Centre, pk: int) -> Event | None:
    """One published (or cancelled) event of `centre` for its page, with dates and seats; else None."""
    return (
        Event.objects.for_centre(centre)
        .shown_publicly()
        .filter(pk=pk)
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


# --- the organiser's screens ------------------------------------------------------------------


def staff_event(*, centre: Centre, pk: int) -> Event | None:
    """One event of `centre` (any status) with its venue; None for another centre's id."""
    return Event.objects.for_centre(centre).filter(pk=pk).select_related("organisation", "address").first()


def _counted(status: str) -> Subquery:
    """How many registrations of an event have `status` (one correlated subquery)."""
    rows = (
        Registration.objects.filter(session__event=OuterRef("pk"), status=status)
        .order_by()
        .values("session__event")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Subquery(rows, output_field=IntegerField())


def events_overview(*, centre: Centre, status: str = "") -> QuerySet[Event]:
    """The centre's events, newest date first, with first date, number of dates, seats, taken seats
    and waiting list (one query); only those with `status` when it is given."""
    dates = EventDate.objects.filter(event=OuterRef("pk")).order_by()
    seats = Session.objects.filter(event=OuterRef("pk")).order_by().values("event").annotate(n=Sum("capacity"))
    events = Event.objects.for_centre(centre).annotate(
        first=Subquery(dates.order_by("starts_at").values("starts_at")[:1]),
        date_count=Coalesce(
            Subquery(dates.values("event").annotate(n=Count("id")).values("n"), output_field=IntegerField()), 0
        ),
        seats=Coalesce(Subquery(seats.values("n"), output_field=IntegerField()), 0),
        taken=Coalesce(_counted(Registration.Status.CONFIRMED), 0),
        waiting=Coalesce(_counted(Registration.Status.WAITING), 0),
    )
    if status:
        events = events.filter(status=status)
    return events.order_by(F("first").desc(nulls_last=True), "-pk")


def event_participants(*, event: Event) -> tuple[list[Session], list[Registration]]:
    """The sessions of an event, each with its confirmed, waiting (in their order) and unconfirmed
    participants and its free seats; and every registration not cancelled."""
    sessions: list[Session] = list(
        event.sessions.annotate(
            cancelled=Count("registrations", filter=Q(registrations__status=Registration.Status.CANCELLED))
        ).order_by("position", "id")
    )
    people = list(Registration.objects.of_event(event).not_cancelled().select_related("group").order_by("id"))
    placed = sorted(
        (r for r in people if r.status != Registration.Status.UNCONFIRMED),
        key=lambda r: (r.placed_at or r.created_at, r.pk),
    )
    for session in sessions:
        mine = [r for r in placed if r.session_id == session.pk]
        # The same rows also serve the seat counts elsewhere (`waiting` is a number there): plain attributes.
        session.confirmed = [r for r in mine if r.status == Registration.Status.CONFIRMED]  # type: ignore[attr-defined]
        session.waiting = [r for r in mine if r.status == Registration.Status.WAITING]  # type: ignore[attr-defined]
        session.unconfirmed = [  # type: ignore[attr-defined]
            r for r in people if r.session_id == session.pk and r.status == Registration.Status.UNCONFIRMED
        ]
        session.free = max(0, session.capacity - len(session.confirmed))  # type: ignore[attr-defined]
    return sessions, people


def event_registration(*, event: Event, pk: int | None) -> Registration | None:
    """A registration of `event` by id (with its session); None for any other id."""
    if pk is None:
        return None
    return Registration.objects.of_event(event).select_related("session").filter(pk=pk).first()


def event_dates(*, event: Event) -> list[EventDate]:
    """The event's dates in order."""
    return list(event.dates.order_by("starts_at", "id"))


def event_date(*, event: Event, pk: int | None) -> EventDate | None:
    """One date of `event` by id; None for any other id."""
    if pk is None:
        return None
    return event.dates.filter(pk=pk).first()


# --- a submission, on its secret link ------------------------------------------------------------


def group_event(*, group: RegistrationGroup) -> Event:
    """The event a submission registered for."""
    first = group.registrations.select_related("session__event").order_by("id").first()
    assert first is not None  # a submission has at least one participant (registration_submit)
    return first.session.event


def group_registrations(*, group: RegistrationGroup) -> list[Registration]:
    """Every registration of a submission; those waiting carry `ahead` (people before them)."""
    registrations = list(group.registrations.select_related("session__event").order_by("id"))
    for registration in registrations:
        registration.ahead = (
            Registration.objects.filter(
                session=registration.session,
                status=Registration.Status.WAITING,
                placed_at__lt=registration.placed_at,
            ).count()
            if registration.status == Registration.Status.WAITING
            else None
        )
    return registrations


def group_registration(*, group: RegistrationGroup, pk: int | None) -> Registration | None:
    """One registration of the submission by id; None for any other id."""
    if pk is None:
        return None
    return group.registrations.filter(pk=pk).first()

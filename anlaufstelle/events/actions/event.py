"""Writes on an event: save it with its dates and sessions; publish, withdraw or cancel it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from anlaufstelle.core.audit import audit_record
from anlaufstelle.core.languages import encode_codes
from anlaufstelle.core.models import AuditEntry, Centre, User
from anlaufstelle.events.actions.registration import promote_waiting
from anlaufstelle.events.errors import EventError
from anlaufstelle.events.models import Event, EventDate, Session

# Keys of a row that are not fields of the row: the row itself (None: new), and the delete mark.
ROW_KEYS = ("id", "DELETE", "event")


def _save_rows(*, model: type[EventDate] | type[Session], event: Event, rows: Sequence[Mapping[str, Any]]) -> None:
    for row in rows:
        existing = row.get("id")
        if existing is not None and existing.event_id != event.pk:
            raise ValueError("a row of another event")  # the formsets only hold this event's rows
        if row.get("DELETE"):
            if existing is None:
                continue
            if isinstance(existing, Session) and existing.registrations.exists():
                raise EventError(_("A session with registrations cannot be removed; cancel the event instead."))
            existing.delete()
            continue
        item: Model = existing if existing is not None else model(centre=event.centre, event=event)
        for name, value in row.items():
            if name not in ROW_KEYS:
                setattr(item, name, value)
        item.save()


def _value(event: Event, name: str) -> Any:
    value = getattr(event, name)
    return value.pk if isinstance(value, Model) else value


@transaction.atomic
def event_save(
    *,
    centre: Centre,
    actor: User,
    event: Event | None,
    data: Mapping[str, Any],
    dates: Sequence[Mapping[str, Any]],
    sessions: Sequence[Mapping[str, Any]],
) -> Event:
    """Create (`event` None) or change an event from cleaned values, with its date and session rows.

    `data`: the event's fields (`target_groups` a list of codes). `dates`, `sessions`: the rows
    that changed, each with `id` (the existing row, or None for a new one), `DELETE`, and its fields.
    """
    creating = event is None
    if event is None:
        event = Event(centre=centre, created_by=actor)
    else:
        event = Event.objects.select_for_update().get(pk=event.pk, centre=centre)
    before = {name: _value(event, name) for name in data}
    for name, value in data.items():
        setattr(event, name, encode_codes(value) if name == "target_groups" else value)
    event.save()
    _save_rows(model=EventDate, event=event, rows=dates)
    _save_rows(model=Session, event=event, rows=sessions)
    if not event.dates.exists():
        raise EventError(_("Please give at least one date."))
    if not event.sessions.exists():
        raise EventError(_("Please give the number of seats."))
    if event.kind != Event.Kind.SERIES and event.dates.count() > 1:
        raise EventError(_("Only a course has several dates."))
    if event.kind != Event.Kind.DAY and event.sessions.count() > 1:
        raise EventError(_("Only a day with parallel sessions has several sessions."))
    # More seats than before: the waiting list moves up now (sessions locked in id order).
    for session in event.sessions.select_for_update().order_by("id"):
        promote_waiting(session)
    changed = sorted(name for name in data if _value(event, name) != before[name])
    audit_record(
        actor=actor,
        centre=centre,
        kind=AuditEntry.Kind.CREATE if creating else AuditEntry.Kind.UPDATE,
        action="events.event.save",
        target=event,
        changes={"fields": [None, changed]},
    )
    return event


@transaction.atomic
def event_status_set(*, event: Event, actor: User, status: str, reason: str = "") -> Event:
    """Publish, withdraw to draft, or cancel (everyone registered is told after the commit)."""
    from anlaufstelle.events import tasks

    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status == Event.Status.CANCELLED:
        raise EventError(_("A cancelled event cannot be changed."))
    before = event.status
    event.status = status
    if status == Event.Status.CANCELLED:
        event.cancel_reason = reason[:300]
        event_id = event.pk
        transaction.on_commit(lambda: tasks.tell_cancelled(event_id))
    event.save(update_fields=["status", "cancel_reason", "updated_at"])
    audit_record(
        actor=actor,
        centre=event.centre,
        kind=AuditEntry.Kind.UPDATE,
        action="events.event.status",
        target=event,
        changes={"status": [before, status]},
    )
    return event

"""Writes on events: save with dates and sessions, publish, withdraw, cancel (everyone is told)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from anlaufstelle.core.audit import audit_record
from anlaufstelle.core.models import AuditEntry, Centre, User
from anlaufstelle.events.models import Event


class EventError(Exception):
    """A change that cannot be made; the message is for the organiser."""


@transaction.atomic
def event_save(*, centre: Centre, actor: User, form: Any, dates: Any, sessions: Any) -> Event:
    """Save an event from its (valid) form and the formsets of its dates and sessions."""
    event = form.save(commit=False)
    creating = event.pk is None
    event.centre = centre
    if creating:
        event.created_by = actor
    event.save()
    for formset in (dates, sessions):
        formset.instance = event
        rows = formset.save(commit=False)
        for row in rows:
            row.centre, row.event = centre, event
            row.save()
        for row in formset.deleted_objects:
            if getattr(row, "registrations", None) is not None and row.registrations.exists():
                raise EventError(_("A session with registrations cannot be removed; cancel the event instead."))
            row.delete()
    if not event.dates.exists():
        raise EventError(_("Please give at least one date."))
    if not event.sessions.exists():
        raise EventError(_("Please give the number of seats."))
    if event.kind != Event.Kind.SERIES and event.dates.count() > 1:
        raise EventError(_("Only a course has several dates."))
    if event.kind != Event.Kind.DAY and event.sessions.count() > 1:
        raise EventError(_("Only a day with parallel sessions has several sessions."))
    # More seats than before: the waiting list moves up now (sessions locked in id order).
    from anlaufstelle.events.registration import promote_waiting

    for session in event.sessions.select_for_update().order_by("id"):
        promote_waiting(session)
    audit_record(
        actor=actor,
        centre=centre,
        kind=AuditEntry.Kind.CREATE if creating else AuditEntry.Kind.UPDATE,
        action="events.event.save",
        target=event,
        changes={"fields": [None, sorted(form.changed_data)]},
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

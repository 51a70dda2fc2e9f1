"""Writes of registration: double opt-in, seats decided under the session's row lock, the waiting list.

A submission creates unconfirmed registrations and e-mails a confirmation link. Only a
confirmed e-mail address takes a seat (so nobody can fill an event with made-up addresses):
confirming locks each session row, counts its confirmed seats and places the participant as
confirmed or on the waiting list, stamping `placed_at` inside the lock — the waiting list is
in that order. Cancelling a confirmed seat promotes exactly the first on the waiting list.
No session is ever over-booked, however many confirm in the same second (PostgreSQL tests).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anlaufstelle.core.audit import audit_record
from anlaufstelle.core.models import AuditEntry, User
from anlaufstelle.core.tokens import new_token
from anlaufstelle.events.errors import RegistrationError
from anlaufstelle.events.models import Event, Registration, RegistrationGroup, Session
from anlaufstelle.events.registration import MAX_PARTICIPANTS, confirmation_days, registration_open, started
from anlaufstelle.workspace.actions import notify


@dataclass
class Submitted:
    group: RegistrationGroup
    confirm_token: str
    manage_token: str


@transaction.atomic
def registration_submit(
    *,
    event: Event,
    contact: dict[str, str],
    participants: list[dict[str, Any]],
    language: str,
    actor: User | None = None,
) -> Submitted:
    """Record a submission (one person, or several staff of one institution), unconfirmed.

    `participants`: dicts with first_name, last_name, email (optional), session (a Session of
    this event) and the answers. The confirmation e-mail goes out after the commit.
    """
    if not registration_open(event):
        raise RegistrationError(_("Registration for this event is closed."))
    if not 1 <= len(participants) <= MAX_PARTICIPANTS:
        raise RegistrationError(_("Please register between 1 and %(max)s people at once.") % {"max": MAX_PARTICIPANTS})
    sessions = {s.pk for s in event.sessions.all()}
    if any(p["session"].pk not in sessions for p in participants):
        raise RegistrationError(_("Please choose a session of this event."))
    confirm, confirm_hash = new_token()
    manage, manage_hash = new_token()
    group = RegistrationGroup.objects.create(
        centre=event.centre,
        contact_name=contact["name"],
        contact_email=contact["email"],
        institution=contact.get("institution", ""),
        language=language,
        confirm_token_hash=confirm_hash,
        manage_token_hash=manage_hash,
    )
    answers = ("institution", "institution_kind", "role", "dietary", "access_needs", "extra_answer")
    for person in participants:
        Registration.objects.create(
            centre=event.centre,
            group=group,
            session=person["session"],
            first_name=person["first_name"],
            last_name=person["last_name"],
            email=person.get("email") or "",
            token_hash=new_token()[1],  # a placeholder: the certificate e-mail sets the real one
            **{name: person.get(name) or contact.get(name) or "" for name in answers},
        )
    from anlaufstelle.events import tasks

    group_id = group.pk
    transaction.on_commit(lambda: tasks.send_confirmation(group_id, confirm, manage))
    audit_record(
        actor=actor,
        centre=event.centre,
        kind=AuditEntry.Kind.CREATE,
        action="events.registration.submit",
        target=group,
        changes={"participants": [None, len(participants)]},
    )
    return Submitted(group, confirm, manage)


def _place(registration: Registration, session: Session) -> str:
    """Inside the session's lock: a seat if one is free and nobody waits, else the end of the list."""
    waiting = session.registrations.filter(status=Registration.Status.WAITING).exists()
    taken = session.registrations.filter(status=Registration.Status.CONFIRMED).count()
    free = not waiting and taken < session.capacity
    registration.status = Registration.Status.CONFIRMED if free else Registration.Status.WAITING
    registration.placed_at = timezone.now()
    registration.save(update_fields=["status", "placed_at"])
    return registration.status


def promote_waiting(session: Session) -> list[Registration]:
    """Inside the session's lock: fill free seats from the head of the waiting list.

    Only while the event is published and has not begun; each promoted person is told by a
    background task after the commit.
    """
    from anlaufstelle.events import tasks

    event = session.event
    if event.status != Event.Status.PUBLISHED or started(event):
        return []
    taken = session.registrations.filter(status=Registration.Status.CONFIRMED).count()
    free = max(0, session.capacity - taken)
    promoted = list(
        session.registrations.select_for_update()
        .filter(status=Registration.Status.WAITING)
        .order_by("placed_at", "id")[:free]
    )
    for registration in promoted:
        registration.status = Registration.Status.CONFIRMED
        registration.save(update_fields=["status"])
        transaction.on_commit(functools.partial(tasks.tell_promoted, registration.pk))
    return promoted


@transaction.atomic
def registration_confirm(*, group: RegistrationGroup, actor: User | None = None) -> list[Registration]:
    """The e-mail address is confirmed: each participant gets a seat or a waiting-list place.

    Confirming twice changes nothing. Locks in the order group, event, sessions (by id) — the
    same order as saving an event — so nothing deadlocks; the pending rows are read again under
    the session lock, so a cancellation in between is never overwritten.
    """
    group = RegistrationGroup.objects.select_for_update().get(pk=group.pk)
    if group.confirmed_at is None and group.created_at < timezone.now() - timedelta(days=confirmation_days()):
        # The e-mail promises the link for this long; the nightly clean-up may not have run yet.
        raise RegistrationError(_("This confirmation link has expired. Please register again."))
    session_ids = sorted(
        set(group.registrations.filter(status=Registration.Status.UNCONFIRMED).values_list("session_id", flat=True))
    )
    if session_ids:
        event = Event.objects.select_for_update().get(sessions__id=session_ids[0])
        if event.status != Event.Status.PUBLISHED:
            raise RegistrationError(_("This event has been cancelled or withdrawn."))
        if started(event):
            raise RegistrationError(_("The event has already begun; registration is closed."))
    if group.confirmed_at is None:
        group.confirmed_at = timezone.now()
        group.save(update_fields=["confirmed_at"])
    placed: list[str] = []
    for session_id in session_ids:
        session = Session.objects.select_for_update().get(pk=session_id)
        pending = Registration.objects.select_for_update().filter(
            group=group, session_id=session_id, status=Registration.Status.UNCONFIRMED
        )
        for registration in pending.order_by("id"):
            placed.append(_place(registration, session))
    if placed:
        audit_record(
            actor=actor,
            centre=group.centre,
            kind=AuditEntry.Kind.UPDATE,
            action="events.registration.confirm",
            target=group,
            changes={"status": [None, sorted(placed)]},
        )
    if Registration.Status.WAITING in placed:
        notify(
            centre=group.centre,
            kind="events.waiting_list",
            thing=event.title,
            url_name="events:registrations",
            url_kwargs={"pk": event.pk},
            permission="events.manage",
            actor=actor,
        )
    return list(group.registrations.select_related("session__event").order_by("id"))


@transaction.atomic
def registration_cancel(
    *, registration: Registration, actor: User | None, by_participant: bool = False
) -> Registration | None:
    """Cancel one participant; a freed seat goes to the first on the waiting list (returned).

    Nobody moves up once the event has begun or is no longer published. A participant cannot
    cancel through their link after the start (the organiser still can).
    """
    session = Session.objects.select_for_update().select_related("event").get(pk=registration.session_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
        raise RegistrationError(_("This registration has already been cancelled."))
    if by_participant and started(session.event):
        raise RegistrationError(_("The event has already begun; please contact the organisers."))
    had_seat = registration.status == Registration.Status.CONFIRMED
    registration.status, registration.cancelled_at = Registration.Status.CANCELLED, timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    promoted = promote_waiting(session)[:1] if had_seat else []
    audit_record(
        actor=actor,
        centre=registration.centre,
        kind=AuditEntry.Kind.UPDATE,
        action="events.registration.cancel",
        target=registration,
        changes={"promoted": [None, promoted[0].pk if promoted else None]},
    )
    return promoted[0] if promoted else None


@transaction.atomic
def registration_move(*, registration: Registration, session: Session, actor: User | None) -> Registration:
    """Move a participant to another session of the same event (the organiser's decision).

    Both sessions are locked in the order of their ids (as confirming does), so two moves in
    opposite directions never deadlock; the seats are counted again under the locks. A
    participant with a seat or on the waiting list is moved only into a free seat (nobody
    waiting there) and then has a confirmed seat; a seat freed in the old session goes to the
    head of its waiting list. An unconfirmed registration just changes its session.
    """
    current = Registration.objects.only("session_id").get(pk=registration.pk)
    if current.session_id == session.pk:
        raise RegistrationError(_("The participant is already in this session."))
    locked = {
        s.pk: s
        for s in Session.objects.select_for_update()
        .select_related("event")
        .filter(pk__in=sorted({current.session_id, session.pk}))
        .order_by("pk")
    }
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    source, target = locked.get(registration.session_id), locked.get(session.pk)
    if source is None or target is None:  # moved meanwhile: the caller may try again
        raise RegistrationError(_("The registration has changed meanwhile; please try again."))
    if target.event_id != source.event_id:
        raise RegistrationError(_("Please choose a session of this event."))
    if registration.status == Registration.Status.CANCELLED:
        raise RegistrationError(_("This registration has already been cancelled."))
    if target.event.status == Event.Status.CANCELLED:
        raise RegistrationError(_("This event has been cancelled or withdrawn."))
    before = {"session": registration.session_id, "status": registration.status}
    had_seat = registration.status == Registration.Status.CONFIRMED
    if registration.status != Registration.Status.UNCONFIRMED:
        waiting = target.registrations.filter(status=Registration.Status.WAITING).exists()
        taken = target.registrations.filter(status=Registration.Status.CONFIRMED).count()
        if waiting or taken >= target.capacity:
            raise RegistrationError(
                _("%(session)s has no free seat.") % {"session": target.title or target.event.title}
            )
        registration.status = Registration.Status.CONFIRMED
        registration.placed_at = timezone.now()
    registration.session = target
    registration.save(update_fields=["session", "status", "placed_at"])
    promoted = promote_waiting(source) if had_seat else []
    audit_record(
        actor=actor,
        centre=registration.centre,
        kind=AuditEntry.Kind.UPDATE,
        action="events.registration.move",
        target=registration,
        changes={
            "session": [before["session"], target.pk],
            "status": [before["status"], registration.status],
            "promoted": [None, [p.pk for p in promoted]],
        },
    )
    return registration

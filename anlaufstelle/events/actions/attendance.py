"""Writes on the day: check someone in for a date, take it back, add a walk-in with a seat."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from anlaufstelle.core.audit import audit_record
from anlaufstelle.core.models import AuditEntry, User
from anlaufstelle.core.tokens import new_token
from anlaufstelle.events.attendance import clock, ensure_open, ensure_same_event
from anlaufstelle.events.errors import CheckInError
from anlaufstelle.events.models import Attendance, Event, EventDate, Registration, RegistrationGroup, Session


def _locked(registration: Registration) -> Registration:
    """The registration re-read under a row lock, with its session and event."""
    return (
        Registration.objects.select_for_update(of=("self",))
        .select_related("centre", "session__event")
        .get(pk=registration.pk)
    )


@transaction.atomic
def check_in(*, registration: Registration, date: EventDate, actor: User | None) -> Attendance:
    """Tick `registration` as present on `date`; ticking twice changes nothing."""
    registration = _locked(registration)
    ensure_same_event(registration.session.event_id, date)
    if registration.status != Registration.Status.CONFIRMED:
        raise CheckInError(
            _("%(name)s has no confirmed seat and cannot be checked in.")
            % {"name": f"{registration.first_name} {registration.last_name}"}
        )
    if registration.session.event.status == Event.Status.CANCELLED:
        raise CheckInError(_("This event has been cancelled."))
    ensure_open(date)
    attendance, created = Attendance.objects.get_or_create(
        registration=registration, date=date, defaults={"centre_id": registration.centre_id}
    )
    if created:
        audit_record(
            actor=actor,
            centre=registration.centre,
            kind=AuditEntry.Kind.UPDATE,
            action="events.check_in",
            target=registration,
            changes={"checked_in": [None, date.pk]},
        )
    return attendance


@transaction.atomic
def check_in_undo(*, registration: Registration, date: EventDate, actor: User | None) -> bool:
    """Take the tick back (a mistake on the tablet); True when there was one."""
    registration = _locked(registration)
    ensure_same_event(registration.session.event_id, date)
    removed, _details = Attendance.objects.filter(registration=registration, date=date).delete()
    if removed:
        audit_record(
            actor=actor,
            centre=registration.centre,
            kind=AuditEntry.Kind.UPDATE,
            action="events.check_in.undo",
            target=registration,
            changes={"checked_in": [date.pk, None]},
        )
    return bool(removed)


@transaction.atomic
def walk_in(
    *,
    event: Event,
    date: EventDate,
    session: Session | None = None,
    first_name: str,
    last_name: str,
    email: str = "",
    institution: str = "",
    actor: User | None,
) -> Registration:
    """Add someone who came without registering: a confirmed seat, checked in on `date`.

    The seat is counted under the session's row lock (as a confirmation is), so a walk-in never
    over-books the session; on the day nobody moves up any more, so only a free seat is taken.
    """
    ensure_same_event(event.pk, date)
    if session is None:
        session = event.sessions.order_by("position", "id").first()
    if session is None or session.event_id != event.pk:
        raise CheckInError(_("Please choose a session of this event."))
    session = Session.objects.select_for_update().select_related("event", "centre").get(pk=session.pk)
    if session.event.status == Event.Status.CANCELLED:
        raise CheckInError(_("This event has been cancelled."))
    ensure_open(date)
    taken = session.registrations.filter(status=Registration.Status.CONFIRMED).count()
    if taken >= session.capacity:
        raise CheckInError(_("%(session)s has no free seat.") % {"session": session.title or session.event.title})
    now = clock()
    group = RegistrationGroup.objects.create(
        centre=session.centre,
        contact_name=f"{first_name} {last_name}",
        contact_email=email,
        institution=institution,
        confirm_token_hash=new_token()[1],
        manage_token_hash=new_token()[1],
        confirmed_at=now,
    )
    registration = Registration.objects.create(
        centre=session.centre,
        group=group,
        session=session,
        first_name=first_name,
        last_name=last_name,
        email=email,
        institution=institution,
        status=Registration.Status.CONFIRMED,
        walk_in=True,
        placed_at=now,
        token_hash=new_token()[1],  # a placeholder: the certificate e-mail sets the real one
    )
    Attendance.objects.create(centre=session.centre, registration=registration, date=date)
    audit_record(
        actor=actor,
        centre=session.centre,
        kind=AuditEntry.Kind.CREATE,
        action="events.check_in.walk_in",
        target=registration,
        changes={"session": [None, session.pk], "checked_in": [None, date.pk]},
    )
    return registration

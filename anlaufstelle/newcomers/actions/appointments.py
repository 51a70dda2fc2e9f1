"""Writes of appointment slots: offering, booking (one winner per slot), cancelling, outcomes, interpreters."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anlaufstelle.core.audit import audit_record
from anlaufstelle.core.models import AuditEntry, Centre, User
from anlaufstelle.newcomers.actions.common import AlreadyBooked, NewcomerError, SlotTaken, Stage, _audit
from anlaufstelle.newcomers.actions.way import (
    BOOKED_STAGE,
    DONE_STAGE,
    Kind,
    Outcome,
    _children_of,
    _free_slot,
    _settle,
)
from anlaufstelle.newcomers.models import AppointmentSlot, Child, Family, InterpreterNeed
from anlaufstelle.newcomers.models.appointments import child_appointments, local_datetime
from anlaufstelle.partners.models import Organisation

# --- appointments ----------------------------------------------------------------------------


@transaction.atomic
def slots_create(
    *,
    centre: Centre,
    actor: User,
    kind: str,
    starts: list[datetime.datetime],
    duration_minutes: int,
    place: str,
    organisation: Organisation | None = None,
) -> list[AppointmentSlot]:
    """Offer appointment slots (e.g. the Gesundheitsamt's times for school-entry exams)."""
    slots = AppointmentSlot.objects.bulk_create(
        [
            AppointmentSlot(
                centre=centre,
                kind=kind,
                starts_at=start,
                duration_minutes=duration_minutes,
                place=place,
                organisation=organisation,
            )
            for start in sorted(starts)
        ]
    )
    audit_record(
        actor=actor,
        centre=centre,
        kind=AuditEntry.Kind.CREATE,
        action="newcomers.slots.create",
        changes={"count": [None, len(slots)], "kind": [None, kind]},
    )
    return slots


SETTING_BY_KIND: dict[str, str] = {
    AppointmentSlot.Kind.COUNSELLING: "Beratung im Kommunalen Integrationszentrum",
    AppointmentSlot.Kind.HEALTH_EXAM: "Schuleingangsuntersuchung (Gesundheitsamt)",
}


def _lock_free_slot(slot: AppointmentSlot) -> AppointmentSlot:
    """Lock the slot row and check it is free and ahead: two bookings of one slot, one wins."""
    slot = AppointmentSlot.objects.select_for_update().get(pk=slot.pk)
    if slot.is_booked:
        raise SlotTaken(_("This appointment has just been booked for another child. Please choose another."))
    if slot.starts_at < timezone.now():
        raise NewcomerError(_("This appointment is in the past."))
    return slot


def _save_booking(slot: AppointmentSlot, actor: User) -> None:
    slot.booked_by, slot.booked_at = actor, timezone.now()
    try:
        with transaction.atomic():
            slot.save(update_fields=["child", "family", "booked_by", "booked_at"])
    except IntegrityError as exc:  # the constraint behind the lock: never a server error
        raise AlreadyBooked(_("There is already an open appointment of this kind.")) from exc


def _raise_interpreter_need(slot: AppointmentSlot, family: Family) -> None:
    if not (family.needs_interpreter and family.interpreter_language):
        return
    need = InterpreterNeed.objects.create(
        centre=slot.centre,
        slot=slot,
        language=family.interpreter_language,
        starts_at=slot.starts_at,
        duration_minutes=slot.duration_minutes,
        place=slot.place,
        setting=SETTING_BY_KIND[slot.kind],
    )
    from anlaufstelle.newcomers import interpreting

    transaction.on_commit(lambda: interpreting.announce(need.pk))


@transaction.atomic
def slot_book(*, slot: AppointmentSlot, child: Child, actor: User) -> AppointmentSlot:
    """Book a free slot for a child: at most one open appointment per kind, one winner per slot.

    The family's row lock serialises its bookings, so two caseworkers booking two slots for one
    child at once get one booking and one message (the database constraint stands behind it).
    """
    Family.objects.select_for_update().get(pk=child.family_id)
    child = Child.objects.select_related("family").get(pk=child.pk)
    if child.is_final:
        raise NewcomerError(_("This child's way has already ended."))
    slot = _lock_free_slot(slot)
    booked = child_appointments(child).filter(kind=slot.kind, outcome=Outcome.OPEN).first()
    if booked is not None:
        raise AlreadyBooked(
            _(
                "%(child)s already has this appointment on %(when)s. Cancel it or record whether it took place "
                "before booking another."
            )
            % {"child": child, "when": local_datetime(booked.starts_at)}
        )
    slot.child = child
    _save_booking(slot, actor)
    _settle(
        child,
        day=timezone.localdate(),
        actor=actor,
        step=BOOKED_STAGE[slot.kind],
        appointment_at=slot.starts_at,
    )
    _raise_interpreter_need(slot, child.family)
    _audit(actor, slot.centre, AuditEntry.Kind.UPDATE, "newcomers.slot.book", child, ["appointments"])
    return slot


@transaction.atomic
def slot_book_family(*, slot: AppointmentSlot, family: Family, actor: User) -> AppointmentSlot:
    """Book one counselling conversation for the whole family; it counts for every child still on the way."""
    family = Family.objects.select_for_update().get(pk=family.pk)
    slot = _lock_free_slot(slot)
    if slot.kind != Kind.COUNSELLING:
        raise NewcomerError(_("Only counselling can be booked for the whole family."))
    children = list(Child.objects.filter(family=family).open().select_related("family"))
    if not children:
        raise NewcomerError(_("No child of this family is still waiting."))
    if AppointmentSlot.objects.filter(family=family, kind=Kind.COUNSELLING, outcome=Outcome.OPEN).exists():
        raise AlreadyBooked(_("The family already has a counselling appointment."))
    busy = sorted(
        {
            str(s.child)
            for s in AppointmentSlot.objects.filter(
                child__in=children, kind=Kind.COUNSELLING, outcome=Outcome.OPEN
            ).select_related("child")
        }
    )
    if busy:
        raise AlreadyBooked(
            _("%(children)s already booked for counselling. Cancel that first, or book for each child.")
            % {"children": ", ".join(busy)}
        )
    slot.family = family
    _save_booking(slot, actor)
    for child in children:
        _settle(
            child, day=timezone.localdate(), actor=actor, step=Stage.COUNSELLING_BOOKED, appointment_at=slot.starts_at
        )
    _raise_interpreter_need(slot, family)
    _audit(actor, slot.centre, AuditEntry.Kind.UPDATE, "newcomers.slot.book_family", family, ["appointments"])
    return slot


@transaction.atomic
def slot_cancel_booking(*, slot: AppointmentSlot, actor: User) -> AppointmentSlot:
    """Free a booked slot; each child's stage becomes what is still true (never an invented step)."""
    slot = AppointmentSlot.objects.select_for_update(of=("self",)).select_related("family").get(pk=slot.pk)
    if not slot.is_booked:
        return slot
    children = _children_of(slot)
    target: Child | Family | None = children[0] if slot.child_id else slot.family
    _free_slot(slot)
    for child in children:
        _settle(child, day=timezone.localdate(), actor=actor, note=_("appointment cancelled"))
    _audit(actor, slot.centre, AuditEntry.Kind.UPDATE, "newcomers.slot.cancel", target, ["appointments"])
    return slot


@transaction.atomic
def slot_record_outcome(*, slot: AppointmentSlot, actor: User, outcome: str) -> AppointmentSlot:
    """Record whether a booked appointment took place; a held one moves the child (or every child) on."""
    slot = AppointmentSlot.objects.select_for_update(of=("self",)).select_related("family").get(pk=slot.pk)
    if not slot.is_booked:
        raise NewcomerError(_("Nobody is booked for this appointment."))
    if slot.starts_at > timezone.now():
        raise NewcomerError(_("The appointment has not taken place yet."))
    slot.outcome = outcome
    slot.save(update_fields=["outcome"])
    children = _children_of(slot)
    for child in children:
        if outcome == Outcome.DONE:
            day = timezone.localtime(slot.starts_at).date()
            _settle(child, day=day, actor=actor, step=DONE_STAGE[slot.kind])
        else:
            _settle(child, day=timezone.localdate(), actor=actor, note=_("appointment missed"))
    target: Child | Family | None = children[0] if slot.child_id else slot.family
    _audit(actor, slot.centre, AuditEntry.Kind.UPDATE, "newcomers.slot.outcome", target, ["appointments"])
    return slot


@transaction.atomic
def interpreter_need_cover(*, need: InterpreterNeed, actor: User, covered_by: str) -> InterpreterNeed:
    """The caseworker found an interpreter themselves: the need is covered by the person named."""
    from anlaufstelle.newcomers import interpreting

    covered_by = covered_by.strip()
    if not covered_by:
        raise NewcomerError(_("Please say who interprets."), field="covered_by")
    need = interpreting.interpreter_need_covered(need_id=need.pk, covered_by=covered_by)
    audit_record(
        actor=actor,
        centre=need.centre,
        kind=AuditEntry.Kind.UPDATE,
        action="newcomers.interpreter_need.covered",
        target=need,
    )
    return need

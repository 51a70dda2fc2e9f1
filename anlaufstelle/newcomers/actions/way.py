"""A child's way before school: stages derived from what happened, and freeing obsolete appointments.

Internal to the actions; no view calls these.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from anlaufstelle.core.models import User
from anlaufstelle.newcomers.actions.common import STAGE_ORDER, Stage
from anlaufstelle.newcomers.models import AppointmentSlot, Child, InterpreterNeed, StageEvent
from anlaufstelle.newcomers.models.appointments import child_appointments


def _set_stage(
    child: Child,
    stage: str,
    day: datetime.date,
    actor: User | None,
    note: str = "",
    *,
    record: bool = True,
) -> None:
    """Move the child to `stage` and record it. Final stages close the family when all children are done."""
    child.stage = stage
    child.stage_since = day
    child.save(update_fields=["stage", "stage_since", "first_school_day"])
    if record:
        StageEvent.objects.create(
            centre=child.centre, child=child, stage=stage, happened_on=day, note=note[:300], recorded_by=actor
        )
    family = child.family
    open_children = family.children.exclude(stage__in=Child.FINAL_STAGES).exists()
    closed_on = None if open_children else day
    if family.closed_on != closed_on:
        family.closed_on = closed_on
        family.save(update_fields=["closed_on"])


def _advance(child: Child, stage: str, day: datetime.date, actor: User | None, note: str = "") -> None:
    """Record a stage reached; the current stage moves only forward (a later step is not undone)."""
    if child.is_final:
        return
    if STAGE_ORDER.index(stage) > STAGE_ORDER.index(child.stage):
        _set_stage(child, stage, day, actor, note)
    else:
        StageEvent.objects.create(
            centre=child.centre, child=child, stage=stage, happened_on=day, note=note[:300], recorded_by=actor
        )


Kind = AppointmentSlot.Kind
Outcome = AppointmentSlot.Outcome
# The stages before a placement: derived from what happened and what is booked (_derived_stage).
BEFORE_PLACEMENT = frozenset(STAGE_ORDER[: STAGE_ORDER.index(Stage.PLACEMENT_PROPOSED)])
BOOKED_STAGE: dict[str, str] = {Kind.COUNSELLING: Stage.COUNSELLING_BOOKED, Kind.HEALTH_EXAM: Stage.HEALTH_EXAM_BOOKED}
DONE_STAGE: dict[str, str] = {Kind.COUNSELLING: Stage.COUNSELLED, Kind.HEALTH_EXAM: Stage.HEALTH_EXAM_DONE}
DONE_STAGES = frozenset(DONE_STAGE.values())


def _derived_stage(child: Child) -> str:
    """The furthest step before a placement that is true now: what took place, else what is booked.

    Cancelling or missing an appointment therefore never invents a step (a cancelled exam does not
    make a child "counselled") and never undoes one that took place.
    """
    happened = (set(child.stage_events.values_list("stage", flat=True)) | {child.stage}) & DONE_STAGES
    for kind, outcome in child_appointments(child).values_list("kind", "outcome"):
        if outcome == Outcome.DONE:
            happened.add(DONE_STAGE[kind])
        elif outcome == Outcome.OPEN:
            happened.add(BOOKED_STAGE[kind])
    for stage in (Stage.HEALTH_EXAM_DONE, Stage.HEALTH_EXAM_BOOKED, Stage.COUNSELLED, Stage.COUNSELLING_BOOKED):
        if stage in happened:
            return stage
    return Stage.REGISTERED


def _settle(
    child: Child,
    *,
    day: datetime.date,
    actor: User | None,
    note: str = "",
    step: str = "",
    appointment_at: datetime.datetime | None = None,
) -> None:
    """Record `step` (what just happened, if anything) and set a child before placement to what is true."""
    if child.is_final:
        return
    if step:
        StageEvent.objects.create(
            centre=child.centre,
            child=child,
            stage=step,
            happened_on=day,
            note=note[:300],
            appointment_at=appointment_at,
            recorded_by=actor,
        )
    if child.stage not in BEFORE_PLACEMENT:
        return  # a proposal or a place is not moved by appointments
    derived = _derived_stage(child)
    if derived != child.stage:
        _set_stage(child, derived, day, actor, note, record=derived != step)


def _children_of(slot: AppointmentSlot) -> list[Child]:
    """The child a slot is booked for, or every child of the family still on the way."""
    if slot.child_id is not None:
        return [Child.objects.select_related("family").get(pk=slot.child_id)]
    if slot.family_id is not None:
        return list(Child.objects.filter(family_id=slot.family_id).open().select_related("family"))
    return []


def _still_needs_counselling(children: Iterable[Child]) -> bool:
    return any(not ({c.stage} | set(c.stage_events.values_list("stage", flat=True))) & DONE_STAGES for c in children)


def _close_obsolete(child: Child, kinds: Iterable[str]) -> None:
    """Free the child's coming appointments of these kinds (a step recorded by hand made them obsolete).

    A family's counselling stays while a sibling still needs it. Freeing cancels the interpreter
    need, and the volunteers module tells the interpreter (see `interpreting`).
    """
    now = timezone.now()
    kinds = list(kinds)
    for slot in AppointmentSlot.objects.select_for_update().filter(
        child=child, kind__in=kinds, outcome=Outcome.OPEN, starts_at__gt=now
    ):
        _free_slot(slot)
    if Kind.COUNSELLING in kinds:
        family_slot = (
            AppointmentSlot.objects.select_for_update()
            .filter(family_id=child.family_id, kind=Kind.COUNSELLING, outcome=Outcome.OPEN, starts_at__gt=now)
            .first()
        )
        siblings = Child.objects.filter(family_id=child.family_id).open().exclude(pk=child.pk)
        if family_slot is not None and not _still_needs_counselling(siblings):
            _free_slot(family_slot)


def _free_slot(slot: AppointmentSlot) -> None:
    """Free a booking; its interpreter need is cancelled and the volunteers module is told after commit."""
    cancelled = list(
        slot.interpreter_needs.exclude(status=InterpreterNeed.Status.CANCELLED).values_list("pk", flat=True)
    )
    InterpreterNeed.objects.filter(pk__in=cancelled).update(
        status=InterpreterNeed.Status.CANCELLED, updated_at=timezone.now()
    )
    if cancelled:
        from anlaufstelle.newcomers import interpreting

        def announce_all() -> None:
            for pk in cancelled:
                interpreting.announce(pk)

        transaction.on_commit(announce_all)
    slot.child, slot.family, slot.booked_by, slot.booked_at, slot.outcome = None, None, None, None, ""
    slot.save(update_fields=["child", "family", "booked_by", "booked_at", "outcome"])

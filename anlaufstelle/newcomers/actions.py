"""Every write of the newcomers module: atomic, keyword-only, audited in the same transaction.

Audit entries of families and children name fields, never their values: the append-only trail
outlives an erasure and must not keep a child's data (docs/decisions/0012-newcomer-records.md).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from anlaufstelle.core.audit import audit_record
from anlaufstelle.core.geo import get_geocoder
from anlaufstelle.core.languages import encode_codes
from anlaufstelle.core.models import AuditEntry, Centre, User
from anlaufstelle.newcomers.models import (
    AppointmentSlot,
    Child,
    EligibilityRule,
    Family,
    Guardian,
    InterpreterNeed,
    LetterTemplate,
    Placement,
    SeatQuota,
    StageEvent,
)
from anlaufstelle.newcomers.models.appointments import child_appointments, local_datetime
from anlaufstelle.partners.models import Organisation

Stage = Child.Stage
STAGE_ORDER = [
    Stage.REGISTERED,
    Stage.COUNSELLING_BOOKED,
    Stage.COUNSELLED,
    Stage.HEALTH_EXAM_BOOKED,
    Stage.HEALTH_EXAM_DONE,
    Stage.PLACEMENT_PROPOSED,
    Stage.APPROVED,
    Stage.ACCEPTED,
    Stage.ATTENDING,
]
# The fields each action writes, in the order their forms show them (the forms' Meta.fields).
FAMILY_FIELDS = (
    "street",
    "postcode",
    "city",
    "district",
    "arrival_date",
    "languages",
    "home_language",
    "needs_interpreter",
    "interpreter_language",
    "letter_language",
    "privacy_notice_language",
    "consent_given_on",
    "note",
)
GUARDIAN_FIELDS = ("first_name", "last_name", "relation", "phone", "email")
CHILD_FIELDS = (
    "first_name",
    "last_name",
    "birth_date",
    "gender",
    "birth_place",
    "birth_country",
    "nationality",
    "second_nationality",
    "languages",
    "schooling_kind",
    "schooling_years",
    "last_grade",
    "schooling_country",
    "latin_literacy",
    "german_level",
    "support_needs",
    "registered_on",
)
QUOTA_FIELDS = ("school", "grade_band", "class_model", "seats", "languages")
RULE_FIELDS = (
    "label",
    "position",
    "min_age",
    "max_age",
    "literacy",
    "min_schooling_years",
    "grade_band",
    "school_forms",
    "class_models",
    "max_km",
    "is_active",
)


class NewcomerError(Exception):
    """A write that cannot be done; the message is for the person who tried."""


class SlotTaken(NewcomerError):
    pass


class NoSeatLeft(NewcomerError):
    pass


class AlreadyBooked(NewcomerError):
    """The child (or family) already has an open appointment of this kind."""


def _codes(value: Any) -> str:
    if isinstance(value, list | tuple | set):
        return encode_codes(list(value))
    return str(value or "")


def _assign(instance: Any, fields: Iterable[str], data: dict[str, Any]) -> list[str]:
    """Set the given fields; return the names of those whose value changed."""
    changed = []
    for name in fields:
        if name not in data:
            continue
        value = _codes(data[name]) if name in {"languages", "school_forms", "class_models"} else data[name]
        if getattr(instance, name) != value:
            changed.append(name)
        setattr(instance, name, value)
    return changed


def _locate(family: Family) -> None:
    """Home position for distances (straight line); unknown addresses leave it empty."""
    query = " ".join(part for part in (family.street, family.postcode, family.city) if part)
    point = get_geocoder().locate(query, centre=family.centre) if query else None
    family.latitude = point.latitude if point else None
    family.longitude = point.longitude if point else None


def _audit(actor: User | None, centre: Centre, kind: str, action: str, target: Any, fields: list[str]) -> None:
    audit_record(
        actor=actor, centre=centre, kind=kind, action=action, target=target, changes={"fields": sorted(fields)}
    )


# --- families and children -------------------------------------------------------------------


@transaction.atomic
def family_register(
    *,
    centre: Centre,
    actor: User,
    family_data: dict[str, Any],
    guardians: list[dict[str, Any]],
    children: list[dict[str, Any]],
) -> Family:
    """Register a family with its guardians and children in one step (the intake)."""
    if not children:
        raise NewcomerError(_("Register at least one child."))
    family = Family(centre=centre, created_by=actor)
    _assign(family, FAMILY_FIELDS, family_data)
    _locate(family)
    family.save()
    _audit(actor, centre, AuditEntry.Kind.CREATE, "newcomers.family.register", family, list(FAMILY_FIELDS))
    for data in guardians:
        guardian = Guardian(centre=centre, family=family)
        _assign(guardian, GUARDIAN_FIELDS, data)
        guardian.save()
    for data in children:
        child_save(family=family, actor=actor, data=data)
    return family


@transaction.atomic
def family_update(
    *, family: Family, actor: User, family_data: dict[str, Any], guardians: list[dict[str, Any]] | None = None
) -> Family:
    """Change a family's data; `guardians` (when given) replaces the list of guardians."""
    changed = _assign(family, FAMILY_FIELDS, family_data)
    if {"street", "postcode", "city"} & set(changed):
        _locate(family)
    family.save()
    if guardians is not None:
        family.guardians.all().delete()
        for data in guardians:
            guardian = Guardian(centre=family.centre, family=family)
            _assign(guardian, GUARDIAN_FIELDS, data)
            guardian.save()
        changed.append("guardians")
    _audit(actor, family.centre, AuditEntry.Kind.UPDATE, "newcomers.family.update", family, changed)
    return family


@transaction.atomic
def child_save(*, family: Family, actor: User, data: dict[str, Any], child: Child | None = None) -> Child:
    """Add a child to a family, or change one."""
    created = child is None
    child = child or Child(centre=family.centre, family=family)
    changed = _assign(child, CHILD_FIELDS, data)
    child.save()
    if created:
        StageEvent.objects.create(
            centre=family.centre,
            child=child,
            stage=Stage.REGISTERED,
            happened_on=child.registered_on,
            recorded_by=actor,
        )
        family.closed_on = None
        family.save(update_fields=["closed_on"])
    _audit(
        actor,
        family.centre,
        AuditEntry.Kind.CREATE if created else AuditEntry.Kind.UPDATE,
        "newcomers.child.create" if created else "newcomers.child.update",
        child,
        list(CHILD_FIELDS) if created else changed,
    )
    return child


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
    if STAGE_ORDER.index(stage) > STAGE_ORDER.index(child.stage):  # type: ignore[arg-type]
        _set_stage(child, stage, day, actor, note)
    else:
        StageEvent.objects.create(
            centre=child.centre, child=child, stage=stage, happened_on=day, note=note[:300], recorded_by=actor
        )


Kind = AppointmentSlot.Kind
Outcome = AppointmentSlot.Outcome
# The stages before a placement: derived from what happened and what is booked (_derived_stage).
BEFORE_PLACEMENT = frozenset(STAGE_ORDER[: STAGE_ORDER.index(Stage.PLACEMENT_PROPOSED)])
BOOKED_STAGE = {Kind.COUNSELLING: Stage.COUNSELLING_BOOKED, Kind.HEALTH_EXAM: Stage.HEALTH_EXAM_BOOKED}
DONE_STAGE = {Kind.COUNSELLING: Stage.COUNSELLED, Kind.HEALTH_EXAM: Stage.HEALTH_EXAM_DONE}
DONE_STAGES = frozenset(DONE_STAGE.values())


def _derived_stage(child: Child) -> str:
    """The furthest step before a placement that is true now: what took place, else what is booked.

    Cancelling or missing an appointment therefore never invents a step (a cancelled exam does not
    make a child "counselled") and never undoes one that took place.
    """
    happened = (set(child.stage_events.values_list("stage", flat=True)) | {child.stage}) & DONE_STAGES
    for kind, outcome in child_appointments(child).values_list("kind", "outcome"):
        if outcome == Outcome.DONE:
            happened.add(DONE_STAGE[kind])  # type: ignore[index]
        elif outcome == Outcome.OPEN:
            happened.add(BOOKED_STAGE[kind])  # type: ignore[index]
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


MANUAL_STAGES = (Stage.COUNSELLED, Stage.HEALTH_EXAM_DONE, Stage.ATTENDING, Stage.WITHDRAWN, Stage.MOVED_AWAY)
KIND_BY_DONE = {Stage.COUNSELLED: Kind.COUNSELLING, Stage.HEALTH_EXAM_DONE: Kind.HEALTH_EXAM}


@transaction.atomic
def child_stage_record(*, child: Child, actor: User, stage: str, happened_on: datetime.date, note: str = "") -> Child:
    """Record a step the caseworker saw happen (counselled, exam done, first school day, withdrawn, moved).

    The step closes what it makes obsolete: a coming appointment of the kind that took place, or
    every coming appointment of a child who left, is freed (and its interpreter withdrawn).
    """
    if stage not in MANUAL_STAGES:
        raise NewcomerError(_("This step is recorded through its appointment or placement."))
    if happened_on > timezone.localdate():
        raise NewcomerError(_("A step cannot be recorded for a day in the future."))
    Family.objects.select_for_update().get(pk=child.family_id)
    child = Child.objects.select_for_update(of=("self",)).select_related("family").get(pk=child.pk)
    if child.is_final:
        raise NewcomerError(_("This child's way has already ended."))
    if stage == Stage.ATTENDING:
        child.first_school_day = happened_on
        open_placement = child.placements.filter(status__in=Placement.TAKES_SEAT).first()
        if open_placement is None:
            raise NewcomerError(_("Record the first school day once a school place is approved."))
        if open_placement.status == Placement.Status.APPROVED:
            open_placement.status = Placement.Status.ACCEPTED
        open_placement.first_school_day = happened_on
        open_placement.save(update_fields=["status", "first_school_day"])
        _set_stage(child, stage, happened_on, actor, note)
    elif stage in (Stage.WITHDRAWN, Stage.MOVED_AWAY):
        for placement in child.placements.filter(status__in=Placement.OPEN):
            placement.status = Placement.Status.WITHDRAWN
            placement.decided_by, placement.decided_at = actor, timezone.now()
            placement.save(update_fields=["status", "decided_by", "decided_at"])
        _close_obsolete(child, Kind.values)
        _set_stage(child, stage, happened_on, actor, note)
    else:
        _close_obsolete(child, [KIND_BY_DONE[stage]])  # type: ignore[index]
        _settle(child, day=happened_on, actor=actor, note=note, step=stage)
    _audit(actor, child.centre, AuditEntry.Kind.UPDATE, f"newcomers.child.stage.{stage}", child, ["stage"])
    return child


@transaction.atomic
def child_pin(*, child: Child, actor: User, quota: SeatQuota | None) -> Child:
    """Fix the seat quota the next placement run must propose (or release the pin)."""
    child.pinned_quota = quota
    child.save(update_fields=["pinned_quota"])
    _audit(actor, child.centre, AuditEntry.Kind.UPDATE, "newcomers.child.pin", child, ["pinned_quota"])
    return child


@transaction.atomic
def child_exclude_school(*, child: Child, actor: User, school: Organisation, excluded: bool) -> Child:
    """Rule a school out for the child's next placement runs (or allow it again)."""
    if excluded:
        child.excluded_schools.add(school)
        if child.pinned_quota_id and child.pinned_quota and child.pinned_quota.school_id == school.pk:
            child.pinned_quota = None
            child.save(update_fields=["pinned_quota"])
    else:
        child.excluded_schools.remove(school)
    _audit(actor, child.centre, AuditEntry.Kind.UPDATE, "newcomers.child.exclude", child, ["excluded_schools"])
    return child


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


SETTING_BY_KIND = {
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
        setting=SETTING_BY_KIND[slot.kind],  # type: ignore[index]
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
        step=BOOKED_STAGE[slot.kind],  # type: ignore[index]
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
            _settle(child, day=day, actor=actor, step=DONE_STAGE[slot.kind])  # type: ignore[index]
        else:
            _settle(child, day=timezone.localdate(), actor=actor, note=_("appointment missed"))
    target: Child | Family | None = children[0] if slot.child_id else slot.family
    _audit(actor, slot.centre, AuditEntry.Kind.UPDATE, "newcomers.slot.outcome", target, ["appointments"])
    return slot


# --- seats and rules -------------------------------------------------------------------------


def seats_taken(quota_ids: Iterable[int]) -> dict[int, int]:
    """Approved and accepted placements per seat quota (the seats that are gone)."""
    rows = (
        Placement.objects.filter(quota_id__in=list(quota_ids), status__in=Placement.TAKES_SEAT)
        .values("quota_id")
        .annotate(n=Count("id"))
    )
    return {row["quota_id"]: row["n"] for row in rows}


@transaction.atomic
def quota_save(*, centre: Centre, actor: User, data: dict[str, Any], quota: SeatQuota | None = None) -> SeatQuota:
    """Create or change a school's seats for newcomers (never below the seats already taken)."""
    created = quota is None
    if quota is not None:
        quota = SeatQuota.objects.select_for_update().get(pk=quota.pk)
    quota = quota or SeatQuota(centre=centre)
    before = {"seats": quota.seats}
    _assign(quota, QUOTA_FIELDS, data)
    if not created:
        taken = seats_taken([quota.pk]).get(quota.pk, 0)
        if quota.seats < taken:
            raise NewcomerError(_("%(taken)s seats are already taken; the number cannot be lower.") % {"taken": taken})
    quota.updated_by = actor
    quota.save()
    audit_record(
        actor=actor,
        centre=centre,
        kind=AuditEntry.Kind.CREATE if created else AuditEntry.Kind.UPDATE,
        action="newcomers.quota.save",
        target=quota,
        changes={"seats": [before["seats"], quota.seats]},
    )
    return quota


@transaction.atomic
def rules_load_defaults(*, centre: Centre, actor: User | None) -> list[EligibilityRule]:
    """Fill an empty rule table with the NRW defaults (the centre adjusts them afterwards)."""
    from anlaufstelle.newcomers.rules import NRW_DEFAULTS

    if EligibilityRule.objects.filter(centre=centre).exists():
        raise NewcomerError(_("The rule table is not empty."))
    rules = [
        EligibilityRule.objects.create(
            centre=centre,
            position=(index + 1) * 10,
            label=default.label,
            min_age=default.min_age,
            max_age=default.max_age,
            literacy=default.literacy,
            min_schooling_years=default.min_schooling_years,
            grade_band=default.grade_band,
            school_forms=encode_codes(list(default.school_forms)),
            class_models=encode_codes(list(default.class_models)),
            max_km=default.max_km,
        )
        for index, default in enumerate(NRW_DEFAULTS)
    ]
    audit_record(
        actor=actor,
        centre=centre,
        kind=AuditEntry.Kind.CREATE,
        action="newcomers.rules.defaults",
        changes={"count": [None, len(rules)]},
    )
    return rules


@transaction.atomic
def rule_save(
    *, centre: Centre, actor: User, data: dict[str, Any], rule: EligibilityRule | None = None
) -> EligibilityRule:
    created = rule is None
    rule = rule or EligibilityRule(centre=centre)
    changed = _assign(rule, RULE_FIELDS, data)
    rule.save()
    _audit(
        actor,
        centre,
        AuditEntry.Kind.CREATE if created else AuditEntry.Kind.UPDATE,
        "newcomers.rule.save",
        rule,
        list(RULE_FIELDS) if created else changed,
    )
    return rule


@transaction.atomic
def rule_delete(*, rule: EligibilityRule, actor: User) -> None:
    audit_record(
        actor=actor, centre=rule.centre, kind=AuditEntry.Kind.DELETE, action="newcomers.rule.delete", target=rule
    )
    rule.delete()


@transaction.atomic
def letter_text_save(
    *, centre: Centre, actor: User, kind: str, language: str, subject: str, body: str
) -> LetterTemplate:
    """The centre's own wording of a letter in one language."""
    row, created = LetterTemplate.objects.update_or_create(
        centre=centre, kind=kind, language=language, defaults={"subject": subject, "body": body, "updated_by": actor}
    )
    audit_record(
        actor=actor,
        centre=centre,
        kind=AuditEntry.Kind.CREATE if created else AuditEntry.Kind.UPDATE,
        action="newcomers.letter_text.save",
        target=row,
    )
    return row


# --- placements ------------------------------------------------------------------------------


@transaction.atomic
def placements_release(*, centre: Centre, actor: User, placements: Iterable[Placement]) -> int:
    """Send draft proposals to the school authority; each child's stage becomes "placement proposed"."""
    today = timezone.localdate()
    count = 0
    ids = [p.pk for p in placements]
    for placement in (
        Placement.objects.select_for_update(of=("self",))
        .filter(centre=centre, pk__in=ids, status=Placement.Status.DRAFT)
        .select_related("child__family")
    ):
        placement.status = Placement.Status.PROPOSED
        placement.save(update_fields=["status"])
        _advance(placement.child, Stage.PLACEMENT_PROPOSED, today, actor)
        count += 1
    audit_record(
        actor=actor,
        centre=centre,
        kind=AuditEntry.Kind.UPDATE,
        action="newcomers.placements.release",
        changes={"count": [None, count]},
    )
    return count


def _lock_free_seat(quota: SeatQuota) -> SeatQuota:
    """Lock the quota row and check a seat is left: two approvals for the last seat never both pass."""
    locked = SeatQuota.objects.select_for_update().get(pk=quota.pk)
    taken = Placement.objects.filter(quota=locked, status__in=Placement.TAKES_SEAT).count()
    if taken >= locked.seats:
        raise NoSeatLeft(
            _("No seat is left at %(school)s for this grade band and class model. Please redirect the child.")
            % {"school": locked.school}
        )
    return locked


@transaction.atomic
def placement_approve(*, placement: Placement, actor: User) -> Placement:
    """The school authority approves a proposal; the seat is taken under a row lock."""
    placement = (
        Placement.objects.select_for_update(of=("self",)).select_related("child__family", "quota").get(pk=placement.pk)
    )
    if placement.status != Placement.Status.PROPOSED:
        raise NewcomerError(_("This proposal has already been decided."))
    _lock_free_seat(placement.quota)
    placement.status = Placement.Status.APPROVED
    placement.decided_by, placement.decided_at = actor, timezone.now()
    placement.save(update_fields=["status", "decided_by", "decided_at"])
    _advance(placement.child, Stage.APPROVED, timezone.localdate(), actor)
    _audit(actor, placement.centre, AuditEntry.Kind.UPDATE, "newcomers.placement.approve", placement, ["status"])
    return placement


def _allowed_seat(child: Child, quota: SeatQuota) -> tuple[SeatQuota, float | None] | None:
    """The quota with the child's distance to it if the centre's rule table allows it today, else None."""
    from anlaufstelle.core.geo import Point
    from anlaufstelle.newcomers.rules import fits, seat_options
    from anlaufstelle.newcomers.runs import school_point

    quota = SeatQuota.objects.select_related("school").prefetch_related("school__addresses").get(pk=quota.pk)
    if quota.centre_id != child.centre_id or not quota.school.is_active:
        return None
    family = child.family
    home = (
        Point(family.latitude, family.longitude)
        if family.latitude is not None and family.longitude is not None
        else None
    )
    rules = fits(EligibilityRule.objects.filter(centre=child.centre, is_active=True))
    points = {quota.school_id: school_point(quota.school)}
    options = seat_options(child, [quota], rules, timezone.localdate(), home, points)
    return options[0] if options else None


@transaction.atomic
def placement_redirect(*, placement: Placement, actor: User, quota: SeatQuota, note: str = "") -> Placement:
    """The school authority places the child elsewhere: the proposal is closed, the new place approved."""
    placement = Placement.objects.select_for_update(of=("self",)).select_related("child__family").get(pk=placement.pk)
    if placement.status != Placement.Status.PROPOSED:
        raise NewcomerError(_("This proposal has already been decided."))
    if quota.pk == placement.quota_id:
        raise NewcomerError(_("Choose a different school or class model, or approve the proposal."))
    allowed = _allowed_seat(placement.child, quota)
    if allowed is None:
        raise NewcomerError(
            _("The rule table does not allow %(school)s for this child (age, schooling, literacy or distance).")
            % {"school": quota.school}
        )
    _lock_free_seat(quota)
    placement.status = Placement.Status.REDIRECTED
    placement.decided_by, placement.decided_at, placement.decision_note = actor, timezone.now(), note[:300]
    placement.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    distance = allowed[1]
    new = Placement.objects.create(
        centre=placement.centre,
        child=placement.child,
        quota=quota,
        status=Placement.Status.APPROVED,
        distance_km=distance,
        reasons=["redirected"],
        decision_note=note[:300],
        decided_by=actor,
        decided_at=timezone.now(),
    )
    _advance(placement.child, Stage.APPROVED, timezone.localdate(), actor, note)
    _audit(actor, placement.centre, AuditEntry.Kind.UPDATE, "newcomers.placement.redirect", new, ["quota", "status"])
    return new


@transaction.atomic
def placement_accept(*, placement: Placement, actor: User, first_school_day: datetime.date) -> Placement:
    """The school confirms the child and names the first school day."""
    placement = Placement.objects.select_for_update(of=("self",)).select_related("child__family").get(pk=placement.pk)
    if placement.status not in (Placement.Status.APPROVED, Placement.Status.ACCEPTED):
        raise NewcomerError(_("Only a place approved by the school authority can be confirmed."))
    placement.status = Placement.Status.ACCEPTED
    placement.first_school_day = first_school_day
    placement.decided_by, placement.decided_at = actor, timezone.now()
    placement.save(update_fields=["status", "first_school_day", "decided_by", "decided_at"])
    child = placement.child
    child.first_school_day = first_school_day
    _advance(child, Stage.ACCEPTED, timezone.localdate(), actor)
    child.save(update_fields=["first_school_day"])
    if first_school_day <= timezone.localdate():
        _set_stage(child, Stage.ATTENDING, first_school_day, actor)
    _audit(actor, placement.centre, AuditEntry.Kind.UPDATE, "newcomers.placement.accept", placement, ["status"])
    return placement


@transaction.atomic
def placement_decline(*, placement: Placement, actor: User, reason: str) -> Placement:
    """The school declines with a reason; the seat is free again and the child waits for a new proposal."""
    if not reason.strip():
        raise NewcomerError(_("Please give a reason."))
    placement = Placement.objects.select_for_update(of=("self",)).select_related("child__family").get(pk=placement.pk)
    if placement.status not in (Placement.Status.PROPOSED, Placement.Status.APPROVED):
        raise NewcomerError(_("This place can no longer be declined."))
    placement.status = Placement.Status.DECLINED
    placement.decision_note = reason[:300]
    placement.decided_by, placement.decided_at = actor, timezone.now()
    placement.save(update_fields=["status", "decision_note", "decided_by", "decided_at"])
    child = placement.child
    if not child.is_final:  # back to what is true before a placement (not to the last step recorded)
        _set_stage(child, _derived_stage(child), timezone.localdate(), actor, reason)
    _audit(actor, placement.centre, AuditEntry.Kind.UPDATE, "newcomers.placement.decline", placement, ["status"])
    return placement


def due_attendance(*, today: datetime.date | None = None) -> int:
    """Children whose confirmed first school day has come are now at school (daily task)."""
    today = today or timezone.localdate()
    count = 0
    for child in Child.objects.filter(stage=Stage.ACCEPTED, first_school_day__lte=today).select_related("family"):
        with transaction.atomic():
            _set_stage(child, Stage.ATTENDING, child.first_school_day or today, None)
            count += 1
    return count


# --- data-subject rights ---------------------------------------------------------------------


@transaction.atomic
def family_erase(*, family: Family, actor: User | None, reason: str) -> None:
    """Erase a family with everything recorded about it; the audit trail keeps numbers only."""
    centre = family.centre
    children = list(family.children.all())
    for slot in AppointmentSlot.objects.filter(Q(child__in=children) | Q(family=family)):
        _free_slot(slot)
    Placement.objects.filter(child__in=children).delete()
    audit_record(
        actor=actor,
        centre=centre,
        kind=AuditEntry.Kind.DELETE,
        action="newcomers.family.erase",
        target=family,
        changes={"reason": [None, reason[:300]], "children": [None, [c.pk for c in children]]},
    )
    family.delete()


def family_export(*, family: Family) -> dict[str, Any]:
    """Everything stored about a family (Art. 15 GDPR), with its processing history."""
    from anlaufstelle.core.audit import snapshot

    children = list(family.children.all())
    targets = Q(target_type="newcomers.family", target_id=str(family.pk)) | Q(
        target_type="newcomers.child", target_id__in=[str(c.pk) for c in children]
    )
    history = AuditEntry.objects.filter(targets).order_by("created_at")
    return {
        "family": snapshot(family),
        "guardians": [snapshot(g) for g in family.guardians.all()],
        "children": [
            {
                **snapshot(child),
                "excluded_schools": [s.name for s in child.excluded_schools.all()],
                "stages": [
                    {
                        "stage": e.stage,
                        "date": e.happened_on.isoformat(),
                        "note": e.note,
                        "appointment": timezone.localtime(e.appointment_at).isoformat() if e.appointment_at else None,
                    }
                    for e in child.stage_events.all()
                ],
                "appointments": [
                    {
                        "kind": a.kind,
                        "starts_at": timezone.localtime(a.starts_at).isoformat(),
                        "place": a.place,
                        "outcome": a.outcome,
                        "whole_family": a.child_id is None,
                    }
                    for a in child_appointments(child).order_by("starts_at")
                ],
                "placements": [
                    {
                        "school": p.quota.school.name,
                        "status": p.status,
                        "distance_km": p.distance_km,
                        "first_school_day": p.first_school_day.isoformat() if p.first_school_day else None,
                        "note": p.decision_note,
                    }
                    for p in child.placements.select_related("quota__school")
                ],
            }
            for child in children
        ],
        "processing_history": [
            {
                "when": timezone.localtime(entry.created_at).isoformat(),
                "who": entry.actor_label,
                "what": entry.action,
                "kind": entry.kind,
            }
            for entry in history
        ],
    }

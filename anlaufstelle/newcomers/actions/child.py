"""Writes of one child: its data, the steps recorded by hand, and the wishes for the next placement run."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anlaufstelle.core.models import AuditEntry, User
from anlaufstelle.newcomers.actions.common import NewcomerError, Stage, _assign, _audit
from anlaufstelle.newcomers.actions.way import Kind, _close_obsolete, _set_stage, _settle
from anlaufstelle.newcomers.models import Child, Family, Placement, SeatQuota, StageEvent
from anlaufstelle.partners.models import Organisation

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


MANUAL_STAGES = (Stage.COUNSELLED, Stage.HEALTH_EXAM_DONE, Stage.ATTENDING, Stage.WITHDRAWN, Stage.MOVED_AWAY)
KIND_BY_DONE: dict[str, str] = {Stage.COUNSELLED: Kind.COUNSELLING, Stage.HEALTH_EXAM_DONE: Kind.HEALTH_EXAM}


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
        _close_obsolete(child, [KIND_BY_DONE[stage]])
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

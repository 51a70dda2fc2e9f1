"""Writes of a family: the intake, changes, and the data-subject rights (Art. 15 and 17 GDPR)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from anlaufstelle.core.audit import audit_record
from anlaufstelle.core.models import AuditEntry, Centre, User
from anlaufstelle.newcomers.actions.child import child_save
from anlaufstelle.newcomers.actions.common import NewcomerError, _assign, _audit, _locate
from anlaufstelle.newcomers.actions.way import _free_slot
from anlaufstelle.newcomers.models import AppointmentSlot, Family, Guardian, Placement
from anlaufstelle.newcomers.models.appointments import child_appointments

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

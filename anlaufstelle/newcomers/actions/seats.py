"""Writes of seat quotas and the eligibility rule table."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from anlaufstelle.core.audit import audit_record
from anlaufstelle.core.languages import encode_codes
from anlaufstelle.core.models import AuditEntry, Centre, User
from anlaufstelle.newcomers.actions.common import NewcomerError, _assign, _audit
from anlaufstelle.newcomers.models import EligibilityRule, Placement, SeatQuota

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
    "max_minutes",
    "is_active",
)


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

"""Retention of newcomer records: a family is erased when its period after the last child's way ended is over."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet

from anlaufstelle.core.retention import RetentionPolicy, register_retention
from anlaufstelle.newcomers.models import AppointmentSlot, Family, Placement


def _due(cutoff: datetime.datetime) -> QuerySet:
    # `closed_on` is set when every child is at school, withdrawn or moved away — and cleared
    # again when a child is added, so an open case is never due.
    return Family.objects.filter(closed_on__isnull=False, closed_on__lt=cutoff.date())


def _purge(families: QuerySet) -> int:
    ids = list(families.values_list("pk", flat=True))
    AppointmentSlot.objects.filter(Q(child__family_id__in=ids) | Q(family_id__in=ids)).update(
        child=None, family=None, booked_by=None, booked_at=None
    )
    Placement.objects.filter(child__family_id__in=ids).delete()
    Family.objects.filter(pk__in=ids).delete()
    return len(ids)


register_retention(
    RetentionPolicy(
        name="newcomers.families",
        description="Newcomer families with their children, stages and placements",
        days_setting="RETENTION_NEWCOMER_FAMILIES_DAYS",
        default_days=730,
        due=_due,
        purge=_purge,
    )
)

"""Retention of volunteer records: unanswered sign-ups and ended volunteers are erased when due."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet

from anlaufstelle.core.retention import RetentionPolicy, register_retention
from anlaufstelle.volunteers.models import Volunteer


def _delete(queryset: QuerySet) -> int:
    return int(queryset.delete()[1].get("volunteers.Volunteer", 0))


register_retention(
    RetentionPolicy(
        name="volunteers.sign_ups",
        description="Sign-ups that never started onboarding",
        days_setting="RETENTION_VOLUNTEER_SIGN_UPS_DAYS",
        default_days=180,
        due=lambda cutoff: Volunteer.objects.filter(status=Volunteer.Status.APPLIED, created_at__lt=cutoff),
        purge=_delete,
    )
)


def _ended(cutoff: datetime.datetime) -> QuerySet:
    return Volunteer.objects.filter(Q(status=Volunteer.Status.ENDED) & Q(ended_on__lt=cutoff.date()))


register_retention(
    RetentionPolicy(
        name="volunteers.ended",
        description="Volunteers whose work ended (with languages, availability and absences)",
        days_setting="RETENTION_VOLUNTEERS_DAYS",
        default_days=1095,
        due=_ended,
        purge=_delete,
    )
)

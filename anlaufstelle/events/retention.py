"""Retention of registrations: unconfirmed ones after two days, all a year after the event."""

from __future__ import annotations

import datetime

from django.db.models import Max, QuerySet

from anlaufstelle.core.retention import RetentionPolicy, register_retention
from anlaufstelle.events.models import RegistrationGroup


def _delete(queryset: QuerySet) -> int:
    return int(queryset.delete()[1].get("events.Registration", 0))


register_retention(
    RetentionPolicy(
        name="events.unconfirmed",
        description="Registrations whose e-mail address was never confirmed",
        days_setting="RETENTION_EVENT_UNCONFIRMED_DAYS",
        default_days=2,
        due=lambda cutoff: RegistrationGroup.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff),
        purge=_delete,
    )
)


def _past(cutoff: datetime.datetime) -> QuerySet:
    ended = (
        RegistrationGroup.objects.annotate(last=Max("registrations__session__event__dates__ends_at"))
        .filter(last__lt=cutoff)
        .values("pk")
    )
    return RegistrationGroup.objects.filter(pk__in=ended)


register_retention(
    RetentionPolicy(
        name="events.registrations",
        description="Registrations, attendance and feedback after the event",
        days_setting="RETENTION_EVENT_REGISTRATIONS_DAYS",
        default_days=365,
        due=_past,
        purge=_delete,
    )
)

"""Retention of the people the networks module names: a contact person's name leaves a consultation
three years after it, and an ended membership two years after its end; a consultation goes after ten."""

from __future__ import annotations

from django.db.models import QuerySet

from anlaufstelle.core.retention import RetentionPolicy, register_retention
from anlaufstelle.networks.models import Consultation, Member


def _unname(queryset: QuerySet) -> int:
    return int(queryset.update(contact=None))


def _delete(queryset: QuerySet) -> int:
    return int(queryset.delete()[1].get("networks.Consultation", 0))


register_retention(
    RetentionPolicy(
        name="networks.consultation_names",
        description="Contact persons named in the consultation log (the entry stays without the name)",
        days_setting="RETENTION_NETWORKS_CONSULTATION_NAMES_DAYS",
        default_days=3 * 365,
        due=lambda cutoff: Consultation.objects.filter(contact__isnull=False, held_on__lt=cutoff.date()),
        purge=_unname,
    )
)

register_retention(
    RetentionPolicy(
        name="networks.member_names",
        description="Contact persons of network memberships that ended (the organisation stays listed)",
        days_setting="RETENTION_NETWORKS_MEMBER_NAMES_DAYS",
        default_days=2 * 365,
        due=lambda cutoff: Member.objects.filter(contact__isnull=False, left_on__lt=cutoff.date()),
        purge=_unname,
    )
)

register_retention(
    RetentionPolicy(
        name="networks.consultations",
        description="Consultations of the log",
        days_setting="RETENTION_NETWORKS_CONSULTATIONS_DAYS",
        default_days=10 * 365,
        due=lambda cutoff: Consultation.objects.filter(held_on__lt=cutoff.date()),
        purge=_delete,
    )
)

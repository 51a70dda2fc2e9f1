"""Retention of loans: a returned loan loses its borrower after a year (only the borrower kind stays,
for the figures); finished holds go after a year."""

from __future__ import annotations

from django.db.models import QuerySet

from anlaufstelle.core.retention import RetentionPolicy, register_retention
from anlaufstelle.library.models import Hold, Loan


def _unlink(queryset: QuerySet) -> int:
    return int(queryset.update(borrower=None))


def _delete(queryset: QuerySet) -> int:
    return int(queryset.delete()[0])


register_retention(
    RetentionPolicy(
        name="library.returned_loans",
        description="The borrower of a returned loan (the loan stays without the person)",
        days_setting="RETENTION_LIBRARY_LOANS_DAYS",
        default_days=365,
        due=lambda cutoff: Loan.objects.filter(returned_at__lt=cutoff, borrower__isnull=False),
        purge=_unlink,
    )
)
register_retention(
    RetentionPolicy(
        name="library.finished_holds",
        description="Holds picked up or cancelled",
        days_setting="RETENTION_LIBRARY_HOLDS_DAYS",
        default_days=365,
        due=lambda cutoff: Hold.objects.filter(
            status__in=[Hold.Status.SERVED, Hold.Status.CANCELLED], placed_at__lt=cutoff
        ),
        purge=_delete,
    )
)

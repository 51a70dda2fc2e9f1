"""Retention: every kind of personal record has a period; a daily job deletes what is due.

Modules register a RetentionPolicy; `apply_retention` (command `manage.py apply_retention`, and
a daily Huey task) runs them all and writes one audit entry with the counts. Nothing that is not
due is touched. See docs/decisions/0007-retention-and-data-subject-rights.md.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django_scopes import scopes_disabled

from anlaufstelle.core.audit import audit_record
from anlaufstelle.core.models import AuditEntry, BackgroundJob, LoginThrottle


@dataclass(frozen=True)
class RetentionPolicy:
    name: str
    description: str
    days_setting: str
    default_days: int
    due: Callable[[datetime.datetime], QuerySet]  # records older than the cutoff
    purge: Callable[[QuerySet], int]  # delete or anonymise; returns how many

    @property
    def days(self) -> int:
        return int(getattr(settings, self.days_setting, self.default_days))


POLICIES: dict[str, RetentionPolicy] = {}
ONE_DAY = datetime.timedelta(days=1)


def register_retention(policy: RetentionPolicy) -> RetentionPolicy:
    if policy.name in POLICIES:
        raise ValueError(f"Retention policy {policy.name!r} is registered twice.")
    POLICIES[policy.name] = policy
    return policy


def apply_retention(*, now: datetime.datetime | None = None, dry_run: bool = False) -> dict[str, int]:
    """Delete or anonymise every record whose retention period has ended; return counts."""
    now = now or timezone.now()
    counts: dict[str, int] = {}
    # Needed: the nightly run purges what is due in every centre at once, in one transaction, and
    # the policies' querysets are written per table, not per centre.
    with scopes_disabled(), transaction.atomic():
        for policy in POLICIES.values():
            due = policy.due(now - datetime.timedelta(days=policy.days))
            counts[policy.name] = due.count() if dry_run else policy.purge(due)
        if not dry_run:
            audit_record(
                actor=None,
                centre=None,
                kind=AuditEntry.Kind.DELETE,
                action="core.retention.apply",
                changes={name: [None, count] for name, count in counts.items() if count},
            )
    return counts


def _purge_audit(entries: QuerySet) -> int:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL anlaufstelle.audit_retention = 'on'")
    count = entries.count()
    entries._raw_delete(entries.db)  # type: ignore[attr-defined]  # bypasses the append-only guard
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL anlaufstelle.audit_retention = 'off'")
    return count


def _purge_jobs(jobs: QuerySet) -> int:
    count = 0
    for job in jobs:
        files = [file for file in (job.input_file, job.result_file) if file]
        job.delete()
        # Files go only once the deletion is committed, so a rollback never leaves rows without files.
        for file in files:
            transaction.on_commit(functools.partial(file.storage.delete, file.name))
        count += 1
    return count


def _delete(queryset: QuerySet) -> int:
    return int(queryset.delete()[0])


register_retention(
    RetentionPolicy(
        name="core.audit_trail",
        description="Audit trail entries (who did or saw what)",
        days_setting="RETENTION_AUDIT_DAYS",
        default_days=730,
        due=lambda cutoff: AuditEntry.objects.filter(created_at__lt=cutoff),
        purge=_purge_audit,
    )
)
register_retention(
    RetentionPolicy(
        name="core.background_jobs",
        description="Background jobs with their uploaded and produced files",
        days_setting="RETENTION_JOBS_DAYS",
        default_days=30,
        due=lambda cutoff: BackgroundJob.objects.filter(created_at__lt=cutoff).exclude(
            status__in=[BackgroundJob.Status.QUEUED, BackgroundJob.Status.RUNNING], created_at__gte=cutoff - ONE_DAY
        ),
        purge=_purge_jobs,
    )
)


def _sessions(cutoff: datetime.datetime) -> QuerySet:
    from django.contrib.sessions.models import Session

    return Session.objects.filter(expire_date__lt=timezone.now())


def _login_attempts(cutoff: datetime.datetime) -> QuerySet:
    from axes.models import AccessAttempt

    return AccessAttempt.objects.filter(attempt_time__lt=cutoff)


register_retention(
    RetentionPolicy(
        name="core.expired_sessions",
        description="Expired sign-in sessions",
        days_setting="RETENTION_SESSIONS_DAYS",
        default_days=0,
        due=_sessions,
        purge=_delete,
    )
)
register_retention(
    RetentionPolicy(
        name="core.failed_logins",
        description="Records of failed sign-in attempts (throttling)",
        days_setting="RETENTION_FAILED_LOGINS_DAYS",
        default_days=90,
        due=_login_attempts,
        purge=_delete,
    )
)
register_retention(
    RetentionPolicy(
        name="core.login_throttles",
        description="Counters of failed sign-ins per account (keyed hashes of e-mail addresses)",
        days_setting="RETENTION_LOGIN_THROTTLE_DAYS",
        default_days=2,
        due=lambda cutoff: LoginThrottle.objects.filter(last_failure_at__lt=cutoff),
        purge=_delete,
    )
)


def _closed_invitations(cutoff: datetime.datetime) -> QuerySet:
    from django.db.models import Q

    from anlaufstelle.core.models import Invitation

    # Accepted or withdrawn before the cutoff, or left to expire before it.
    return Invitation.objects.filter(
        Q(closed_at__lt=cutoff) | Q(status=Invitation.Status.PENDING, expires_at__lt=cutoff)
    )


register_retention(
    RetentionPolicy(
        name="core.invitations",
        description="Invitations (e-mail address and roles) once accepted, withdrawn or expired",
        days_setting="RETENTION_INVITATIONS_DAYS",
        default_days=90,
        due=_closed_invitations,
        purge=_delete,
    )
)

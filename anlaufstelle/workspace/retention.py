"""Messages are kept for a while and then deleted (they may name a child or a person)."""

from __future__ import annotations

from django.db.models import QuerySet

from anlaufstelle.core.retention import RetentionPolicy, register_retention
from anlaufstelle.workspace.models import Notification


def _delete(queryset: QuerySet) -> int:
    return int(queryset.delete()[1].get("workspace.Notification", 0))


register_retention(
    RetentionPolicy(
        name="workspace.notifications",
        description="Messages to staff about hand-offs",
        days_setting="RETENTION_NOTIFICATIONS_DAYS",
        default_days=90,
        due=lambda cutoff: Notification.objects.filter(created_at__lt=cutoff),
        purge=_delete,
    )
)

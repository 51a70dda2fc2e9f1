"""Writing the audit trail. Actions call these inside their transaction."""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models

from anlaufstelle.core.models import AuditEntry, Centre, User
from anlaufstelle.core.request_context import current_ip


def _plain(value: Any) -> Any:
    """JSON-safe representation of a field value for before/after records."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, list | tuple | set):
        return sorted(str(_plain(item)) for item in value)
    if hasattr(value, "name"):  # FieldFile
        return value.name or ""
    return str(value)


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The concrete field values of `instance`, for comparing before and after a change."""
    names = fields or [f.attname for f in instance._meta.concrete_fields if not f.primary_key and f.editable]
    return {name: _plain(getattr(instance, name)) for name in names}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for every field whose value changed."""
    keys = set(before) | set(after)
    return {key: [before.get(key), after.get(key)] for key in sorted(keys) if before.get(key) != after.get(key)}


def _target(target: models.Model | None) -> dict[str, str]:
    if target is None:
        return {}
    return {
        "target_type": target._meta.label_lower,
        "target_id": str(target.pk),
        # Personal records name themselves without personal data (e.g. "Contact person #12"),
        # so that erasing the person leaves no name behind in the append-only trail.
        "target_repr": str(getattr(target, "audit_label", None) or target)[:300],
    }


def audit_record(
    *,
    actor: User | None,
    centre: Centre | None,
    kind: str,
    action: str,
    target: models.Model | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the audit trail."""
    entry = AuditEntry(
        centre=centre,
        actor=actor if actor is not None and actor.pk else None,
        actor_label=(actor.email if actor is not None and actor.pk else "")[:254],
        kind=kind,
        action=action,
        changes=changes or {},
        ip_address=current_ip(),
        **_target(target),
    )
    entry.save(force_insert=True)
    return entry


def audit_reads(*, actor: User, centre: Centre, action: str, targets: Iterable[models.Model]) -> None:
    """Record that `actor` saw the personal records `targets` (one entry each, one query)."""
    ip = current_ip()
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                centre=centre,
                actor=actor,
                actor_label=actor.email,
                kind=AuditEntry.Kind.READ,
                action=action,
                ip_address=ip,
                **_target(target),
            )
            for target in targets
        ]
    )

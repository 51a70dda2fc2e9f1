"""What the news actions share: putting a record on or off the public pages."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models

from anlaufstelle.core.audit import audit_record, diff, snapshot
from anlaufstelle.core.models import AuditEntry, User
from anlaufstelle.core.public_cache import public_changed

Record = TypeVar("Record", bound=models.Model)


def set_public_state(record: Record, *, actor: User | None, action: str, values: dict[str, Any]) -> Record:
    """Inside the caller's transaction, with `record` locked: write `values` (status and its time),
    audit the change and drop the centre's cached public pages."""
    fields = tuple(values)
    before = snapshot(record, fields)
    for name, value in values.items():
        setattr(record, name, value)
    record.save(update_fields=[*fields, "updated_at"])
    centre_id = record.centre_id  # type: ignore[attr-defined]
    audit_record(
        actor=actor,
        centre=record.centre,  # type: ignore[attr-defined]
        kind=AuditEntry.Kind.UPDATE,
        action=action,
        target=record,
        changes=diff(before, snapshot(record, fields)),
    )
    public_changed(centre_id=centre_id)
    return record

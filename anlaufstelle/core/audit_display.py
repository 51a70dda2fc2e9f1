"""The audit trail as people read it: the kind of record and its fields by their labels.

An entry stores codes (`partners.organisation`, `district`) so that it stays true when labels
change; the page translates them when it shows them, in the reader's language: "Organisation
geändert", "Stadtteil: Mitte → Nord". Fields whose value did not change are never shown as changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from anlaufstelle.core.models import AuditEntry


@dataclass(frozen=True)
class Change:
    label: str
    before: Any
    after: Any


@dataclass(frozen=True)
class ReadableEntry:
    entry: AuditEntry
    record_type: str  # "Organisation", "Familie" … ("" when the entry names no record)
    changes: list[Change]


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label) if label and "." in label else None
    except LookupError:
        return None


def _field_label(model: type[models.Model] | None, name: str) -> str:
    if model is None:
        return name
    try:
        field = model._meta.get_field(name.removesuffix("_id"))
    except FieldDoesNotExist:
        return name
    label = getattr(field, "verbose_name", None)
    return str(label)[:1].upper() + str(label)[1:] if label else name


def readable(entry: AuditEntry) -> ReadableEntry:
    """One entry with the record's kind and its changes by field label, unchanged values left out."""
    model = _model(entry.target_type)
    record_type = ""
    if model is not None:
        name = str(model._meta.verbose_name)
        record_type = name[:1].upper() + name[1:]
    changes = []
    for name, values in (entry.changes or {}).items():
        if isinstance(values, list | tuple) and len(values) == 2:
            before, after = values
            if before == after:
                continue
        else:
            before, after = None, values
        changes.append(Change(label=_field_label(model, name), before=before, after=after))
    # By label: the stored order is not kept everywhere (PostgreSQL's jsonb sorts keys its own way).
    changes.sort(key=lambda change: change.label.casefold())
    return ReadableEntry(entry=entry, record_type=record_type, changes=changes)

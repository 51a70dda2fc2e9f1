"""The audit trail as people read it: the kind of record and its fields by their labels.

An entry stores codes (`partners.organisation`, `district`) so that it stays true when labels
change; the page translates them when it shows them, in the reader's language: "Organisation
geändert", "Stadtteil: Mitte → Nord". Fields whose value did not change are never shown as changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _

from anlaufstelle.core.bidi import FSI, LRI, PDI, RLI, isolate
from anlaufstelle.core.models import AuditEntry, Centre, Membership


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
    sentence: str = ""  # "Anna Beispiel hat Organisation „Verein Nord“ geändert." (plain text, isolated values)

    def changes_text(self) -> str:
        """The changes on one line, for the CSV export: "Stadtteil: Mitte → Nord; …"."""
        return "; ".join(f"{c.label}: {_value(c.before)} → {_value(c.after)}" for c in self.changes)


def _value(value: Any) -> str:
    return "–" if value is None or value == "" else str(value)


# One sentence per kind of entry. %(who)s is the person, %(what)s the record ("Organisation „Verein Nord“").
def _sentences() -> dict[str, tuple[str, str]]:
    """Per kind: the sentence with a record, and the one without (an export of a list, a sign-in)."""
    return {
        AuditEntry.Kind.CREATE: (_("%(who)s created %(what)s."), _("%(who)s created a record.")),
        AuditEntry.Kind.UPDATE: (_("%(who)s changed %(what)s."), _("%(who)s changed a record.")),
        AuditEntry.Kind.DELETE: (_("%(who)s deleted %(what)s."), _("%(who)s deleted a record.")),
        AuditEntry.Kind.READ: (_("%(who)s viewed %(what)s."), _("%(who)s viewed a record.")),
        AuditEntry.Kind.EXPORT: (_("%(who)s exported %(what)s."), _("%(who)s exported data.")),
        AuditEntry.Kind.IMPORT: (_("%(who)s imported %(what)s."), _("%(who)s imported data.")),
        AuditEntry.Kind.MERGE: (_("%(who)s merged %(what)s."), _("%(who)s merged two records.")),
    }


def _sentence(entry: AuditEntry, record_type: str, who: str) -> str:
    with_record, without = _sentences().get(entry.kind, (_("%(who)s: %(what)s."), _("%(who)s acted.")))
    if entry.target_repr or record_type:
        what = " ".join(
            part for part in (record_type, f"„{isolate(entry.target_repr)}“" if entry.target_repr else "") if part
        )
        return with_record % {"who": who, "what": what}
    return without % {"who": who}


def names_in(centre: Centre, entries: Iterable[AuditEntry]) -> dict[int, str]:
    """The names this centre knows the entries' people by (one query): the name given in the centre,
    else the account's name."""
    ids = {entry.actor_id for entry in entries if entry.actor_id}
    names: dict[int, str] = {}
    for user_id, centre_name, account_name in Membership.objects.filter(centre=centre, user_id__in=ids).values_list(
        "user_id", "full_name", "user__full_name"
    ):
        names[user_id] = names.get(user_id) or centre_name or account_name
    return names


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


def readable(entry: AuditEntry, names: dict[int, str] | None = None) -> ReadableEntry:
    """One entry with the record's kind, its changes by field label (unchanged values left out) and a
    sentence naming who did what; `names` from `names_in` (else the stored e-mail address)."""
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
    who = (names or {}).get(entry.actor_id or 0) or entry.actor_label or _("The platform")
    sentence = _sentence(entry, record_type, isolate(who))
    return ReadableEntry(entry=entry, record_type=record_type, changes=changes, sentence=sentence)


def record_types(centre: Centre) -> list[tuple[str, str]]:
    """The kinds of record the centre's trail names, by label (for the filter)."""
    codes = (
        AuditEntry.objects.filter(centre=centre)
        .exclude(target_type="")
        .order_by()
        .values_list("target_type", flat=True)
        .distinct()
    )
    labelled = []
    for code in sorted(set(codes)):
        model = _model(code)
        name = str(model._meta.verbose_name) if model is not None else code
        labelled.append((code, name[:1].upper() + name[1:]))
    return sorted(labelled, key=lambda pair: pair[1].casefold())


def strip_isolates(text: str) -> str:
    """`text` without the bidi isolate marks (a spreadsheet shows them as stray characters)."""
    return text.translate({ord(mark): None for mark in (FSI, LRI, RLI, PDI)})

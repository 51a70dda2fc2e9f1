"""Writes on a centre's volunteer setup: its pools and its interpreting rules."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from anlaufstelle.core.audit import audit_record
from anlaufstelle.core.models import AuditEntry, Centre, User
from anlaufstelle.volunteers import rules
from anlaufstelle.volunteers.actions.volunteer import RowEdit
from anlaufstelle.volunteers.errors import VolunteerError
from anlaufstelle.volunteers.models import InterpretingSettings, Pool


@transaction.atomic
def pools_save(*, centre: Centre, actor: User, rows: list[RowEdit]) -> None:
    """Create, rename and remove pools; a pool with members cannot be removed."""
    existing = {pool.pk: pool for pool in Pool.objects.filter(centre=centre, pk__in=[r.pk for r in rows if r.pk])}
    removed = [existing[r.pk] for r in rows if r.delete and r.pk in existing]
    for pool in removed:
        if pool.volunteers.exists():
            raise VolunteerError(_("The pool “%(name)s” still has members; move them first.") % {"name": pool.name})
    saved = []
    try:
        with transaction.atomic():
            for row in rows:
                if row.delete:
                    continue
                pool = existing[row.pk] if row.pk is not None else Pool(centre=centre)
                for name, value in row.values.items():
                    setattr(pool, name, value)
                pool.save()
                saved.append(pool)
    except IntegrityError as exc:
        raise VolunteerError(_("Two pools cannot have the same name.")) from exc
    for pool in removed:
        pool.delete()
    audit_record(
        actor=actor,
        centre=centre,
        kind=AuditEntry.Kind.UPDATE,
        action="volunteers.pools",
        changes={"saved": [None, [p.name for p in saved]], "removed": [None, [p.name for p in removed]]},
    )


@transaction.atomic
def interpreting_settings_update(*, centre: Centre, actor: User, data: dict[str, Any]) -> InterpretingSettings:
    """Change the centre's lead time, kinds not served, allowance rule and tax-free limit.

    New rules apply to hours approved from now on: approved amounts are fixed on the assignment.
    """
    current = rules.settings_for(centre)
    changed = [name for name, value in data.items() if getattr(current, name) != value]
    before = {name: str(getattr(current, name)) for name in changed}
    for name in changed:
        setattr(current, name, data[name])
    current.save()
    audit_record(
        actor=actor,
        centre=centre,
        kind=AuditEntry.Kind.UPDATE,
        action="volunteers.settings.update",
        target=current,
        changes={name: [before[name], str(getattr(current, name))] for name in changed},
    )
    return current

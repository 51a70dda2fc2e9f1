"""Every write of the reports module: atomic, keyword-only, audited in the same transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from anlaufstelle.core.audit import audit_record, diff, snapshot
from anlaufstelle.core.models import AuditEntry, Centre, User
from anlaufstelle.reports import imports
from anlaufstelle.reports.errors import ImportRefused, ReportsError
from anlaufstelle.reports.models import (
    Concept,
    ConceptIndicator,
    ExternalValue,
    FieldOfAction,
    Goal,
    ImportBatch,
    Measure,
    Sharing,
)
from anlaufstelle.reports.registry import INDICATORS

CONCEPT_FIELDS = ("title", "first_year", "last_year", "summary")
FIELD_FIELDS = ("title", "position")
GOAL_FIELDS = ("field", "title", "description")
MEASURE_FIELDS = ("goal", "title", "owner", "status", "starts_on", "ends_on", "links")
INDICATOR_FIELDS = (
    "goal",
    "kind",
    "platform_id",
    "series",
    "label",
    "definition",
    "unit",
    "source",
    "baseline",
    "baseline_year",
    "target",
    "target_year",
    "area",
)


def _same_centre(centre: Centre, *objects: Any) -> None:
    for obj in objects:
        if obj is not None and obj.centre_id != centre.pk:
            raise ValueError("An object of another centre.")


def _save(instance: Model, *, fields: tuple[str, ...], data: dict[str, Any], actor: User, action: str) -> Any:
    created = instance.pk is None
    before = {} if created else snapshot(instance, fields)
    for name in fields:
        if name in data:
            setattr(instance, name, data[name])
    instance.save()
    audit_record(
        actor=actor,
        centre=instance.centre,  # type: ignore[attr-defined]
        kind=AuditEntry.Kind.CREATE if created else AuditEntry.Kind.UPDATE,
        action=action,
        target=instance,
        changes=diff(before, snapshot(instance, fields)),
    )
    return instance


@transaction.atomic
def concept_save(*, centre: Centre, actor: User, data: dict[str, Any], concept: Concept | None = None) -> Concept:
    """Create or change an integration concept; its last year is not before its first."""
    if data["last_year"] < data["first_year"]:
        raise ReportsError(_("The period ends before it begins."), field="last_year")
    return _save(
        concept or Concept(centre=centre), fields=CONCEPT_FIELDS, data=data, actor=actor, action="reports.concept.save"
    )


@transaction.atomic
def field_save(
    *, concept: Concept, actor: User, data: dict[str, Any], field: FieldOfAction | None = None
) -> FieldOfAction:
    """Create or change a field of action of the concept."""
    instance = field or FieldOfAction(centre=concept.centre, concept=concept)
    return _save(instance, fields=FIELD_FIELDS, data=data, actor=actor, action="reports.field.save")


@transaction.atomic
def goal_save(*, centre: Centre, actor: User, data: dict[str, Any], goal: Goal | None = None) -> Goal:
    """Create or change a goal in a field of action."""
    _same_centre(centre, data.get("field"))
    return _save(goal or Goal(centre=centre), fields=GOAL_FIELDS, data=data, actor=actor, action="reports.goal.save")


@transaction.atomic
def measure_save(*, centre: Centre, actor: User, data: dict[str, Any], measure: Measure | None = None) -> Measure:
    """Create or change a measure with its partner organisations; it does not end before it starts."""
    _same_centre(centre, data.get("goal"), *data.get("partners", []))
    if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
        raise ReportsError(_("The measure ends before it starts."), field="ends_on")
    saved = _save(
        measure or Measure(centre=centre), fields=MEASURE_FIELDS, data=data, actor=actor, action="reports.measure.save"
    )
    if "partners" in data:
        saved.partners.set(data["partners"])
    return saved


@transaction.atomic
def indicator_save(
    *, centre: Centre, actor: User, data: dict[str, Any], indicator: ConceptIndicator | None = None
) -> ConceptIndicator:
    """Create or change a goal's indicator. A platform indicator takes its definition and unit from the
    registry (never typed in); an imported one names its series."""
    _same_centre(centre, data.get("goal"))
    data = dict(data)
    if data["kind"] == ConceptIndicator.Source.PLATFORM:
        declared = INDICATORS.get(data.get("platform_id") or "")
        if declared is None:
            raise ReportsError(_("Choose an indicator of the platform."), field="platform_id")
        data.update(
            series="",
            definition=str(declared.definition),
            unit=str(declared.unit),
            source=str(_("Anlaufstelle, module %(module)s") % {"module": declared.source}),
            label=data.get("label") or str(declared.label),
        )
    else:
        if not data.get("series"):
            raise ReportsError(_("Name the imported series."), field="series")
        data["platform_id"] = ""
        if not data.get("label"):
            raise ReportsError(_("Give the indicator a name."), field="label")
    return _save(
        indicator or ConceptIndicator(centre=centre),
        fields=INDICATOR_FIELDS,
        data=data,
        actor=actor,
        action="reports.indicator.save",
    )


@transaction.atomic
def sharing_save(*, centre: Centre, actor: User, with_state: bool) -> Sharing:
    """Turn the centre's share in the state view on or off."""
    sharing, _created = Sharing.objects.get_or_create(centre=centre)
    return _save(
        sharing, fields=("with_state",), data={"with_state": with_state}, actor=actor, action="reports.sharing.save"
    )


@transaction.atomic
def external_import(
    *,
    centre: Centre,
    actor: User,
    table: Any,
    mapping: imports.Mapping,
    series: str,
    label: str,
    unit: str = "",
    source: str = "",
    file_name: str = "",
) -> ImportBatch:
    """Import a series' values from a read table: all rows or none. The series' values of the periods the
    file holds, imported before, are replaced by the file's."""
    checked = imports.check(table.rows, table.row_numbers, table.headers, mapping)
    if checked.problems:
        count = len(checked.problems)
        raise ImportRefused(
            ngettext(
                "The file has %(count)s error; nothing was imported.",
                "The file has %(count)s errors; nothing was imported.",
                count,
            )
            % {"count": count},
            problems=checked.problems,
        )
    batch = ImportBatch.objects.create(
        centre=centre,
        series=series,
        label=label,
        unit=unit,
        source=source,
        file_name=file_name[:255],
        rows=len(checked.rows),
        imported_by=actor if actor and actor.pk else None,
    )
    periods = {row.period for row in checked.rows}
    ExternalValue.objects.filter(centre=centre, series=series, period__in=periods).delete()
    ExternalValue.objects.bulk_create(
        ExternalValue(
            centre=centre, batch=batch, series=series, period=r.period, area=r.area, group=r.group, value=r.value
        )
        for r in checked.rows
    )
    audit_record(
        actor=actor,
        centre=centre,
        kind=AuditEntry.Kind.CREATE,
        action="reports.import",
        target=batch,
        changes={"series": series, "rows": len(checked.rows), "withheld": checked.withheld},
    )
    return batch

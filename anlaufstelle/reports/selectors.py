"""Reads of the reports module: the concept with everything under it, indicator values, the dashboard."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from anlaufstelle.core.models import Centre
from anlaufstelle.reports import charts
from anlaufstelle.reports.models import (
    Concept,
    ConceptIndicator,
    ExternalValue,
    FieldOfAction,
    Goal,
    ImportBatch,
    Measure,
)
from anlaufstelle.reports.registry import INDICATORS, Query, compute, value_of


def concept_list(*, centre: Centre) -> QuerySet[Concept]:
    return Concept.objects.filter(centre=centre)


def concept_get(*, centre: Centre, pk: int) -> Concept:
    return Concept.objects.get(centre=centre, pk=pk)


def field_get(*, centre: Centre, pk: int) -> FieldOfAction:
    return FieldOfAction.objects.select_related("concept").get(centre=centre, pk=pk)


def goal_get(*, centre: Centre, pk: int) -> Goal:
    return Goal.objects.select_related("field__concept").get(centre=centre, pk=pk)


def measure_get(*, centre: Centre, pk: int) -> Measure:
    return Measure.objects.select_related("goal__field__concept").get(centre=centre, pk=pk)


def indicator_get(*, centre: Centre, pk: int) -> ConceptIndicator:
    return ConceptIndicator.objects.select_related("goal__field__concept").get(centre=centre, pk=pk)


def concept_fields(*, concept: Concept) -> list[FieldOfAction]:
    """The concept's fields of action with their goals, measures (and partners) and indicators, in five queries."""
    measures: Prefetch[Any, Any, Any] = Prefetch("measures", queryset=Measure.objects.prefetch_related("partners"))
    goals = Goal.objects.prefetch_related(measures, "indicators")
    return list(concept.fields.prefetch_related(Prefetch("goals", queryset=goals)))


def concept_indicators(*, concept: Concept) -> list[ConceptIndicator]:
    return list(
        ConceptIndicator.objects.filter(centre=concept.centre, goal__field__concept=concept).select_related("goal")
    )


@dataclass
class Series:
    """An indicator's values per year (None where there is none), with what the reader needs to weigh them."""

    indicator: ConceptIndicator
    years: list[str]
    values: list[float | None]
    computed_at: datetime.datetime | None = None

    @property
    def latest(self) -> float | None:
        known = [v for v in self.values if v is not None]
        return known[-1] if known else None


def indicator_series(
    *, centre: Centre, indicators: list[ConceptIndicator], first_year: int, last_year: int, district: str = ""
) -> list[Series]:
    """Every indicator's yearly values: one query per platform indicator, one for all imported ones."""
    from django.utils import timezone

    query = Query(
        centre=centre, first=datetime.date(first_year, 1, 1), last=datetime.date(last_year, 12, 31), grain="year"
    )
    years = query.periods()
    imported: dict[str, dict[str, Decimal]] = defaultdict(dict)
    wanted = {i.series for i in indicators if i.kind == ConceptIndicator.Source.IMPORTED}
    if wanted:
        rows = ExternalValue.objects.filter(centre=centre, series__in=wanted, period__in=years, group="")
        areas = {i.series: i.area for i in indicators if i.kind == ConceptIndicator.Source.IMPORTED}
        for row in rows:
            if not areas.get(row.series) or row.area == areas[row.series]:
                imported[row.series][row.period] = imported[row.series].get(row.period, Decimal(0)) + row.value
    result = []
    for indicator in indicators:
        if indicator.kind == ConceptIndicator.Source.PLATFORM:
            declared = INDICATORS.get(indicator.platform_id)
            if declared is None:  # the module that declared it is no longer installed
                result.append(Series(indicator, years, [None] * len(years)))
                continue
            points = compute(declared, query)
            values = [value_of(declared, points, period=year, district=district or indicator.area) for year in years]
            result.append(
                Series(indicator, years, [None if v is None else float(v) for v in values], computed_at=timezone.now())
            )
        else:
            found = imported.get(indicator.series, {})
            result.append(Series(indicator, years, [float(found[y]) if y in found else None for y in years]))
    return result


def dashboard(
    *, centre: Centre, concept: Concept, first_year: int, last_year: int, district: str = ""
) -> dict[str, Any]:
    """The dashboard's charts, each with its table: every indicator's trend, and targets against the latest values."""
    indicators = concept_indicators(concept=concept)
    series = indicator_series(
        centre=centre, indicators=indicators, first_year=first_year, last_year=last_year, district=district
    )
    trends = [
        charts.line_chart(
            id=f"trend-{s.indicator.pk}",
            title=s.indicator.label,
            header=_("Year"),
            periods=s.years,
            series=[(s.indicator.label, s.values)],
            unit=s.indicator.unit,
        )
        for s in series
    ]
    with_target = [s for s in series if s.indicator.target is not None]
    target = (
        charts.target_chart(
            id="targets",
            title=_("Latest value against target"),
            header=_("Indicator"),
            labels=[s.indicator.label for s in with_target],
            actual=[s.latest for s in with_target],
            target=[float(s.indicator.target) for s in with_target if s.indicator.target is not None],
            units=[s.indicator.unit for s in with_target],
        )
        if with_target
        else None
    )
    return {"series": series, "trends": trends, "target": target}


def import_list(*, centre: Centre) -> QuerySet[ImportBatch]:
    return ImportBatch.objects.filter(centre=centre)[:20]

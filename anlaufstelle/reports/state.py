"""The state view: counts per centre and period across the installation, suppressed for publication.

Only centres that share (`Sharing.with_state`) appear; only indicators declared `state=True` (counts)
are offered; no period is finer than a month; every table passes `disclosure.protect` with the
installation's k (setting REPORTS_DISCLOSURE_K, default 5) before anyone sees it — the state
analyst, the export and the open JSON endpoint read the same protected table.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone
from django_scopes import scopes_disabled

from anlaufstelle.core.models import Centre
from anlaufstelle.reports.disclosure import DEFAULT_K, Protected, protect
from anlaufstelle.reports.models import Sharing
from anlaufstelle.reports.registry import INDICATORS, Grain, Indicator, Query, compute, period_keys, value_of

SCHEMA_VERSION = "1.0"


def disclosure_k() -> int:
    return int(getattr(settings, "REPORTS_DISCLOSURE_K", DEFAULT_K))


def state_indicators() -> list[Indicator]:
    return sorted((i for i in INDICATORS.values() if i.state and i.additive), key=lambda i: str(i.label))


def sharing_centres() -> list[Centre]:
    with scopes_disabled():
        ids = Sharing.objects.filter(with_state=True).values_list("centre_id", flat=True)
        return list(Centre.objects.filter(pk__in=list(ids)).order_by("name"))


@dataclass(frozen=True)
class StateTable:
    indicator: Indicator
    grain: Grain
    year: int
    periods: list[str]
    centres: list[Centre]
    protected: Protected
    k: int
    computed_at: datetime.datetime

    def rows(self) -> list[tuple[Centre, tuple[int | None, ...], int | None]]:
        return list(zip(self.centres, self.protected.cells, self.protected.row_totals, strict=True))

    def row_of(self, centre: Centre) -> tuple[tuple[int | None, ...], int | None] | None:
        for other, cells, total in self.rows():
            if other.pk == centre.pk:
                return cells, total
        return None


def state_table(
    *, indicator: Indicator, year: int, grain: Grain = "month", centres: list[Centre] | None = None
) -> StateTable:
    """The indicator's counts per sharing centre (rows) and period (columns), protected.

    `grain="month"`: the twelve months of `year`; `grain="year"`: the five years up to `year`."""
    if not (indicator.state and indicator.additive):
        raise ValueError(f"{indicator.id} is not published in the state view.")
    centres = sharing_centres() if centres is None else centres
    first = datetime.date(year, 1, 1) if grain == "month" else datetime.date(year - 4, 1, 1)
    last = datetime.date(year, 12, 31)
    periods = period_keys(first, last, grain)
    table: list[list[int]] = []
    for centre in centres:
        query = Query(centre=centre, first=first, last=last, grain=grain)
        points = compute(indicator, query)
        table.append([int(value_of(indicator, points, period=p) or 0) for p in periods])
    k = disclosure_k()
    return StateTable(
        indicator=indicator,
        grain=grain,
        year=year,
        periods=periods,
        centres=centres,
        protected=protect(table, k=k),
        k=k,
        computed_at=timezone.now(),
    )


def as_rows(table: StateTable) -> tuple[list[str], list[list[Any]]]:
    """Headers and rows for CSV/XLSX: a suppressed cell is written as "." (the statistical offices' mark)."""

    def shown(value: int | None) -> Any:
        return "." if value is None else value

    headers = ["centre", *table.periods, "total"]
    rows = [[c.name, *(shown(v) for v in cells), shown(total)] for c, cells, total in table.rows()]
    rows.append(["total", *(shown(v) for v in table.protected.column_totals), shown(table.protected.total)])
    return headers, rows


def as_json(table: StateTable) -> dict[str, Any]:
    """The open JSON document (schema in `json_schema()`): null stands for a suppressed value."""
    return {
        "schema": SCHEMA_VERSION,
        "indicator": {
            "id": table.indicator.id,
            "label": str(table.indicator.label),
            "definition": str(table.indicator.definition),
            "unit": str(table.indicator.unit),
        },
        "grain": table.grain,
        "periods": table.periods,
        "disclosure": {"k": table.k, "suppressed": "null"},
        "computed_at": table.computed_at.isoformat(timespec="seconds"),
        "centres": [
            {"slug": c.slug, "name": c.name, "values": list(cells), "total": total} for c, cells, total in table.rows()
        ],
        "totals": {"values": list(table.protected.column_totals), "total": table.protected.total},
    }


def json_schema() -> dict[str, Any]:
    """JSON Schema (2020-12) of `as_json`."""
    nullable_count = {"type": ["integer", "null"], "minimum": 0}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "anlaufstelle:reports:state-view:1.0",
        "title": "Anlaufstelle state view: counts per centre and period, suppressed",
        "type": "object",
        "required": ["schema", "indicator", "grain", "periods", "disclosure", "computed_at", "centres", "totals"],
        "properties": {
            "schema": {"const": SCHEMA_VERSION},
            "indicator": {
                "type": "object",
                "required": ["id", "label", "definition", "unit"],
                "properties": {k: {"type": "string"} for k in ("id", "label", "definition", "unit")},
            },
            "grain": {"enum": ["year", "month"]},
            "periods": {"type": "array", "items": {"type": "string", "pattern": "^[0-9]{4}(-[0-9]{2})?$"}},
            "disclosure": {
                "type": "object",
                "properties": {"k": {"type": "integer", "minimum": 1}, "suppressed": {"const": "null"}},
            },
            "computed_at": {"type": "string", "format": "date-time"},
            "centres": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["slug", "name", "values", "total"],
                    "properties": {
                        "slug": {"type": "string"},
                        "name": {"type": "string"},
                        "values": {"type": "array", "items": nullable_count},
                        "total": nullable_count,
                    },
                },
            },
            "totals": {
                "type": "object",
                "properties": {"values": {"type": "array", "items": nullable_count}, "total": nullable_count},
            },
        },
    }

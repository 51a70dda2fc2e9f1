"""Platform indicators as declared queries: each module registers its own in `<app>/report_indicators.py`.

An indicator has an id (`<app>.<what>`), a label, a definition a reader can check the number
against, a unit and the module it comes from; `compute(query)` answers with its values per period
(year or month), district (where the data has one; "" otherwise) and breakdown (a language, an area
of life; "" for the whole). A computation runs a fixed number of queries whatever the number of
records (aggregates or one pass over the rows of the period). `reports` collects the modules with
Django's `autodiscover_modules` and imports none of them: the modules depend on this registry.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from django.utils import timezone
from django.utils.functional import Promise

if TYPE_CHECKING:
    from anlaufstelle.core.models import Centre

Grain = Literal["year", "month"]


def period_keys(first: datetime.date, last: datetime.date, grain: Grain) -> list[str]:
    """Every period key ("2026" or "2026-03") from `first` to `last`, in order."""
    keys: list[str] = []
    day = first.replace(day=1)
    while day <= last:
        key = f"{day.year:04d}" if grain == "year" else f"{day.year:04d}-{day.month:02d}"
        if key not in keys:
            keys.append(key)
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return keys


@dataclass(frozen=True)
class Query:
    """What to compute: one centre, the days from `first` to `last` (both included), per year or month."""

    centre: Centre
    first: datetime.date
    last: datetime.date
    grain: Grain = "year"

    def period_of(self, value: datetime.date | datetime.datetime) -> str:
        """The period key of a day or a moment (in the local time zone): "2026" or "2026-03"."""
        if isinstance(value, datetime.datetime):
            value = timezone.localdate(value)
        return f"{value.year:04d}" if self.grain == "year" else f"{value.year:04d}-{value.month:02d}"

    def periods(self) -> list[str]:
        """Every period key from `first` to `last`, in order."""
        return period_keys(self.first, self.last, self.grain)

    @property
    def since(self) -> datetime.datetime:
        """The first moment of the range, in the local time zone (for datetime fields)."""
        return timezone.make_aware(datetime.datetime.combine(self.first, datetime.time.min))

    @property
    def until(self) -> datetime.datetime:
        """The first moment after the range (exclusive bound for datetime fields)."""
        return timezone.make_aware(datetime.datetime.combine(self.last + datetime.timedelta(days=1), datetime.time.min))


@dataclass(frozen=True)
class Point:
    period: str
    value: float | int | None
    district: str = ""
    group: str = ""


@dataclass(frozen=True)
class Indicator:
    id: str  # "<app>.<what>", unique
    label: str | Promise
    definition: str | Promise  # how the number is counted, in a sentence or two
    unit: str | Promise
    source: str  # the module's label ("newcomers")
    compute: Callable[[Query], list[Point]] = field(repr=False, compare=False)
    additive: bool = True  # counts and sums may be totalled and suppressed; a median may not
    breakdown: str | Promise = ""  # what `Point.group` holds, e.g. "Language"
    group_labels: Callable[[str], str] | None = field(default=None, repr=False, compare=False)
    state: bool = False  # a count of people or things the state view may publish (suppressed)

    def label_of(self, group: str) -> str:
        return self.group_labels(group) if self.group_labels and group else group


INDICATORS: dict[str, Indicator] = {}


def register_indicator(indicator: Indicator) -> Indicator:
    """Declare an indicator; an id may be registered only once."""
    if indicator.id in INDICATORS:
        raise ValueError(f"Indicator {indicator.id!r} is registered twice.")
    if not indicator.id.startswith(f"{indicator.source}."):
        raise ValueError(f"Indicator {indicator.id!r} must start with its source {indicator.source!r}.")
    INDICATORS[indicator.id] = indicator
    return indicator


def get_indicator(indicator_id: str) -> Indicator:
    try:
        return INDICATORS[indicator_id]
    except KeyError as exc:
        raise LookupError(f"Unknown indicator {indicator_id!r}.") from exc


def indicator_choices() -> list[tuple[str, str]]:
    """(id, label) of every registered indicator, sorted by label, for a form's choices."""
    return sorted(((i.id, str(i.label)) for i in INDICATORS.values()), key=lambda pair: pair[1])


def counted(rows: Iterable[tuple[str, str, str]], *, weights: Iterable[Any] | None = None) -> list[Point]:
    """Points from (period, district, group) rows: how many rows (or the sum of `weights`) each key has."""
    totals: dict[tuple[str, str, str], Any] = {}
    values = iter(weights) if weights is not None else None
    for key in rows:
        weight = next(values) if values is not None else 1
        totals[key] = totals.get(key, 0) + weight
    return [Point(period=p, district=d, group=g, value=v) for (p, d, g), v in sorted(totals.items())]


def total(points: Iterable[Point], *, period: str | None = None, district: str | None = None) -> float | int:
    """The sum of additive points, optionally of one period or district."""
    return sum(
        p.value or 0
        for p in points
        if (period is None or p.period == period) and (district is None or p.district == district)
    )


ALL_DISTRICTS = "*"  # the district of a non-additive indicator's whole-centre value


def compute(indicator: Indicator, query: Query) -> list[Point]:
    """The indicator's values for `query`, computed inside the centre's scope."""
    from django_scopes import scope

    with scope(centre=query.centre):
        return indicator.compute(query)


def value_of(
    indicator: Indicator, points: Iterable[Point], *, period: str, district: str = "", group: str | None = None
) -> float | int | None:
    """One figure: of a period, a district ("" for the whole centre) and a group (None for every group).

    Additive indicators are summed over districts and groups; a non-additive one (a median) answers
    with the point computed for exactly that key, or None."""
    chosen = [p for p in points if p.period == period and (group is None or p.group == group)]
    if indicator.additive:
        return sum(p.value or 0 for p in chosen if not district or p.district == district)
    wanted = district or ALL_DISTRICTS
    found = [p.value for p in chosen if p.district == wanted and (group is not None or p.group == "")]
    return found[0] if found else None

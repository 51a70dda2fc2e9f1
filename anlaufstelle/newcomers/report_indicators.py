"""The newcomers module's indicators for the integration report (registered with `reports.registry`)."""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.statistics import median
from anlaufstelle.newcomers.models import Child
from anlaufstelle.reports.registry import ALL_DISTRICTS, Indicator, Point, Query, counted, register_indicator

GONE = [Child.Stage.WITHDRAWN, Child.Stage.MOVED_AWAY]


def _school_starts(query: Query) -> list[tuple[str, str, int]]:
    """(period, district, days from registration to first school day) of each child who started school."""
    rows = (
        Child.objects.filter(centre=query.centre, first_school_day__gte=query.first, first_school_day__lte=query.last)
        .exclude(stage__in=GONE)
        .values_list("first_school_day", "registered_on", "family__district")
    )
    return [
        (query.period_of(first), district or "", max((first - registered).days, 0))
        for first, registered, district in rows
        if first is not None  # the filter on the first school day keeps none without one
    ]


def children_placed(query: Query) -> list[Point]:
    return counted((period, district, "") for period, district, _days in _school_starts(query))


def waiting_days_median(query: Query) -> list[Point]:
    days: dict[tuple[str, str], list[int]] = defaultdict(list)
    for period, district, waited in _school_starts(query):
        days[(period, district)].append(waited)
        days[(period, ALL_DISTRICTS)].append(waited)
    return [Point(period=p, district=d, value=median(v)) for (p, d), v in sorted(days.items())]


register_indicator(
    Indicator(
        id="newcomers.children_placed",
        label=_("Children who started school"),
        definition=_(
            "Newcomer children whose first school day falls in the period (withdrawn and moved-away "
            "children not counted), by the district of their family."
        ),
        unit=_("children"),
        source="newcomers",
        state=True,
        compute=children_placed,
    )
)
register_indicator(
    Indicator(
        id="newcomers.waiting_days_median",
        label=_("Days waiting for a school place (median)"),
        definition=_(
            "Median of the days from registration to the first school day, over the children whose "
            "first school day falls in the period."
        ),
        unit=_("days"),
        source="newcomers",
        compute=waiting_days_median,
        additive=False,
    )
)

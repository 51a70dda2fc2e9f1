"""The newcomers indicators of the integration report, checked by brute force against fixture data."""

from __future__ import annotations

import datetime
import random

import pytest
from django_scopes import scopes_disabled

from anlaufstelle.core.statistics import median
from anlaufstelle.core.tests.budget import query_budget
from anlaufstelle.newcomers.models import Child
from anlaufstelle.newcomers.tests.factories import ChildFactory
from anlaufstelle.reports.registry import ALL_DISTRICTS, Query, compute, get_indicator, value_of

pytestmark = pytest.mark.django_db


def children(centre, count: int, seed: int = 7) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    with scopes_disabled():
        for _ in range(count):
            registered = datetime.date(2025, 1, 1) + datetime.timedelta(days=rng.randrange(600))
            started = registered + datetime.timedelta(days=rng.randrange(200)) if rng.random() < 0.7 else None
            ChildFactory(
                centre=centre,
                family__centre=centre,
                family__district=rng.choice(["Mitte", "Nord", ""]),
                registered_on=registered,
                first_school_day=started,
                stage=rng.choice([Child.Stage.ATTENDING, Child.Stage.ATTENDING, Child.Stage.WITHDRAWN]),
            )


@pytest.mark.parametrize("grain", ["year", "month"])
def test_children_placed_and_median_waiting_days_by_brute_force(centre, other_centre, grain) -> None:  # type: ignore[no-untyped-def]
    children(centre, 40)
    children(other_centre, 10, seed=8)
    query = Query(centre=centre, first=datetime.date(2025, 1, 1), last=datetime.date(2026, 6, 30), grain=grain)
    placed, waiting = get_indicator("newcomers.children_placed"), get_indicator("newcomers.waiting_days_median")
    placed_points, waiting_points = compute(placed, query), compute(waiting, query)
    with scopes_disabled():
        everyone = list(Child.objects.filter(centre=centre).select_related("family"))
    for period in query.periods():
        for district in ["", "Mitte", "Nord"]:
            started = [
                c
                for c in everyone
                if c.first_school_day
                and query.first <= c.first_school_day <= query.last
                and query.period_of(c.first_school_day) == period
                and c.stage != Child.Stage.WITHDRAWN
                and (not district or c.family.district == district)
            ]
            assert value_of(placed, placed_points, period=period, district=district) == len(started)
            expected = median([(c.first_school_day - c.registered_on).days for c in started])
            assert value_of(waiting, waiting_points, period=period, district=district) == expected
    assert all(p.district != ALL_DISTRICTS for p in placed_points)


def test_query_count_does_not_grow_with_the_children(centre) -> None:  # type: ignore[no-untyped-def]
    query = Query(centre=centre, first=datetime.date(2025, 1, 1), last=datetime.date(2026, 12, 31), grain="month")
    for count in (3, 30):
        children(centre, count, seed=count)
        for indicator in ("newcomers.children_placed", "newcomers.waiting_days_median"):
            with query_budget(1):
                compute(get_indicator(indicator), query)

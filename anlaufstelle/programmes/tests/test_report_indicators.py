"""The programmes indicators of the integration report, checked by brute force against fixture data."""

from __future__ import annotations

import datetime
import random

import pytest
from django_scopes import scopes_disabled

from anlaufstelle.core.tests.budget import query_budget
from anlaufstelle.programmes.models import Session
from anlaufstelle.programmes.tests.factories import make_group, make_programme, make_site
from anlaufstelle.reports.registry import Query, compute, get_indicator, value_of

pytestmark = pytest.mark.django_db


def sessions(centre, count: int, seed: int = 13, code: str = "rucksack-kita") -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    with scopes_disabled():
        site = make_site(make_programme(centre, code=code))
        groups = [make_group(site, year=2025, name=f"Gruppe {n}") for n in range(3)]
        taken: set[tuple[int, datetime.date]] = set()
        while len(taken) < count:
            group = rng.choice(groups)
            day = datetime.date(2025, 1, 1) + datetime.timedelta(days=rng.randrange(600))
            if (group.pk, day) in taken:
                continue
            taken.add((group.pk, day))
            status = rng.choice([Session.Status.HELD, Session.Status.HELD, Session.Status.CANCELLED])
            Session.objects.create(
                centre=centre,
                group=group,
                date=day,
                status=status,
                reason=Session.Reason.FEW if status == Session.Status.CANCELLED else "",
                adults=rng.randrange(0, 15) if status == Session.Status.HELD else 0,
                children=rng.randrange(0, 10) if status == Session.Status.HELD else 0,
            )


@pytest.mark.parametrize("grain", ["year", "month"])
def test_groups_and_families_by_brute_force(centre, other_centre, grain) -> None:  # type: ignore[no-untyped-def]
    sessions(centre, 60)
    sessions(other_centre, 10, seed=14)
    query = Query(centre=centre, first=datetime.date(2025, 1, 1), last=datetime.date(2026, 6, 30), grain=grain)
    groups, families = get_indicator("programmes.groups"), get_indicator("programmes.families")
    group_points, family_points = compute(groups, query), compute(families, query)
    with scopes_disabled():
        every = list(Session.objects.filter(centre=centre, status=Session.Status.HELD))
    for period in query.periods():
        held = [s for s in every if query.first <= s.date <= query.last and query.period_of(s.date) == period]
        met = {s.group_id for s in held}
        assert value_of(groups, group_points, period=period) == len(met)
        most = sum(max(s.adults for s in held if s.group_id == group) for group in met)
        assert value_of(families, family_points, period=period) == most


def test_query_count_does_not_grow_with_the_sessions(centre) -> None:  # type: ignore[no-untyped-def]
    query = Query(centre=centre, first=datetime.date(2025, 1, 1), last=datetime.date(2026, 12, 31), grain="month")
    for count, code in ((2, "rucksack-kita"), (30, "griffbereit")):
        sessions(centre, count, seed=count, code=code)
        for name in ("groups", "families"):
            with query_budget(1):
                compute(get_indicator(f"programmes.{name}"), query)

"""The volunteers indicators of the integration report, checked by brute force against fixture data."""

from __future__ import annotations

import datetime
import random

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from anlaufstelle.core.tests.budget import query_budget
from anlaufstelle.reports.registry import Query, compute, get_indicator, value_of
from anlaufstelle.volunteers.models import Assignment, InterpretingRequest
from anlaufstelle.volunteers.tests.factories import make_volunteer

pytestmark = pytest.mark.django_db
Status = InterpretingRequest.Status


def requests(centre, count: int, seed: int = 3) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    with scopes_disabled():
        volunteer = make_volunteer(centre, f"Rana{seed}")
        start = timezone.make_aware(datetime.datetime(2025, 1, 1, 9))
        for _ in range(count):
            starts = start + datetime.timedelta(days=rng.randrange(700), hours=rng.randrange(8))
            request = InterpretingRequest.objects.create(
                centre=centre,
                language=rng.choice(["ar", "uk", "fa"]),
                starts_at=starts,
                district=rng.choice(["Mitte", "Nord", ""]),
                status=rng.choice(list(Status)),
            )
            if request.status == Status.BOOKED:
                Assignment.objects.create(
                    centre=centre,
                    request=request,
                    volunteer=volunteer,
                    starts_at=starts,
                    ends_at=starts + datetime.timedelta(hours=1),
                    status=rng.choice([Assignment.Status.DONE, Assignment.Status.DONE, Assignment.Status.BOOKED]),
                    minutes_worked=rng.choice([None, 30, 45, 90]),
                )


@pytest.mark.parametrize("grain", ["year", "month"])
def test_interpreting_and_hours_by_brute_force(centre, other_centre, grain) -> None:  # type: ignore[no-untyped-def]
    requests(centre, 60)
    requests(other_centre, 10, seed=4)
    query = Query(centre=centre, first=datetime.date(2025, 1, 1), last=datetime.date(2026, 9, 30), grain=grain)
    fulfilled, unmet, hours = (
        get_indicator(f"volunteers.{name}") for name in ("interpreting_fulfilled", "interpreting_unmet", "hours")
    )
    points = {indicator.id: compute(indicator, query) for indicator in (fulfilled, unmet, hours)}
    now = timezone.now()
    with scopes_disabled():
        every = [
            r for r in InterpretingRequest.objects.filter(centre=centre) if query.since <= r.starts_at < query.until
        ]
        done = [
            a
            for a in Assignment.objects.filter(centre=centre).select_related("request")
            if a.status == Assignment.Status.DONE and a.minutes_worked and query.since <= a.starts_at < query.until
        ]
    for period in query.periods():
        for district in ["", "Mitte", "Nord"]:
            mine = [
                r for r in every if query.period_of(r.starts_at) == period and (not district or r.district == district)
            ]
            for language in ["ar", "uk", "fa"]:
                booked = sum(1 for r in mine if r.language == language and r.status == Status.BOOKED)
                missed = sum(
                    1
                    for r in mine
                    if r.language == language and r.status in (Status.OPEN, Status.OFFERED) and r.starts_at <= now
                )
                assert (
                    value_of(fulfilled, points[fulfilled.id], period=period, district=district, group=language)
                    == booked
                )
                assert value_of(unmet, points[unmet.id], period=period, district=district, group=language) == missed
            worked = sum(
                a.minutes_worked or 0
                for a in done
                if query.period_of(a.starts_at) == period and (not district or a.request.district == district)
            )
            got = value_of(hours, points[hours.id], period=period, district=district)
            assert got == pytest.approx(worked / 60)


def test_query_count_does_not_grow_with_the_requests(centre) -> None:  # type: ignore[no-untyped-def]
    query = Query(centre=centre, first=datetime.date(2025, 1, 1), last=datetime.date(2026, 12, 31), grain="month")
    for count in (2, 25):
        requests(centre, count, seed=count)
        for name in ("interpreting_fulfilled", "interpreting_unmet", "hours"):
            with query_budget(1):
                compute(get_indicator(f"volunteers.{name}"), query)

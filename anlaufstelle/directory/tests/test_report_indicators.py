"""The directory indicator of the integration report, checked by brute force against fixture data."""

from __future__ import annotations

import datetime
import random

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from anlaufstelle.core.languages import decode_codes
from anlaufstelle.core.tests.budget import query_budget
from anlaufstelle.directory.models import Offer
from anlaufstelle.directory.taxonomy import Area
from anlaufstelle.directory.tests.factories import make_offer
from anlaufstelle.partners.tests.factories import AddressFactory
from anlaufstelle.reports.registry import Query, compute, get_indicator, value_of

pytestmark = pytest.mark.django_db


def offers(centre, count: int, seed: int = 9) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    for n in range(count):
        areas = rng.sample(list(Area.values), rng.randrange(1, 3))
        offer = make_offer(centre, f"Angebot {seed}-{n}", areas=areas, status=rng.choice(["published", "draft"]))
        with scopes_disabled():
            address = AddressFactory(organisation=offer.organisation, centre=centre, district=rng.choice(["Mitte", ""]))
            created = timezone.make_aware(datetime.datetime(2025, 1, 1)) + datetime.timedelta(days=rng.randrange(600))
            Offer.objects.filter(pk=offer.pk).update(created_at=created, address=address)


@pytest.mark.parametrize("grain", ["year", "month"])
def test_offers_per_area_by_brute_force(centre, other_centre, grain) -> None:  # type: ignore[no-untyped-def]
    offers(centre, 12)
    offers(other_centre, 3, seed=10)
    query = Query(centre=centre, first=datetime.date(2025, 1, 1), last=datetime.date(2026, 6, 30), grain=grain)
    indicator = get_indicator("directory.offers_per_area")
    points = compute(indicator, query)
    with scopes_disabled():
        every = list(Offer.objects.filter(centre=centre, status="published").select_related("address"))
    for period in query.periods():
        ends = [day for day in _days(query) if query.period_of(day) == period]
        end = max(ends)
        for district in ["", "Mitte"]:
            for area in Area.values:
                expected = sum(
                    1
                    for o in every
                    if area in decode_codes(o.areas)
                    and timezone.localdate(o.created_at) <= end
                    and (not district or (o.address and o.address.district == district))
                )
                assert value_of(indicator, points, period=period, district=district, group=area) == expected


def _days(query: Query) -> list[datetime.date]:
    """Every day of the years the query touches (the end of a period may lie after `last`)."""
    day, days = datetime.date(query.first.year, 1, 1), []
    while day.year <= query.last.year:
        days.append(day)
        day += datetime.timedelta(days=1)
    return days


def test_query_count_does_not_grow_with_the_offers(centre) -> None:  # type: ignore[no-untyped-def]
    query = Query(centre=centre, first=datetime.date(2025, 1, 1), last=datetime.date(2026, 12, 31), grain="month")
    for count in (1, 8):
        offers(centre, count, seed=count)
        with query_budget(1):
            compute(get_indicator("directory.offers_per_area"), query)

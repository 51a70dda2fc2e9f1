"""The grants indicator of the integration report, checked by brute force against fixture data."""

from __future__ import annotations

import datetime
import random

import pytest
from django_scopes import scopes_disabled

from anlaufstelle.core.tests.budget import query_budget
from anlaufstelle.grants.models import Drawdown, PaymentOrder
from anlaufstelle.grants.tests.factories import make_grants
from anlaufstelle.reports.registry import Query, compute, get_indicator, value_of

pytestmark = pytest.mark.django_db


def payments(centre, count: int, seed: int = 5) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    grants = make_grants(centre)
    with scopes_disabled():
        for n in range(count):
            order = PaymentOrder.objects.create(
                centre=centre,
                source=grants.world.source,
                message_id=f"T{seed}-{n}-{centre.pk}",
                execution_date=datetime.date(2025, 1, 1) + datetime.timedelta(days=rng.randrange(700)),
                created_by=grants.world.officer,
            )
            for _ in range(rng.randrange(1, 3)):
                Drawdown.objects.create(
                    centre=centre,
                    application=grants.application,
                    amount_cents=rng.randrange(1, 500_000),
                    needed_on=order.execution_date,
                    status=rng.choice([Drawdown.Status.ORDERED, Drawdown.Status.ORDERED, Drawdown.Status.REFUSED]),
                    requested_by=grants.world.applicant,
                    order=order,
                )


@pytest.mark.parametrize("grain", ["year", "month"])
def test_grants_paid_by_brute_force(centre, other_centre, grain) -> None:  # type: ignore[no-untyped-def]
    payments(centre, 20)
    payments(other_centre, 5, seed=6)
    query = Query(centre=centre, first=datetime.date(2025, 1, 1), last=datetime.date(2026, 6, 30), grain=grain)
    paid = get_indicator("grants.paid")
    points = compute(paid, query)
    with scopes_disabled():
        drawdowns = list(Drawdown.objects.filter(centre=centre).select_related("order"))
    for period in query.periods():
        cents = sum(
            d.amount_cents
            for d in drawdowns
            if d.status == Drawdown.Status.ORDERED
            and d.order
            and query.first <= d.order.execution_date <= query.last
            and query.period_of(d.order.execution_date) == period
        )
        assert value_of(paid, points, period=period) == pytest.approx(cents / 100)


def test_query_count_does_not_grow_with_the_payments(centre) -> None:  # type: ignore[no-untyped-def]
    query = Query(centre=centre, first=datetime.date(2025, 1, 1), last=datetime.date(2026, 12, 31), grain="month")
    for count in (1, 15):
        payments(centre, count, seed=count)
        with query_budget(1):
            compute(get_indicator("grants.paid"), query)

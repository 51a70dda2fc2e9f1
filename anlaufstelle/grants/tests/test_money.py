"""Money is whole cents: parsing, plan arithmetic, deviation flags, and sums that always add up."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anlaufstelle.grants import actions, money
from anlaufstelle.grants.actions.applications import content_of, plan_of
from anlaufstelle.grants.tests.factories import World, filled_draft

cents = st.integers(min_value=0, max_value=10**11)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1.234,56", 123456), ("1234.56", 123456), ("0,005", 1), ("12", 1200), (" 3 000,10 ", 300010)],
)
def test_to_cents(text: str, expected: int) -> None:
    assert money.to_cents(text) == expected


def test_to_cents_refuses_words() -> None:
    with pytest.raises(ValueError, match="amount"):
        money.to_cents("zehn Euro")


@given(st.lists(cents, max_size=30), cents, cents)
def test_plan_totals_are_the_sums_of_their_lines(lines: list[int], own: int, third: int) -> None:
    plan = money.plan_of(lines, own_share=own, third_party=third)
    assert plan.total == sum(lines)
    assert plan.requested + plan.own_share + plan.third_party == plan.total
    assert all(isinstance(x, int) for x in (plan.total, plan.requested))


@given(cents, st.decimals(min_value=0, max_value=100, places=2))
def test_share_is_never_undercut(total: int, percent: Decimal) -> None:
    share = money.share_cents(total, percent)
    assert Decimal(share) >= Decimal(total) * percent / 100 > Decimal(share) - 1


@given(st.lists(st.tuples(cents, cents), max_size=10), st.decimals(min_value=0, max_value=50, places=2))
def test_flags_exactly_the_lines_beyond_the_deviation(pairs: list[tuple[int, int]], percent: Decimal) -> None:
    for check, (planned, actual) in zip(money.check_lines(pairs, deviation_percent=percent), pairs, strict=True):
        allowed = Decimal(planned) * (1 + percent / 100)
        assert allowed - 1 < check.limit <= allowed + 1
        assert check.exceeded == (actual > check.limit)
        assert check.difference == actual - planned


@given(cents, cents, cents, cents, cents)
def test_repayment_never_negative_nor_above_paid(paid: int, granted: int, actual: int, own: int, third: int) -> None:
    claim = money.repayment(paid=paid, granted=granted, actual_total=actual, own_share=own, third_party=third)
    assert 0 <= claim <= paid


def test_format_euros() -> None:
    assert money.format_euros(123456789) == "1.234.567,89 €"
    assert money.format_euros(-5) == "-0,05 €"


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=8))
def test_saved_plans_add_up(world: World, lines: list[int]) -> None:
    application = filled_draft(world)
    actions.application_save(
        application=application,
        actor=world.applicant,
        data={},
        lines=[{"kind": "other", "description": f"Zeile {i}", "planned_cents": c} for i, c in enumerate(lines)],
    )
    plan = plan_of(application)
    content = content_of(application)
    assert plan.total == sum(lines) == content["total_cents"] == sum(x["planned_cents"] for x in content["lines"])
    assert content["requested_cents"] + content["own_share_cents"] + content["third_party_cents"] == plan.total
    assert timezone.now()

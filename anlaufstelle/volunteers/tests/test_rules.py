"""The centre's rules: working days with NRW holidays, allowance rules, the tax-free limit."""

from __future__ import annotations

import datetime
import math
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from anlaufstelle.volunteers import rules
from anlaufstelle.volunteers.models import InterpretingSettings

FLAT = rules.Rule(kind=InterpretingSettings.Rule.FLAT_THEN_HOURLY)
HALF = rules.Rule(kind=InterpretingSettings.Rule.PER_HALF_HOUR)
NONE = rules.Rule(kind=InterpretingSettings.Rule.NONE)


def test_five_working_days_skip_weekends_and_nrw_holidays() -> None:
    monday = datetime.date(2026, 11, 16)
    assert rules.earliest_day(monday, 5) == datetime.date(2026, 11, 23)
    friday = datetime.date(2026, 11, 20)
    assert rules.earliest_day(friday, 1) == datetime.date(2026, 11, 23)
    # Corpus Christi (Fronleichnam, 4 June 2026) is a holiday in NRW: one day later.
    assert rules.earliest_day(datetime.date(2026, 6, 1), 5) == datetime.date(2026, 6, 9)
    # Christmas Day is a holiday, Christmas Eve is not: Thursday 24th, Monday 28th, Tuesday 29th.
    assert rules.earliest_day(datetime.date(2026, 12, 23), 3) == datetime.date(2026, 12, 29)
    assert rules.earliest_day(monday, 0) == monday


def test_the_examples_of_the_issue() -> None:
    # A flat amount for the first two hours plus an amount per further started hour.
    assert FLAT.flat_amount == Decimal("20.00") and FLAT.hourly_amount == Decimal("10.00")
    assert rules.allowance(FLAT, minutes=60).allowance == Decimal("20.00")
    assert rules.allowance(FLAT, minutes=120).allowance == Decimal("20.00")
    assert rules.allowance(FLAT, minutes=121).allowance == Decimal("30.00")
    assert rules.allowance(FLAT, minutes=185).allowance == Decimal("40.00")
    # Per started half hour including travel time.
    assert rules.allowance(HALF, minutes=50, travel_minutes=20).allowance == Decimal("15.00")
    assert rules.allowance(HALF, minutes=60, travel_minutes=0).allowance == Decimal("10.00")
    # A rate per kilometre, in every rule; it is kept apart from the allowance.
    amounts = rules.allowance(NONE, minutes=90, km=Decimal("12.5"))
    assert amounts == rules.Amounts(Decimal("0.00"), Decimal("3.75"))


@given(
    minutes=st.integers(min_value=5, max_value=720),
    more=st.integers(min_value=0, max_value=300),
    travel=st.integers(min_value=0, max_value=600),
    km=st.decimals(min_value=0, max_value=1000, places=1),
)
def test_allowances_never_fall_when_more_is_worked_and_follow_the_formula(minutes, more, travel, km) -> None:  # type: ignore[no-untyped-def]
    for rule in (FLAT, HALF, NONE):
        less = rules.allowance(rule, minutes=minutes, travel_minutes=travel, km=km)
        longer = rules.allowance(rule, minutes=minutes + more, travel_minutes=travel, km=km)
        assert longer.allowance >= less.allowance >= 0
        assert less.travel == (km * rule.km_rate).quantize(rules.CENT)
    flat = rules.allowance(FLAT, minutes=minutes).allowance
    assert flat == FLAT.flat_amount + FLAT.hourly_amount * math.ceil(max(0, minutes - 120) / 60)
    half = rules.allowance(HALF, minutes=minutes, travel_minutes=travel).allowance
    assert half == HALF.half_hour_amount * math.ceil((minutes + travel) / 30)
    # Travel time never earns under the flat rule, and the result is always whole cents.
    assert rules.allowance(FLAT, minutes=minutes, travel_minutes=travel).allowance == flat
    assert flat == flat.quantize(rules.CENT)


def test_limit_warns_from_the_share_and_says_when_exceeded() -> None:
    settings = InterpretingSettings(yearly_limit=Decimal("840"), warn_percent=80)
    assert not rules.limit_state(Decimal("600"), settings).warn
    near = rules.limit_state(Decimal("700"), settings)
    assert near.warn and not near.exceeded and near.remaining == Decimal("140")
    over = rules.limit_state(Decimal("850"), settings)
    assert over.exceeded and over.remaining == 0

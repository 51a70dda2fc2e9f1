"""The centre's interpreting rules: lead time in working days, kinds not served, allowances.

`allowance` is pure (tested with hypothesis); amounts are Decimal, rounded to the cent once.
Working days leave out weekends and the public holidays of North Rhine-Westphalia (the
`holidays` library, no network).
"""

from __future__ import annotations

import datetime
import functools
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.models import Centre
from anlaufstelle.volunteers.models import InterpretingRequest, InterpretingSettings

CENT = Decimal("0.01")

# Why a kind of appointment may be left to professionals, in plain words for the request form.
EXCLUSION_EXPLANATIONS: dict[str, Any] = {
    InterpretingRequest.Kind.POLICE: _(
        "At the police, statements must be interpreted by a professional interpreter; the police arrange one."
    ),
    InterpretingRequest.Kind.COURT: _(
        "Courts and lawyers need sworn interpreters; the court or the lawyer arranges one."
    ),
    InterpretingRequest.Kind.MEDICAL: _(
        "Medical treatment and therapy need professional language mediation; ask the practice or the health insurance."
    ),
}


def settings_for(centre: Centre) -> InterpretingSettings:
    """The centre's settings; the defaults (unsaved) until the coordinator changes them."""
    found = InterpretingSettings.objects.filter(centre=centre).first()
    return found or InterpretingSettings(centre=centre)


# --- working days ------------------------------------------------------------------------------


@functools.lru_cache(maxsize=8)
def _holidays(year: int) -> frozenset[datetime.date]:
    import holidays

    return frozenset(holidays.Germany(subdiv="NW", years=year).keys())


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def earliest_day(today: datetime.date, working_days: int) -> datetime.date:
    """The first day an appointment may lie on when asked today with this lead time.

    Today does not count; with five working days, a request made on a Monday can be for the
    next Monday at the earliest (later when a holiday falls in between).
    """
    day, counted = today, 0
    while counted < working_days:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day if working_days else today


# --- allowances --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    kind: str
    flat_minutes: int = 120
    flat_amount: Decimal = Decimal("20.00")
    hourly_amount: Decimal = Decimal("10.00")
    half_hour_amount: Decimal = Decimal("5.00")
    half_hour_includes_travel: bool = True
    km_rate: Decimal = Decimal("0.30")

    @classmethod
    def of(cls, settings: InterpretingSettings) -> Rule:
        return cls(
            kind=settings.rule,
            flat_minutes=settings.flat_minutes,
            flat_amount=Decimal(settings.flat_amount),
            hourly_amount=Decimal(settings.hourly_amount),
            half_hour_amount=Decimal(settings.half_hour_amount),
            half_hour_includes_travel=settings.half_hour_includes_travel,
            km_rate=Decimal(settings.km_rate),
        )


@dataclass(frozen=True)
class Amounts:
    allowance: Decimal  # counts towards the tax-free limit
    travel: Decimal  # reimbursed expenses (per km); does not count


def allowance(rule: Rule, *, minutes: int, travel_minutes: int = 0, km: Decimal | None = None) -> Amounts:
    """What one approved assignment earns under the centre's rule.

    - flat then hourly: the flat amount covers the first `flat_minutes`; each further started
      hour adds `hourly_amount`;
    - per half hour: each started half hour (with travel time, if the rule says so) earns
      `half_hour_amount`;
    - in every rule, kilometres are reimbursed at `km_rate`.
    """
    minutes = max(0, int(minutes))
    travel_minutes = max(0, int(travel_minutes or 0))
    if rule.kind == InterpretingSettings.Rule.FLAT_THEN_HOURLY:
        extra = max(0, minutes - rule.flat_minutes)
        earned = (rule.flat_amount if minutes else Decimal(0)) + rule.hourly_amount * math.ceil(extra / 60)
    elif rule.kind == InterpretingSettings.Rule.PER_HALF_HOUR:
        counted = minutes + (travel_minutes if rule.half_hour_includes_travel else 0)
        earned = rule.half_hour_amount * math.ceil(counted / 30)
    else:
        earned = Decimal(0)
    travel = Decimal(km or 0) * rule.km_rate
    return Amounts(earned.quantize(CENT, ROUND_HALF_UP), travel.quantize(CENT, ROUND_HALF_UP))


@dataclass(frozen=True)
class LimitState:
    total: Decimal
    limit: Decimal
    warn: bool  # at or above the warning share
    exceeded: bool

    @property
    def remaining(self) -> Decimal:
        return max(Decimal(0), self.limit - self.total)


def limit_state(total: Decimal, settings: InterpretingSettings) -> LimitState:
    limit = Decimal(settings.yearly_limit)
    return LimitState(
        total=total,
        limit=limit,
        warn=total >= limit * Decimal(settings.warn_percent) / 100,
        exceeded=total > limit,
    )

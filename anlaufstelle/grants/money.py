"""Money as integer cents: parsing, formatting and the plan arithmetic. Pure: no Django, no float."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, InvalidOperation


def to_cents(euros: Decimal | int | str) -> int:
    """Euros (Decimal, int or a string with a dot or a German comma) as whole cents, rounded half up."""
    if isinstance(euros, str):
        text = euros.strip().replace(" ", "")
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        try:
            euros = Decimal(text)
        except InvalidOperation as exc:
            raise ValueError(f"Not an amount: {euros!r}") from exc
    if isinstance(euros, float):  # pragma: no cover - a float is a programming error here
        raise TypeError("Money is never a float.")
    return int((Decimal(euros) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def to_euros(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))


def share_cents(total: int, percent: Decimal) -> int:
    """`percent` of `total` cents, rounded up to the cent (a required own share is never undercut)."""
    return int((Decimal(total) * Decimal(percent) / 100).to_integral_value(rounding=ROUND_CEILING))


@dataclass(frozen=True)
class Plan:
    """A cost and financing plan: total costs = requested grant + own share + third-party funds."""

    lines: tuple[int, ...]
    own_share: int
    third_party: int

    @property
    def total(self) -> int:
        return sum(self.lines)

    @property
    def requested(self) -> int:
        return self.total - self.own_share - self.third_party


def plan_of(lines: Iterable[int], *, own_share: int, third_party: int) -> Plan:
    return Plan(lines=tuple(int(x) for x in lines), own_share=int(own_share), third_party=int(third_party))


@dataclass(frozen=True)
class LineCheck:
    planned: int
    actual: int
    limit: int  # the highest actual amount allowed without a flag

    @property
    def exceeded(self) -> bool:
        return self.actual > self.limit

    @property
    def difference(self) -> int:
        return self.actual - self.planned


def check_lines(pairs: Iterable[tuple[int, int]], *, deviation_percent: Decimal) -> list[LineCheck]:
    """Actual against plan per line: a line may exceed its plan by `deviation_percent` (ANBest-P 1.2
    allows 20 % by default when other lines save as much); beyond that it is flagged."""
    checks = []
    for planned, actual in pairs:
        limit = planned + int((Decimal(planned) * Decimal(deviation_percent) / 100).to_integral_value())
        checks.append(LineCheck(planned=planned, actual=actual, limit=limit))
    return checks


def repayment(*, paid: int, granted: int, actual_total: int, own_share: int, third_party: int) -> int:
    """What the provider pays back: paid money beyond the grant the actual costs justify. The grant
    shrinks with the costs (Anteilfinanzierung is not modelled: the plan's own share and third-party
    funds are taken as fixed amounts, Fehlbedarfsfinanzierung)."""
    eligible = max(0, min(granted, actual_total - own_share - third_party))
    return max(0, paid - eligible)


def format_euros(cents: int) -> str:
    """German notation: 1.234,50 €."""
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(cents), 100)
    return f"{sign}{whole:,}".replace(",", ".") + f",{rest:02d} €"

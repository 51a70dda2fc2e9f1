"""The grants module's indicators for the integration report (registered with `reports.registry`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from anlaufstelle.grants.models import Drawdown
from anlaufstelle.reports.registry import Indicator, Point, Query, counted, register_indicator


def paid(query: Query) -> list[Point]:
    rows = list(
        Drawdown.objects.filter(
            centre=query.centre,
            status=Drawdown.Status.ORDERED,
            order__execution_date__gte=query.first,
            order__execution_date__lte=query.last,
        ).values_list("order__execution_date", "amount_cents")
    )
    points = counted(((query.period_of(day), "", "") for day, _cents in rows), weights=(c for _d, c in rows))
    return [Point(period=p.period, value=(p.value or 0) / 100) for p in points]


register_indicator(
    Indicator(
        id="grants.paid",
        label=_("Grants paid"),
        definition=_("Sum of the drawdowns in a payment order whose execution date falls in the period, in euros."),
        unit=_("EUR"),
        source="grants",
        compute=paid,
    )
)

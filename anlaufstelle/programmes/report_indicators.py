"""The programmes module's indicators for the integration report (registered with `reports.registry`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from anlaufstelle.programmes.models import Session
from anlaufstelle.reports.registry import Indicator, Point, Query, counted, register_indicator


def _held(query: Query) -> dict[tuple[str, int], int]:
    """(period, group) -> the most adults present at one held session of the group in that period."""
    most: dict[tuple[str, int], int] = {}
    rows = Session.objects.filter(
        centre=query.centre, status=Session.Status.HELD, date__gte=query.first, date__lte=query.last
    ).values_list("date", "group_id", "adults")
    for day, group, adults in rows:
        key = (query.period_of(day), group)
        most[key] = max(most.get(key, 0), adults)
    return most


def groups(query: Query) -> list[Point]:
    return counted((period, "", "") for period, _group in _held(query))


def families(query: Query) -> list[Point]:
    most = _held(query)
    return counted(((period, "", "") for period, _group in most), weights=most.values())


register_indicator(
    Indicator(
        id="programmes.groups",
        label=_("Programme groups that met"),
        definition=_("Parent and programme groups with at least one held session in the period."),
        unit=_("groups"),
        source="programmes",
        state=True,
        compute=groups,
    )
)
register_indicator(
    Indicator(
        id="programmes.families",
        label=_("Families reached by programmes"),
        definition=_(
            "Per group, the most adults present at one held session in the period, summed over the "
            "groups (the count the state coordination asks for as families reached)."
        ),
        unit=_("families"),
        source="programmes",
        state=True,
        compute=families,
    )
)

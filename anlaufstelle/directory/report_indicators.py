"""The directory's indicators for the integration report (registered with `reports.registry`)."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.languages import decode_codes
from anlaufstelle.directory.models import Offer
from anlaufstelle.directory.taxonomy import Area
from anlaufstelle.reports.registry import Indicator, Point, Query, counted, register_indicator


def _area_label(code: str) -> str:
    return str(Area(code).label) if code in Area.values else code


def offers_per_area(query: Query) -> list[Point]:
    offers = list(
        Offer.objects.filter(centre=query.centre, status=Offer.Status.PUBLISHED).values_list(
            "created_at", "areas", "address__district"
        )
    )
    rows: list[tuple[str, str, str]] = []
    for period in query.periods():
        end = _period_end(period)
        for created, areas, district in offers:
            if timezone.localdate(created) <= end:
                rows.extend((period, district or "", code) for code in decode_codes(areas) if code in Area.values)
    return counted(rows)


def _period_end(period: str) -> datetime.date:
    year, _, month = period.partition("-")
    if not month:
        return datetime.date(int(year), 12, 31)
    first_of_next = (datetime.date(int(year), int(month), 1) + datetime.timedelta(days=32)).replace(day=1)
    return first_of_next - datetime.timedelta(days=1)


register_indicator(
    Indicator(
        id="directory.offers_per_area",
        label=_("Offers per area of life"),
        definition=_(
            "Offers published in the directory now that existed at the end of the period, per area of "
            "life (an offer in two areas counts in each), by the district of its address."
        ),
        unit=_("offers"),
        source="directory",
        state=True,
        compute=offers_per_area,
        breakdown=_("Area of life"),
        group_labels=_area_label,
    )
)

"""The events module's indicators for the integration report (registered with `reports.registry`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from anlaufstelle.events.models import Attendance
from anlaufstelle.reports.registry import Indicator, Point, Query, counted, register_indicator


def participants(query: Query) -> list[Point]:
    rows = Attendance.objects.filter(
        centre=query.centre, date__starts_at__gte=query.since, date__starts_at__lt=query.until
    ).values_list("date__starts_at", "registration_id")
    seen = {(query.period_of(starts), registration) for starts, registration in rows}
    return counted((period, "", "") for period, _registration in seen)


register_indicator(
    Indicator(
        id="events.participants",
        label=_("Event participants"),
        definition=_(
            "People checked in at an event date in the period, each registration once per period (walk-ins included)."
        ),
        unit=_("participants"),
        source="events",
        state=True,
        compute=participants,
    )
)

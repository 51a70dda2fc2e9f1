"""The volunteers module's indicators for the integration report (registered with `reports.registry`)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.languages import language_label
from anlaufstelle.reports.registry import Indicator, Point, Query, counted, register_indicator
from anlaufstelle.volunteers.models import Assignment, InterpretingRequest

Status = InterpretingRequest.Status


def _requests(query: Query, **conditions: object) -> list[Point]:
    rows = InterpretingRequest.objects.filter(
        centre=query.centre, starts_at__gte=query.since, starts_at__lt=query.until, **conditions
    ).values_list("starts_at", "district", "language")
    return counted((query.period_of(starts), district or "", language) for starts, district, language in rows)


def fulfilled(query: Query) -> list[Point]:
    return _requests(query, status=Status.BOOKED)


def unmet(query: Query) -> list[Point]:
    return _requests(query, status__in=[Status.OPEN, Status.OFFERED], starts_at__lte=timezone.now())


def hours(query: Query) -> list[Point]:
    rows = list(
        Assignment.objects.filter(
            centre=query.centre,
            status=Assignment.Status.DONE,
            minutes_worked__isnull=False,
            starts_at__gte=query.since,
            starts_at__lt=query.until,
        ).values_list("starts_at", "request__district", "minutes_worked")
    )
    points = counted(
        ((query.period_of(starts), district or "", "") for starts, district, _minutes in rows),
        weights=(minutes for _starts, _district, minutes in rows),
    )
    return [Point(period=p.period, district=p.district, value=(p.value or 0) / 60) for p in points]


register_indicator(
    Indicator(
        id="volunteers.interpreting_fulfilled",
        label=_("Interpreting requests fulfilled"),
        definition=_(
            "Interpreting requests whose appointment falls in the period and that are booked with a "
            "volunteer, per language and by the district of the appointment."
        ),
        unit=_("requests"),
        source="volunteers",
        state=True,
        compute=fulfilled,
        breakdown=_("Language"),
        group_labels=language_label,
    )
)
register_indicator(
    Indicator(
        id="volunteers.interpreting_unmet",
        label=_("Interpreting requests unmet"),
        definition=_(
            "Interpreting requests whose appointment falls in the period and has passed without a "
            "booked volunteer (not cancelled), per language."
        ),
        unit=_("requests"),
        source="volunteers",
        state=True,
        compute=unmet,
        breakdown=_("Language"),
        group_labels=language_label,
    )
)
register_indicator(
    Indicator(
        id="volunteers.hours",
        label=_("Volunteer hours"),
        definition=_(
            "Hours worked that volunteers reported for done assignments whose appointment falls in the "
            "period (approved or not yet), without travel time."
        ),
        unit=_("hours"),
        source="volunteers",
        compute=hours,
    )
)

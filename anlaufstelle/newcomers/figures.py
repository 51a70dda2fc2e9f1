"""Waiting list and waiting-time figures: aggregates only, never names (for the KI, Schulamt, LaKI)."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from anlaufstelle.core.figures_table import FiguresTable, day, decimal
from anlaufstelle.core.models import Centre
from anlaufstelle.core.statistics import median, percentile
from anlaufstelle.newcomers.models import Child, Placement, SeatQuota
from anlaufstelle.newcomers.models.schools import GradeBand

AGE_BANDS = [(6, 9, "6–9"), (10, 12, "10–12"), (13, 15, "13–15"), (16, 18, "16–18")]
BAND_BY_AGE = [(6, 9, GradeBand.PRIMARY), (10, 12, GradeBand.LOWER_SECONDARY), (13, 15, GradeBand.UPPER_SECONDARY)]


def age_band(age: int) -> str:
    for low, high, label in AGE_BANDS:
        if low <= age <= high:
            return label
    return "–"


def grade_band_for(age: int) -> str:
    for low, high, band in BAND_BY_AGE:
        if low <= age <= high:
            return str(band)
    return str(GradeBand.VOCATIONAL) if age >= 16 else str(GradeBand.PRIMARY)


@dataclass
class Figures:
    today: datetime.date
    waiting: int = 0
    waiting_by_age: dict[str, int] = field(default_factory=dict)
    waiting_by_band: dict[str, int] = field(default_factory=dict)
    waiting_by_district: dict[str, int] = field(default_factory=dict)
    waiting_days_median: float | None = None
    waiting_days_p90: float | None = None
    started: int = 0
    days_to_school_median: float | None = None
    days_to_school_p90: float | None = None
    seats: dict[str, dict[str, int]] = field(default_factory=dict)  # band -> seats, taken, free, needed
    months: list[dict[str, Any]] = field(default_factory=list)
    waiting_list: list[dict[str, Any]] = field(default_factory=list)


def waiting_figures(*, centre: Centre, today: datetime.date | None = None, months: int = 12) -> Figures:
    """Everything the waiting-times page and its XLSX export show, in a fixed number of queries."""
    today = today or timezone.localdate()
    figures = Figures(today=today)
    children = list(
        Child.objects.filter(centre=centre)
        .exclude(stage__in=[Child.Stage.WITHDRAWN, Child.Stage.MOVED_AWAY])
        .select_related("family")
        .only("pk", "birth_date", "registered_on", "first_school_day", "stage", "family__district")
    )
    waiting = [c for c in children if c.stage not in Child.PLACED_STAGES]
    figures.waiting = len(waiting)
    by_age: Counter[str] = Counter()
    by_band: Counter[str] = Counter()
    by_district: Counter[str] = Counter()
    days_waiting = []
    for child in waiting:
        age = child.age_on(today)
        band = grade_band_for(age)
        by_age[age_band(age)] += 1
        by_band[band] += 1
        by_district[child.family.district or "–"] += 1
        days = child.waiting_days(today)
        days_waiting.append(days)
        figures.waiting_list.append(
            {
                "number": child.pk,
                "age": age,
                "band": band,
                "district": child.family.district,
                "stage": child.get_stage_display(),
                "registered_on": child.registered_on,
                "days": days,
            }
        )
    figures.waiting_list.sort(key=lambda row: -row["days"])
    figures.waiting_by_age = {label: by_age[label] for _low, _high, label in AGE_BANDS if by_age[label]}
    figures.waiting_by_band = {str(band): by_band[str(band)] for band in GradeBand.values if by_band[str(band)]}
    figures.waiting_by_district = dict(sorted(by_district.items()))
    figures.waiting_days_median = median(days_waiting)
    figures.waiting_days_p90 = percentile(days_waiting, 0.9)

    started = [c for c in children if c.first_school_day and c.first_school_day <= today]
    to_school = [c.waiting_days(today) for c in started]
    figures.started = len(started)
    figures.days_to_school_median = median(to_school)
    figures.days_to_school_p90 = percentile(to_school, 0.9)

    quotas = SeatQuota.objects.filter(centre=centre).annotate(
        taken=Count("placements", filter=Q(placements__status__in=Placement.TAKES_SEAT))
    )
    seats: dict[str, dict[str, int]] = defaultdict(lambda: {"seats": 0, "taken": 0, "free": 0, "needed": 0})
    for quota in quotas:
        row = seats[quota.grade_band]
        row["seats"] += quota.seats
        row["taken"] += quota.taken  # type: ignore[attr-defined]
        row["free"] += max(quota.seats - quota.taken, 0)  # type: ignore[attr-defined]
    for band, count in by_band.items():
        seats[band]["needed"] += count
    figures.seats = {str(band): seats[str(band)] for band in GradeBand.values if str(band) in seats}

    first_month = (today.replace(day=1) - datetime.timedelta(days=31 * (months - 1))).replace(day=1)
    registered: Counter[str] = Counter()
    school_starts: dict[str, list[int]] = defaultdict(list)
    for child in children:
        if child.registered_on >= first_month:
            registered[child.registered_on.strftime("%Y-%m")] += 1
    for child in started:
        assert child.first_school_day is not None
        if child.first_school_day >= first_month:
            school_starts[child.first_school_day.strftime("%Y-%m")].append(child.waiting_days(today))
    month = first_month
    while month <= today:
        key = month.strftime("%Y-%m")
        figures.months.append(
            {
                "month": key,
                "first_day": month,
                "registered": registered[key],
                "started": len(school_starts[key]),
                "median_days": median(school_starts[key]),
            }
        )
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return figures


def figures_sheets(numbers: Figures, bands: dict[str, Any]) -> list[tuple[str, list[str], list[list[Any]]]]:
    """The sheets of the XLSX export for the school authority (for `core.reports.xlsx_download`)."""
    summary: list[list[Any]] = [
        [_("Children waiting for a school place"), numbers.waiting],
        [_("Days waiting so far, median"), numbers.waiting_days_median],
        [_("Days waiting so far, 90th percentile"), numbers.waiting_days_p90],
        [_("Children at school"), numbers.started],
        [_("Days from registration to first school day, median"), numbers.days_to_school_median],
        [_("Days from registration to first school day, 90th percentile"), numbers.days_to_school_p90],
    ]
    return [
        (_("Summary"), [_("Figure"), _("Value")], summary),
        (
            _("Seats"),
            [_("Grade band"), _("Seats"), _("Taken"), _("Free"), _("Needed")],
            [[str(bands[b]), r["seats"], r["taken"], r["free"], r["needed"]] for b, r in numbers.seats.items()],
        ),
        (_("By age"), [_("Age"), _("Waiting")], [[k, v] for k, v in numbers.waiting_by_age.items()]),
        (_("By district"), [_("District"), _("Waiting")], [[k, v] for k, v in numbers.waiting_by_district.items()]),
        (
            _("Months"),
            [_("Month"), _("Registered"), _("First school days"), _("Median days")],
            [[m["month"], m["registered"], m["started"], m["median_days"]] for m in numbers.months],
        ),
        (
            _("Waiting list"),
            [_("Number"), _("Age"), _("Grade band"), _("District"), _("Stage"), _("Registered on"), _("Days")],
            [
                [r["number"], r["age"], str(bands[r["band"]]), r["district"], r["stage"], r["registered_on"], r["days"]]
                for r in numbers.waiting_list
            ],
        ),
    ]


def figures_tables(numbers: Figures, bands: dict[str, Any]) -> dict[str, FiguresTable]:
    """The tables of the figures page (drawn by `core/includes/figures_table.html`)."""
    seats = [
        [bands.get(band, ""), row["seats"], row["taken"], row["free"], row["needed"]]
        for band, row in numbers.seats.items()
    ]
    months = [
        [day(m["first_day"], "YEAR_MONTH_FORMAT"), m["registered"], m["started"], decimal(m["median_days"], 0)]
        for m in numbers.months
    ]
    children = [_("Children")]
    return {
        "seats": FiguresTable.numeric(
            "table-1",
            _("Seats free and needed per school level"),
            _("Grade band"),
            [_("Seats"), _("Taken"), _("Free"), _("Needed")],
            seats,
        ),
        "by_age": FiguresTable.numeric(
            "table-2", _("Waiting by age"), _("Age"), children, numbers.waiting_by_age.items(), striped=False
        ),
        "by_district": FiguresTable.numeric(
            "table-3",
            _("Waiting by district"),
            _("District"),
            children,
            numbers.waiting_by_district.items(),
            striped=False,
        ),
        "months": FiguresTable.numeric(
            "table-4",
            _("Trend per month"),
            _("Month"),
            [_("Registered"), _("First school days"), _("Median days to school")],
            months,
        ),
    }

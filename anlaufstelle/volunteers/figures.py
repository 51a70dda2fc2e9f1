"""Figures of the interpreting service: aggregates only, never names (for the KI, the council, LaKI).

What counts, so that the numbers can be explained to whoever reads them:

* A request belongs to the period by the local date of its appointment (``starts_at``).
* *Fulfilled* means the request is booked now. The share fulfilled is booked ÷ requests not
  cancelled (a request the institution or the centre called off is neither met nor unmet).
* *Time to fulfilment* runs from the request to its first booking (``booked_at``), in hours.
* *Unmet demand* per language: requests neither booked nor cancelled whose appointment has
  passed, or to which no volunteer was ever offered (nobody suitable) — each request once.
  Compared with the active volunteers who speak the language at least well (the level the
  matcher asks for by default), it says whom to recruit.
* *Hours* are those reported for done assignments (approved or not yet), by the local month of
  the appointment and per pool; a volunteer in several pools counts in each of them.
* No-shows and cancellations are counted on the assignments of the period.

Everything is computed in a fixed number of queries (SQL aggregates and one pass over the
requests of the period), on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import TruncMonth
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext as _

from anlaufstelle.core.figures_table import FiguresTable, decimal
from anlaufstelle.core.languages import language_label
from anlaufstelle.core.models import Centre
from anlaufstelle.core.statistics import median, percentile
from anlaufstelle.volunteers import matching
from anlaufstelle.volunteers.models import Assignment, InterpretingRequest, Offer, Pool, Volunteer, VolunteerLanguage

# Volunteers who can be matched by default (the matcher's usual minimum level).
MATCHABLE_LEVELS = [
    level for level, rank in matching.LEVELS.items() if rank >= matching.LEVELS[matching.Request.min_level]
]


def _hours(minutes: float | int | None) -> float | None:
    return None if minutes is None else round(minutes / 60, 1)


def _share(part: int, whole: int) -> float | None:
    """A percentage with one decimal; None when there is nothing to divide by."""
    return round(100 * part / whole, 1) if whole else None


@dataclass
class GroupRow:
    """Requests of one language, institution or kind of appointment."""

    key: str
    label: str
    requests: int = 0
    booked: int = 0
    cancelled: int = 0
    minutes_to_booking: list[int] = field(default_factory=list, repr=False)

    @property
    def open(self) -> int:
        return self.requests - self.booked - self.cancelled

    @property
    def share_fulfilled(self) -> float | None:
        return _share(self.booked, self.requests - self.cancelled)

    @property
    def hours_to_booking_median(self) -> float | None:
        return _hours(median(self.minutes_to_booking))


@dataclass
class UnmetRow:
    """A language with unmet demand, against the volunteers the centre has for it."""

    language: str
    label: str
    requests: int = 0
    past_unbooked: int = 0  # the appointment passed without an interpreter
    never_offered: int = 0  # not booked and no volunteer could be asked
    unmet: int = 0  # either of the two, each request once
    active_volunteers: int = 0


@dataclass
class MonthRow:
    month: str  # YYYY-MM
    requests: int = 0
    booked: int = 0
    assignments: int = 0
    minutes_worked: int = 0
    travel_minutes: int = 0

    @property
    def hours_worked(self) -> float:
        return _hours(self.minutes_worked) or 0.0

    @property
    def travel_hours(self) -> float:
        return _hours(self.travel_minutes) or 0.0


@dataclass
class PoolRow:
    label: str
    volunteers: int = 0  # volunteers of the pool with at least one done assignment in the period
    assignments: int = 0
    minutes_worked: int = 0

    @property
    def hours_worked(self) -> float:
        return _hours(self.minutes_worked) or 0.0


@dataclass
class VolunteerFigures:
    since: datetime.date
    until: datetime.date
    requests: int = 0
    by_status: dict[str, int] = field(default_factory=dict)  # InterpretingRequest.Status -> count
    booked: int = 0
    cancelled: int = 0
    share_fulfilled: float | None = None
    fulfilment_count: int = 0  # requests with a first booking (basis of the times below)
    hours_to_booking_median: float | None = None
    hours_to_booking_p90: float | None = None
    languages: list[GroupRow] = field(default_factory=list)
    institutions: list[GroupRow] = field(default_factory=list)
    kinds: list[GroupRow] = field(default_factory=list)
    unmet: list[UnmetRow] = field(default_factory=list)
    unmet_total: int = 0
    months: list[MonthRow] = field(default_factory=list)
    pools: list[PoolRow] = field(default_factory=list)
    assignments_done: int = 0
    minutes_worked: int = 0
    minutes_approved: int = 0
    travel_minutes: int = 0
    allowances: Decimal = Decimal("0")
    travel_costs: Decimal = Decimal("0")
    no_shows: int = 0
    cancellations: dict[str, int] = field(default_factory=dict)  # Assignment.CancelledBy (or "") -> count

    @property
    def not_cancelled(self) -> int:
        return self.requests - self.cancelled

    @property
    def status_rows(self) -> list[tuple[str, int]]:
        return [(str(label), self.by_status.get(code, 0)) for code, label in InterpretingRequest.Status.choices]

    @property
    def cancellation_rows(self) -> list[tuple[str, int]]:
        rows = [(str(label), self.cancellations.get(code, 0)) for code, label in Assignment.CancelledBy.choices]
        if self.cancellations.get(""):
            rows.append((_("someone not recorded"), self.cancellations[""]))
        return rows

    @property
    def cancellations_total(self) -> int:
        return sum(self.cancellations.values())

    @property
    def hours_worked(self) -> float:
        return _hours(self.minutes_worked) or 0.0

    @property
    def hours_approved(self) -> float:
        return _hours(self.minutes_approved) or 0.0

    @property
    def travel_hours(self) -> float:
        return _hours(self.travel_minutes) or 0.0


def _bounds(since: datetime.date, until: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The period as aware datetimes: from the start of `since` to the start of the day after `until`."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(since, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(until + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return start, end


def _month_keys(since: datetime.date, until: datetime.date) -> list[str]:
    keys = []
    month = since.replace(day=1)
    while month <= until:
        keys.append(month.strftime("%Y-%m"))
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return keys


def _institution(organisation_id: int | None, name: str | None, need_id: int | None) -> tuple[str, str]:
    if organisation_id is not None:
        return f"org-{organisation_id}", name or "–"
    if need_id is not None:
        return "newcomers", _("Newcomer appointments (school enrolment)")
    return "centre", _("Integration centre (own requests)")


def _by_size(row: GroupRow) -> tuple[int, str]:
    return (-row.requests, row.label)


def volunteer_figures(
    *, centre: Centre, since: datetime.date, until: datetime.date, now: datetime.datetime | None = None
) -> VolunteerFigures:
    """Everything the figures page and its XLSX export show, for appointments in [since, until]."""
    now = now or timezone.now()
    start, end = _bounds(since, until)
    figures = VolunteerFigures(since=since, until=until)
    months = {key: MonthRow(month=key) for key in _month_keys(since, until)}

    # 1. One pass over the requests of the period.
    rows = (
        InterpretingRequest.objects.filter(centre=centre, starts_at__gte=start, starts_at__lt=end)
        .annotate(offered=Exists(Offer.objects.filter(request=OuterRef("pk"))))
        .order_by()
        .values_list(
            "language",
            "organisation_id",
            "organisation__name",
            "need_id",
            "kind",
            "status",
            "starts_at",
            "created_at",
            "booked_at",
            "offered",
        )
    )
    languages: dict[str, GroupRow] = {}
    institutions: dict[str, GroupRow] = {}
    kinds: dict[str, GroupRow] = {}
    unmet: dict[str, UnmetRow] = {}
    by_status: Counter[str] = Counter()
    all_minutes: list[int] = []
    kind_labels = dict(InterpretingRequest.Kind.choices)
    for (
        language,
        organisation_id,
        organisation_name,
        need_id,
        kind,
        status,
        starts_at,
        created_at,
        booked_at,
        offered,
    ) in rows:
        by_status[status] += 1
        booked = status == InterpretingRequest.Status.BOOKED
        cancelled = status == InterpretingRequest.Status.CANCELLED
        minutes = None
        if booked_at is not None:
            minutes = max(int((booked_at - created_at).total_seconds() // 60), 0)
            all_minutes.append(minutes)
        institution_key, institution_label = _institution(organisation_id, organisation_name, need_id)
        groups = (
            languages.setdefault(language, GroupRow(key=language, label=language_label(language))),
            institutions.setdefault(institution_key, GroupRow(key=institution_key, label=institution_label)),
            kinds.setdefault(kind, GroupRow(key=kind, label=str(kind_labels.get(kind, kind)))),
        )
        for group in groups:
            group.requests += 1
            group.booked += booked
            group.cancelled += cancelled
            if minutes is not None:
                group.minutes_to_booking.append(minutes)
        demand = unmet.setdefault(language, UnmetRow(language=language, label=language_label(language)))
        demand.requests += 1
        if not booked and not cancelled:
            past = starts_at < now
            demand.past_unbooked += past
            demand.never_offered += not offered
            demand.unmet += past or not offered
        month = months.get(timezone.localtime(starts_at).strftime("%Y-%m"))
        if month is not None:
            month.requests += 1
            month.booked += booked

    figures.requests = sum(by_status.values())
    figures.by_status = dict(by_status)
    figures.booked = by_status[InterpretingRequest.Status.BOOKED]
    figures.cancelled = by_status[InterpretingRequest.Status.CANCELLED]
    figures.share_fulfilled = _share(figures.booked, figures.requests - figures.cancelled)
    figures.fulfilment_count = len(all_minutes)
    figures.hours_to_booking_median = _hours(median(all_minutes))
    figures.hours_to_booking_p90 = _hours(percentile(all_minutes, 0.9))
    figures.languages = sorted(languages.values(), key=_by_size)
    figures.institutions = sorted(institutions.values(), key=_by_size)
    figures.kinds = sorted(kinds.values(), key=_by_size)

    # 2. Active volunteers per language (who could be asked).
    speakers = dict(
        VolunteerLanguage.objects.filter(
            centre=centre, volunteer__status=Volunteer.Status.ACTIVE, level__in=MATCHABLE_LEVELS
        )
        .order_by()
        .values("code")
        .annotate(volunteers=Count("volunteer", distinct=True))
        .values_list("code", "volunteers")
    )
    for demand in unmet.values():
        demand.active_volunteers = speakers.get(demand.language, 0)
    figures.unmet = sorted(
        (row for row in unmet.values() if row.unmet),
        key=lambda row: (-row.unmet, row.active_volunteers, row.label),
    )
    figures.unmet_total = sum(row.unmet for row in figures.unmet)

    # 3. Assignments of the period: no-shows and cancellations by who called them off.
    assignments = Assignment.objects.filter(centre=centre, starts_at__gte=start, starts_at__lt=end).order_by()
    for status, cancelled_by, count in (
        assignments.values("status", "cancelled_by")
        .annotate(count=Count("pk"))
        .values_list("status", "cancelled_by", "count")
    ):
        if status == Assignment.Status.NO_SHOW:
            figures.no_shows += count
        elif status == Assignment.Status.CANCELLED:
            figures.cancellations[cancelled_by] = figures.cancellations.get(cancelled_by, 0) + count

    # 4. Hours per month (by the local month of the appointment).
    done = assignments.filter(status=Assignment.Status.DONE, minutes_worked__isnull=False)
    for month_start, count, worked, approved, travel, allowance, costs in (
        done.annotate(month=TruncMonth("starts_at", tzinfo=timezone.get_current_timezone()))
        .values("month")
        .annotate(
            count=Count("pk"),
            worked=Sum("minutes_worked"),
            approved=Sum("minutes_worked", filter=Q(approved_at__isnull=False)),
            travel=Sum("travel_minutes"),
            allowance=Sum("allowance_amount"),
            costs=Sum("travel_amount"),
        )
        .values_list("month", "count", "worked", "approved", "travel", "allowance", "costs")
    ):
        figures.assignments_done += count
        figures.minutes_worked += worked or 0
        figures.minutes_approved += approved or 0
        figures.travel_minutes += travel or 0
        figures.allowances += Decimal(allowance or 0)
        figures.travel_costs += Decimal(costs or 0)
        month = months.get(timezone.localtime(month_start).strftime("%Y-%m"))
        if month is not None:
            month.assignments += count
            month.minutes_worked += worked or 0
            month.travel_minutes += travel or 0
    figures.months = list(months.values())

    # 5. Hours per pool: the join counts a volunteer in each of their pools.
    pools: dict[int | None, PoolRow] = {
        pk: PoolRow(label=name) for pk, name in Pool.objects.filter(centre=centre).values_list("pk", "name")
    }
    for pool_id, volunteers, count, worked in (
        done.values("volunteer__pools")
        .annotate(volunteers=Count("volunteer", distinct=True), count=Count("pk"), worked=Sum("minutes_worked"))
        .values_list("volunteer__pools", "volunteers", "count", "worked")
    ):
        row = pools.get(pool_id) or pools.setdefault(None, PoolRow(label=_("In no pool")))
        row.volunteers += volunteers
        row.assignments += count
        row.minutes_worked += worked or 0
    figures.pools = sorted(pools.values(), key=lambda row: (-row.minutes_worked, row.label))
    return figures


def figures_sheets(figures: VolunteerFigures) -> list[tuple[str, list[str], list[list[Any]]]]:
    """The sheets of the XLSX export (for `anlaufstelle.core.tabular.xlsx_workbook`)."""
    summary: list[list[Any]] = [
        [_("Period from"), figures.since],
        [_("Period until"), figures.until],
        [_("Requests"), figures.requests],
        *[[_("Requests: %(status)s") % {"status": label}, count] for label, count in figures.status_rows],
        [_("Share fulfilled (per cent of requests not cancelled)"), figures.share_fulfilled],
        [_("Hours to fulfilment, median"), figures.hours_to_booking_median],
        [_("Hours to fulfilment, 90th percentile"), figures.hours_to_booking_p90],
        [_("Requests with unmet demand"), figures.unmet_total],
        [_("Assignments done"), figures.assignments_done],
        [_("Hours worked"), figures.hours_worked],
        [_("Hours worked, approved"), figures.hours_approved],
        [_("Travel hours"), figures.travel_hours],
        [_("Allowances approved (EUR)"), figures.allowances],
        [_("Travel costs approved (EUR)"), figures.travel_costs],
        [_("Volunteer did not come"), figures.no_shows],
        *[
            [_("Assignments cancelled by %(who)s") % {"who": label}, count]
            for label, count in figures.cancellation_rows
        ],
    ]
    group_headers = [
        _("Requests"),
        _("Booked"),
        _("Cancelled"),
        _("Share fulfilled (%)"),
        _("Hours to booking, median"),
    ]

    def groups(rows: list[GroupRow]) -> list[list[Any]]:
        return [
            [r.label, r.requests, r.booked, r.cancelled, r.share_fulfilled, r.hours_to_booking_median] for r in rows
        ]

    return [
        (_("Summary"), [_("Figure"), _("Value")], summary),
        (_("Languages"), [_("Language"), *group_headers], groups(figures.languages)),
        (_("Institutions"), [_("Institution"), *group_headers], groups(figures.institutions)),
        (_("Kinds of appointment"), [_("Kind of appointment"), *group_headers], groups(figures.kinds)),
        (
            _("Unmet demand"),
            [
                _("Language"),
                _("Requests"),
                _("Passed without interpreter"),
                _("No volunteer could be asked"),
                _("Unmet"),
                _("Active volunteers"),
            ],
            [
                [r.label, r.requests, r.past_unbooked, r.never_offered, r.unmet, r.active_volunteers]
                for r in figures.unmet
            ],
        ),
        (
            _("Months"),
            [_("Month"), _("Requests"), _("Booked"), _("Assignments done"), _("Hours worked"), _("Travel hours")],
            [[m.month, m.requests, m.booked, m.assignments, m.hours_worked, m.travel_hours] for m in figures.months],
        ),
        (
            _("Pools"),
            [_("Pool"), _("Volunteers with assignments"), _("Assignments done"), _("Hours worked")],
            [[p.label, p.volunteers, p.assignments, p.hours_worked] for p in figures.pools],
        ),
    ]


def figures_tables(figures: VolunteerFigures) -> dict[str, FiguresTable]:
    """The tables of the figures page (drawn by `core/includes/figures_table.html`)."""
    group_labels = [
        _("Requests"),
        _("Booked"),
        _("Cancelled"),
        _("Share fulfilled (%)"),
        _("Hours to booking (median)"),
    ]

    def groups(id: str, caption: str, header: str, rows: list[GroupRow], **options: Any) -> FiguresTable:
        values = [
            [r.label, r.requests, r.booked, r.cancelled, decimal(r.share_fulfilled), decimal(r.hours_to_booking_median)]
            for r in rows
        ]
        return FiguresTable.numeric(
            id, caption, header, group_labels, values, empty=_("No requests in this period."), **options
        )

    unmet_labels = [
        _("Requests"),
        _("Passed without interpreter"),
        _("No volunteer could be asked"),
        _("Unmet"),
        _("Active volunteers"),
    ]
    month_labels = [_("Requests"), _("Booked"), _("Assignments done"), _("Hours worked"), _("Travel hours")]
    pool_labels = [_("Volunteers with assignments"), _("Assignments done"), _("Hours worked")]
    cancelled_by = _("Assignments cancelled by %(who)s")
    return {
        "unmet": FiguresTable.numeric(
            "table-unmet",
            _("Languages with unmet demand: whom to recruit"),
            _("Language"),
            unmet_labels,
            [
                [r.label, r.requests, r.past_unbooked, r.never_offered, r.unmet, r.active_volunteers]
                for r in figures.unmet
            ],
            row_langs=[r.language for r in figures.unmet],
            empty=_("No unmet demand in this period."),
        ),
        "languages": groups(
            "table-languages",
            _("Requests per language"),
            _("Language"),
            figures.languages,
            row_langs=[r.key for r in figures.languages],
        ),
        "institutions": groups(
            "table-institutions", _("Requests per institution"), _("Institution"), figures.institutions
        ),
        "kinds": groups("table-kinds", _("Requests per kind of appointment"), _("Kind of appointment"), figures.kinds),
        "status": FiguresTable.numeric(
            "table-status", _("Requests by status"), _("Status"), [_("Requests")], figures.status_rows, striped=False
        ),
        "months": FiguresTable.numeric(
            "table-months",
            _("Requests and hours per month"),
            _("Month"),
            month_labels,
            [
                [
                    m.month,
                    m.requests,
                    m.booked,
                    m.assignments,
                    floatformat(m.hours_worked, 1),
                    floatformat(m.travel_hours, 1),
                ]
                for m in figures.months
            ],
        ),
        "pools": FiguresTable.numeric(
            "table-pools",
            _("Hours per pool"),
            _("Pool"),
            pool_labels,
            [[p.label, p.volunteers, p.assignments, floatformat(p.hours_worked, 1)] for p in figures.pools],
            empty=_("No pools yet."),
        ),
        "cancellations": FiguresTable.numeric(
            "table-cancellations",
            _("Assignments not taking place"),
            _("Reason"),
            [_("Assignments")],
            [
                [_("Volunteer did not come"), figures.no_shows],
                *[[cancelled_by % {"who": label}, count] for label, count in figures.cancellation_rows],
            ],
            striped=False,
        ),
    }

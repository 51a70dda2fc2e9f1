"""Figures of the events module: aggregates only, never names (for the KI, the council, LaKI).

What counts, so that the numbers can be explained to whoever reads them:

* An event belongs to the period by the local date of its *first* date. Drafts do not count;
  events without any date neither. Cancelled events are counted (and listed) as such, but their
  seats, registrations, attendance and feedback stay out of every other total.
* *Registrations* are counted by their status now: confirmed, on the waiting list, cancelled,
  e-mail not confirmed yet. *Participants* are the confirmed registrations.
* *Seats offered* add up the seats of all sessions; *occupancy* is confirmed ÷ seats.
* The *attendance rate* is confirmed registrations ticked present on at least one date ÷
  confirmed registrations, both of events whose last date has ended.
* The *waiting list* is the number of registrations on it now (in total and per event).
* *Participants by target group*: an event for several target groups counts its participants in
  each of them, so the target groups can add up to more than the participants.
* *Feedback* averages are over all answers (on the form's scale of 1 to 5), not over events.

Everything is computed in three queries (SQL aggregates), on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from anlaufstelle.core.figures_table import Column, FiguresTable, day, decimal, numbers
from anlaufstelle.core.languages import decode_codes
from anlaufstelle.core.models import Centre
from anlaufstelle.events.models import Event, EventDate, Feedback, Registration, Session
from anlaufstelle.events.models.event import TargetGroup
from anlaufstelle.partners.models import Organisation

Status = Registration.Status


def _share(part: int, whole: int) -> float | None:
    """A percentage with one decimal; None when there is nothing to divide by."""
    return round(100 * part / whole, 1) if whole else None


def _average(total: int, count: int) -> float | None:
    """An average on the 1–5 scale with one decimal; None without answers."""
    return round(total / count, 1) if count else None


@dataclass
class Ratings:
    """Feedback answers: their number and the sums of both questions (averages derived)."""

    answers: int = 0
    overall_sum: int = 0
    useful_sum: int = 0

    @property
    def overall(self) -> float | None:
        return _average(self.overall_sum, self.answers)

    @property
    def useful(self) -> float | None:
        return _average(self.useful_sum, self.answers)

    def add(self, other: Ratings) -> None:
        self.answers += other.answers
        self.overall_sum += other.overall_sum
        self.useful_sum += other.useful_sum


@dataclass
class EventRow:
    """One event of the period (the title is the event's, never a person's)."""

    pk: int
    title: str
    first_date: datetime.datetime
    kind: str
    kind_label: str
    status: str
    status_label: str
    ended: bool
    target_groups: list[str] = field(default_factory=list)
    seats: int = 0
    confirmed: int = 0
    waiting: int = 0
    cancelled: int = 0
    unconfirmed: int = 0
    attended: int = 0  # confirmed registrations present on at least one date
    ratings: Ratings = field(default_factory=Ratings)

    @property
    def is_cancelled(self) -> bool:
        return self.status == Event.Status.CANCELLED

    @property
    def occupancy(self) -> float | None:
        return None if self.is_cancelled else _share(self.confirmed, self.seats)

    @property
    def attendance_rate(self) -> float | None:
        """Only once the event has ended (and took place): a course half-way through has no rate yet."""
        return _share(self.attended, self.confirmed) if self.ended and not self.is_cancelled else None


@dataclass
class GroupRow:
    """Participants of one kind of institution or one target group."""

    key: str
    label: str
    events: int = 0
    participants: int = 0


@dataclass
class EventFigures:
    since: datetime.date
    until: datetime.date
    events: int = 0  # published and cancelled events of the period
    cancelled_events: int = 0
    ended_events: int = 0  # not cancelled, last date over
    confirmed: int = 0
    waiting: int = 0
    cancelled: int = 0
    unconfirmed: int = 0
    seats: int = 0
    attended: int = 0  # of events that have ended
    confirmed_ended: int = 0  # confirmed registrations of events that have ended
    ratings: Ratings = field(default_factory=Ratings)
    rows: list[EventRow] = field(default_factory=list)
    institution_kinds: list[GroupRow] = field(default_factory=list)
    target_groups: list[GroupRow] = field(default_factory=list)

    @property
    def held_events(self) -> int:
        return self.events - self.cancelled_events

    @property
    def registrations(self) -> int:
        return self.confirmed + self.waiting + self.cancelled + self.unconfirmed

    @property
    def occupancy(self) -> float | None:
        return _share(self.confirmed, self.seats)

    @property
    def attendance_rate(self) -> float | None:
        return _share(self.attended, self.confirmed_ended)

    @property
    def waiting_rows(self) -> list[EventRow]:
        """Events with a waiting list now, longest first."""
        return sorted((r for r in self.rows if r.waiting and not r.is_cancelled), key=lambda r: (-r.waiting, r.title))


def _bounds(since: datetime.date, until: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The period as aware datetimes: from the start of `since` to the start of the day after `until`."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(since, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(until + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return start, end


def _by_size(row: GroupRow) -> tuple[int, str]:
    return (-row.participants, row.label)


def event_figures(
    *, centre: Centre, since: datetime.date, until: datetime.date, now: datetime.datetime | None = None
) -> EventFigures:
    """Everything the figures page and its XLSX export show, for events first held in [since, until]."""
    now = now or timezone.now()
    start, end = _bounds(since, until)
    figures = EventFigures(since=since, until=until)

    # 1. The events of the period, with their first and last date and their seats (subqueries: no
    #    join multiplies anything).
    dates = EventDate.objects.filter(event=OuterRef("pk")).order_by()
    seats = (
        Session.objects.filter(event=OuterRef("pk"))
        .order_by()
        .values("event")
        .annotate(total=Sum("capacity"))
        .values("total")
    )
    events = (
        Event.objects.filter(centre=centre)
        .exclude(status=Event.Status.DRAFT)
        .annotate(
            first=Subquery(dates.order_by("starts_at").values("starts_at")[:1]),
            last=Subquery(dates.order_by("-ends_at").values("ends_at")[:1]),
            seat_total=Subquery(seats, output_field=IntegerField()),
        )
        .filter(first__gte=start, first__lt=end)
        .order_by("first", "pk")
        .values_list("pk", "title", "kind", "status", "target_groups", "first", "last", "seat_total")
    )
    kind_labels = dict(Event.Kind.choices)
    status_labels = dict(Event.Status.choices)
    rows: dict[int, EventRow] = {}
    for pk, title, kind, status, target_groups, first, last, seat_total in events:
        rows[pk] = EventRow(
            pk=pk,
            title=title,
            first_date=first,
            kind=kind,
            kind_label=str(kind_labels.get(kind, kind)),
            status=status,
            status_label=str(status_labels.get(status, status)),
            ended=last is not None and last <= now,
            target_groups=decode_codes(target_groups),
            seats=seat_total or 0,
        )
    figures.rows = list(rows.values())
    if not rows:
        return figures
    ids = list(rows)

    # 2. Registrations per event, status and kind of institution, with those present at least once.
    institution_kinds: dict[str, GroupRow] = {}
    seen: dict[str, set[int]] = {}  # events already counted per kind of institution
    kind_names = dict(Organisation.Kind.choices)
    for event_id, status, institution_kind, count, attended in (
        Registration.objects.filter(session__event_id__in=ids)
        .order_by()
        .values("session__event_id", "status", "institution_kind")
        .annotate(
            count=Count("pk", distinct=True),
            attended=Count("pk", filter=Q(attendances__isnull=False), distinct=True),
        )
        .values_list("session__event_id", "status", "institution_kind", "count", "attended")
    ):
        row = rows[event_id]
        if status == Status.CONFIRMED:
            row.confirmed += count
            row.attended += attended
            if not row.is_cancelled:
                key = institution_kind or ""
                if key not in institution_kinds:
                    label = str(kind_names.get(key, key)) if key else _("Not stated")
                    institution_kinds[key] = GroupRow(key=key, label=label)
                group = institution_kinds[key]
                group.participants += count
                group.events += event_id not in seen.setdefault(group.key, set())
                seen[group.key].add(event_id)
        elif status == Status.WAITING:
            row.waiting += count
        elif status == Status.CANCELLED:
            row.cancelled += count
        elif status == Status.UNCONFIRMED:
            row.unconfirmed += count

    # 3. Feedback per event: the number of answers and the sums of both questions.
    for event_id, answers, overall_sum, useful_sum in (
        Feedback.objects.filter(registration__session__event_id__in=ids)
        .order_by()
        .values("registration__session__event_id")
        .annotate(answers=Count("pk"), overall_sum=Sum("overall"), useful_sum=Sum("useful"))
        .values_list("registration__session__event_id", "answers", "overall_sum", "useful_sum")
    ):
        rows[event_id].ratings = Ratings(answers=answers, overall_sum=overall_sum or 0, useful_sum=useful_sum or 0)

    # Totals over the events not cancelled; an event counts in each of its target groups.
    by_target_group = {code: GroupRow(key=code, label=str(label)) for code, label in TargetGroup.choices}
    for row in figures.rows:
        figures.events += 1
        if row.is_cancelled:
            figures.cancelled_events += 1
            continue
        figures.seats += row.seats
        figures.confirmed += row.confirmed
        figures.waiting += row.waiting
        figures.cancelled += row.cancelled
        figures.unconfirmed += row.unconfirmed
        figures.ratings.add(row.ratings)
        if row.ended:
            figures.ended_events += 1
            figures.confirmed_ended += row.confirmed
            figures.attended += row.attended
        codes = row.target_groups or [""]
        for code in codes:
            group = by_target_group.get(code) or by_target_group.setdefault(
                code, GroupRow(key=code, label=code or _("No target group given"))
            )
            group.events += 1
            group.participants += row.confirmed
    figures.institution_kinds = sorted(institution_kinds.values(), key=_by_size)
    figures.target_groups = sorted((g for g in by_target_group.values() if g.events), key=_by_size)
    return figures


def figures_sheets(figures: EventFigures) -> list[tuple[str, list[str], list[list[Any]]]]:
    """The sheets of the XLSX export (for `anlaufstelle.core.tabular.xlsx_workbook`)."""
    summary: list[list[Any]] = [
        [_("Period from"), figures.since],
        [_("Period until"), figures.until],
        [_("Events"), figures.events],
        [_("Events cancelled"), figures.cancelled_events],
        [_("Events that have ended"), figures.ended_events],
        [_("Seats offered"), figures.seats],
        [_("Registrations confirmed"), figures.confirmed],
        [_("Registrations on the waiting list now"), figures.waiting],
        [_("Registrations cancelled"), figures.cancelled],
        [_("Registrations with the e-mail not confirmed yet"), figures.unconfirmed],
        [_("Occupancy (per cent of seats)"), figures.occupancy],
        [_("Attended at least once (events that have ended)"), figures.attended],
        [_("Attendance rate (per cent of confirmed registrations of events that have ended)"), figures.attendance_rate],
        [_("Feedback answers"), figures.ratings.answers],
        [_("Feedback overall, average (1–5)"), figures.ratings.overall],
        [_("Feedback useful for the work, average (1–5)"), figures.ratings.useful],
    ]
    group_headers = [_("Events"), _("Participants")]
    return [
        (_("Summary"), [_("Figure"), _("Value")], summary),
        (
            _("Events"),
            [
                _("Event"),
                _("First date"),
                _("Kind"),
                _("Status"),
                _("Seats offered"),
                _("Confirmed"),
                _("Waiting list"),
                _("Cancelled"),
                _("Occupancy (%)"),
                _("Attended"),
                _("Attendance (%)"),
                _("Feedback answers"),
                _("Overall (average)"),
                _("Useful (average)"),
            ],
            [
                [
                    r.title,
                    timezone.localtime(r.first_date).date(),
                    r.kind_label,
                    r.status_label,
                    r.seats,
                    r.confirmed,
                    r.waiting,
                    r.cancelled,
                    r.occupancy,
                    r.attended,
                    r.attendance_rate,
                    r.ratings.answers,
                    r.ratings.overall,
                    r.ratings.useful,
                ]
                for r in figures.rows
            ],
        ),
        (
            _("Kinds of institution"),
            [_("Kind of institution"), *group_headers],
            [[g.label, g.events, g.participants] for g in figures.institution_kinds],
        ),
        (
            _("Target groups"),
            [_("Target group"), *group_headers],
            [[g.label, g.events, g.participants] for g in figures.target_groups],
        ),
    ]


def figures_tables(figures: EventFigures) -> dict[str, FiguresTable]:
    """The tables of the figures page (drawn by `core/includes/figures_table.html`)."""
    event, first_date = Column(_("Event")), Column(_("First date"))
    event_labels = [
        _("Seats offered"),
        _("Confirmed"),
        _("Waiting list"),
        _("Attended"),
        _("Attendance (%)"),
        _("Feedback overall (average)"),
        _("Answers"),
    ]
    group_labels = [_("Events"), _("Participants")]
    return {
        "events": FiguresTable(
            id="table-events",
            caption=_("Events of the year"),
            columns=[event, first_date, Column(_("Kind")), Column(_("Status")), *numbers(*event_labels)],
            rows=[
                [
                    *(r.title, day(r.first_date), r.kind_label, r.status_label),
                    *(r.seats, r.confirmed, r.waiting, r.attended),
                    *(decimal(r.attendance_rate), decimal(r.ratings.overall), r.ratings.answers),
                ]
                for r in figures.rows
            ],
            empty=_("No events in this period."),
        ),
        "waiting": FiguresTable(
            id="table-waiting",
            caption=_("Waiting lists now, longest first"),
            columns=[event, first_date, *numbers(_("Seats offered"), _("Waiting list"))],
            rows=[[r.title, day(r.first_date), r.seats, r.waiting] for r in figures.waiting_rows],
            empty=_("Nobody is on a waiting list."),
        ),
        "institutions": FiguresTable.numeric(
            "table-institutions",
            _("Participants by kind of institution"),
            _("Kind of institution"),
            group_labels,
            [[g.label, g.events, g.participants] for g in figures.institution_kinds],
            empty=_("No participants in this period."),
        ),
        "target_groups": FiguresTable.numeric(
            "table-target-groups",
            _("Participants by target group"),
            _("Target group"),
            group_labels,
            [[g.label, g.events, g.participants] for g in figures.target_groups],
            empty=_("No events in this period."),
        ),
    }

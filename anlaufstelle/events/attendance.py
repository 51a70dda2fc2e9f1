"""On the day (reads and rules): when check-in is open, the roster to tick from, the printable sign-in list.

Only confirmed participants can be checked in, once per date (the unique constraint on
Attendance makes a second tick — or two tablets ticking at the same moment — change nothing),
and only on the day of that date: from an hour before its start (or the start of its day)
until the end of the day it ends. People who come without registering are added at check-in
(a walk-in takes a free seat under the session's lock, like a confirmation).
The sign-in list is a PDF rendered by WeasyPrint from local fonts only; nothing is fetched.
The writes (check in, undo, walk-in) are in `actions/attendance.py`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, OuterRef, Q, Subquery
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from anlaufstelle.core.bidi import address_line
from anlaufstelle.core.pdf import html_to_pdf, page_footer
from anlaufstelle.events.errors import CheckInError
from anlaufstelle.events.models import Attendance, Event, EventDate, Registration, Session

__all__ = ["CheckInError"]  # re-exported: the rules here raise it

# Search words taken into account (each must match first name, last name or institution).
MAX_SEARCH_WORDS = 4
# Empty numbered rows at the end of each sign-in list, for people who come without registering.
WALK_IN_ROWS = 5
# Check-in opens this long before a date starts (when that is still the day before).
CHECK_IN_EARLY = datetime.timedelta(hours=1)


def _now() -> datetime.datetime:
    return timezone.now()


def clock() -> datetime.datetime:
    """The time check-in goes by (one place, so tests can set it through `_now`)."""
    return _now()


def check_in_window(date: EventDate) -> tuple[datetime.datetime, datetime.datetime]:
    """When people can be checked in for `date`: on its day, from an hour before the start at the latest."""
    start_of_day = timezone.localtime(date.starts_at).replace(hour=0, minute=0, second=0, microsecond=0)
    ends = timezone.localtime(date.ends_at)
    end_of_day = timezone.make_aware(
        datetime.datetime.combine(ends.date() + datetime.timedelta(days=1), datetime.time())
    )
    return min(start_of_day, date.starts_at - CHECK_IN_EARLY), end_of_day


def check_in_open(date: EventDate, now: datetime.datetime | None = None) -> bool:
    opens, closes = check_in_window(date)
    return opens <= (now or _now()) < closes


def ensure_open(date: EventDate) -> None:
    if not check_in_open(date):
        opens, _closes = check_in_window(date)
        raise CheckInError(
            _("Check-in for this date opens on %(day)s.")
            % {"day": formats.date_format(timezone.localtime(opens), "SHORT_DATETIME_FORMAT")}
            if _now() < opens
            else _("Check-in for this date has closed.")
        )


@dataclass(frozen=True)
class RosterRow:
    """One confirmed participant and whether they are checked in for the date shown."""

    registration: Registration
    checked_in_at: datetime.datetime | None

    @property
    def checked_in(self) -> bool:
        return self.checked_in_at is not None

    @property
    def name(self) -> str:
        return f"{self.registration.first_name} {self.registration.last_name}"


@dataclass(frozen=True)
class Counts:
    checked_in: int
    total: int


def ensure_same_event(event_id: int, date: EventDate) -> None:
    if date.event_id != event_id:
        raise CheckInError(_("This date belongs to another event."))


def _confirmed(event: Event) -> Any:
    return Registration.objects.filter(session__event=event, status=Registration.Status.CONFIRMED)


def roster(*, event: Event, date: EventDate, query: str = "") -> list[RosterRow]:
    """The confirmed participants of `event`, by last name, with their check-in on `date` (one query).

    `query`: words that each must occur (any case) in the first name, last name or institution.
    """
    ensure_same_event(event.pk, date)
    people = _confirmed(event)
    for word in query.split()[:MAX_SEARCH_WORDS]:
        people = people.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(institution__icontains=word)
        )
    people = people.annotate(
        checked_in_at=Subquery(
            Attendance.objects.filter(registration=OuterRef("pk"), date=date).values("checked_in_at")[:1]
        )
    )
    return [
        RosterRow(registration=person, checked_in_at=person.checked_in_at)
        for person in people.select_related("session").order_by("last_name", "first_name", "id")
    ]


def roster_row(*, registration: Registration, date: EventDate) -> RosterRow:
    """One participant's row as it is now (after a tick)."""
    attendance = Attendance.objects.filter(registration=registration, date=date).first()
    return RosterRow(registration=registration, checked_in_at=attendance.checked_in_at if attendance else None)


def counts(*, event: Event, date: EventDate) -> Counts:
    """How many confirmed participants there are and how many are checked in on `date` (one query)."""
    figures = _confirmed(event).aggregate(
        total=Count("id", distinct=True),
        checked_in=Count("attendances", filter=Q(attendances__date=date)),
    )
    return Counts(checked_in=figures["checked_in"], total=figures["total"])


# --- the sign-in list (PDF) ------------------------------------------------------------------


@dataclass
class SignInSheet:
    """One page group of the sign-in list: one date, and one session on a day with parallel sessions."""

    date: EventDate
    session: Session | None
    people: list[Registration]
    empty_rows: list[int] = field(default_factory=list)

    @property
    def starts_at(self) -> datetime.datetime:
        if self.session is not None and self.session.starts_at:
            return self.session.starts_at
        return self.date.starts_at

    @property
    def ends_at(self) -> datetime.datetime:
        if self.session is not None and self.session.ends_at:
            return self.session.ends_at
        return self.date.ends_at


def sign_in_sheets(event: Event, *, date: EventDate | None = None) -> list[SignInSheet]:
    """A sheet per date (per session for a day with parallel sessions), confirmed people by last name."""
    dates = [date] if date is not None else list(event.dates.order_by("starts_at", "id"))
    for one in dates:
        ensure_same_event(event.pk, one)
    sessions = list(event.sessions.order_by("position", "starts_at", "id"))
    people = list(_confirmed(event).order_by("last_name", "first_name", "id"))
    parallel = len(sessions) > 1
    sheets = []
    for one in dates:
        groups: list[tuple[Session | None, list[Registration]]]
        if parallel:
            groups = [(session, [p for p in people if p.session_id == session.pk]) for session in sessions]
        else:
            groups = [(None, people)]
        for session, members in groups:
            sheets.append(
                SignInSheet(
                    date=one,
                    session=session,
                    people=members,
                    empty_rows=list(range(len(members) + 1, len(members) + WALK_IN_ROWS + 1)),
                )
            )
    return sheets


def _page_footer(event: Event) -> dict[str, SafeString]:
    """CSS `content` values for the page footer: the event, and "page x of y"."""
    return page_footer(f"{_('Sign-in list')} · {event.title}")


def sign_in_html(event: Event, *, date: EventDate | None = None) -> str:
    """The sign-in list as an HTML document (in the active language)."""
    event = Event.objects.select_related("centre", "organisation", "address").get(pk=event.pk)
    return render_to_string(
        "events/day/sign_in_pdf.html",
        {
            "event": event,
            "centre": event.centre,
            "sheets": sign_in_sheets(event, date=date),
            "footer": _page_footer(event),
            "place": address_line(event.address.street, event.address.postcode, event.address.city)
            if event.address
            else "",
            "printed_at": timezone.localtime(),
        },
    )


def sign_in_pdf(event: Event, *, date: EventDate | None = None) -> bytes:
    """The sign-in list as a PDF (A4 landscape)."""
    return html_to_pdf(sign_in_html(event, date=date))

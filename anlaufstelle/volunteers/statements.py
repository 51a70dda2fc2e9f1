"""A volunteer's yearly statement of approved interpreting assignments and allowances (PDF).

Only approved assignments count (status done, hours approved by the coordinator), by the day
they took place in the centre's time zone. The allowance is what counts towards the tax-free
yearly limit (Ehrenamtspauschale, § 3 Nr. 26a EStG); travel costs are reimbursed expenses and
are listed separately. Amounts are the ones fixed at approval, so a later change of the
centre's rule leaves statements as they were.

The statement is an official document for the tax office and is always written in German.
The PDF is rendered by WeasyPrint from local fonts only; nothing is ever fetched.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import scope

from anlaufstelle.core.bidi import address_line, join_present
from anlaufstelle.core.pdf import html_to_pdf, page_footer
from anlaufstelle.volunteers import rules
from anlaufstelle.volunteers.models import Assignment, Volunteer
from anlaufstelle.volunteers.rules import LimitState

STATEMENT_LANGUAGE = "de"
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Row:
    """One approved assignment."""

    date: datetime.date
    language: str
    kind: str
    minutes: int
    travel_minutes: int
    km: Decimal
    allowance: Decimal  # counts towards the tax-free limit
    travel: Decimal  # reimbursed expenses, do not count


@dataclass(frozen=True)
class Letterhead:
    """The centre that issues the statement."""

    name: str
    street: str
    postcode: str
    city: str
    phone: str
    email: str

    @property
    def address(self) -> str:
        return address_line(self.street, self.postcode, self.city)


@dataclass
class Statement:
    volunteer: Volunteer
    year: int
    rows: list[Row]
    total_minutes: int
    total_travel_minutes: int
    total_km: Decimal
    total_allowance: Decimal
    total_travel: Decimal
    limit: LimitState
    centre: Letterhead

    @property
    def name(self) -> str:
        return f"{self.volunteer.first_name} {self.volunteer.last_name}"

    @property
    def address_lines(self) -> list[str]:
        """The volunteer's postal address as it goes on the statement: street, then postcode and city."""
        place = join_present([self.volunteer.postcode, self.volunteer.city], " ")
        return [part for part in (self.volunteer.street.strip(), place) if part]

    @property
    def hours(self) -> str:
        """The minutes worked as hours and minutes, e.g. "12:05"."""
        return f"{self.total_minutes // 60}:{self.total_minutes % 60:02d}"

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)

    @property
    def last_day(self) -> datetime.date:
        return datetime.date(self.year, 12, 31)

    @property
    def percent_used(self) -> int:
        """How much of the tax-free limit the allowances use, in whole per cent (rounded down)."""
        if self.limit.limit <= 0:
            return 100 if self.limit.total > 0 else 0
        return int(self.limit.total * 100 / self.limit.limit)

    @property
    def excess(self) -> Decimal:
        """How far the allowances lie above the tax-free limit (0 when they do not)."""
        return max(ZERO, self.limit.total - self.limit.limit)


def _year_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    """1 January 00:00 of the year and of the next, in the centre's time zone (Europe/Berlin)."""
    zone = timezone.get_default_timezone()
    return (
        datetime.datetime(year, 1, 1, tzinfo=zone),
        datetime.datetime(year + 1, 1, 1, tzinfo=zone),
    )


# Languages Django has no name for (the offer list names languages in themselves: "دری").
OTHER_LANGUAGE_NAMES = {
    "prs": gettext_lazy("Dari"),
    "kmr": gettext_lazy("Kurmanji"),
    "ps": gettext_lazy("Pashto"),
    "so": gettext_lazy("Somali"),
    "ti": gettext_lazy("Tigrinya"),
}


def _language_name(code: str) -> str:
    """The language's name in the active language ("Arabisch" on the German statement), else ""."""
    if code in OTHER_LANGUAGE_NAMES:
        return str(OTHER_LANGUAGE_NAMES[code])
    try:
        return str(translation.get_language_info(code)["name_translated"])
    except KeyError:
        return ""


def yearly_statement(*, volunteer: Volunteer, year: int) -> Statement:
    """The approved assignments of `volunteer` that took place in `year`, with totals and the limit."""
    start, end = _year_bounds(year)
    zone = timezone.get_default_timezone()
    centre = volunteer.centre
    with scope(centre=centre):  # the volunteer's own centre, also when called from their token page
        centre_settings = rules.settings_for(centre)
        assignments = list(
            Assignment.objects.filter(
                centre=centre,
                volunteer=volunteer,
                status=Assignment.Status.DONE,
                approved_at__isnull=False,
                starts_at__gte=start,
                starts_at__lt=end,
            )
            .select_related("request")
            .order_by("starts_at", "id")
        )
    rule = rules.Rule.of(centre_settings)
    rows = []
    for assignment in assignments:
        request = assignment.request
        minutes = assignment.minutes_worked or 0
        travel_minutes = assignment.travel_minutes or 0
        km = Decimal(assignment.travel_km or 0)
        allowance, travel = assignment.allowance_amount, assignment.travel_amount
        if allowance is None or travel is None:
            # Approved before amounts were fixed at approval: worked out under the current rule.
            amounts = rules.allowance(rule, minutes=minutes, travel_minutes=travel_minutes, km=km)
            allowance = amounts.allowance if allowance is None else allowance
            travel = amounts.travel if travel is None else travel
        language = _language_name(request.language) or request.get_language_display()
        if request.dialect:
            language = f"{language} ({request.dialect})"
        rows.append(
            Row(
                date=timezone.localtime(assignment.starts_at, zone).date(),
                language=str(language),
                kind=str(request.get_kind_display()),
                minutes=minutes,
                travel_minutes=travel_minutes,
                km=km,
                allowance=Decimal(allowance),
                travel=Decimal(travel),
            )
        )
    total_allowance = sum((row.allowance for row in rows), ZERO)
    return Statement(
        volunteer=volunteer,
        year=year,
        rows=rows,
        total_minutes=sum(row.minutes for row in rows),
        total_travel_minutes=sum(row.travel_minutes for row in rows),
        total_km=sum((row.km for row in rows), Decimal(0)),
        total_allowance=total_allowance,
        total_travel=sum((row.travel for row in rows), ZERO),
        limit=rules.limit_state(total_allowance, centre_settings),
        centre=Letterhead(
            name=centre.name,
            street=centre.street,
            postcode=centre.postcode,
            city=centre.city,
            phone=centre.phone,
            email=centre.email,
        ),
    )


def _page_footer(statement: Statement) -> dict[str, SafeString]:
    """CSS `content` values for the page footer: who and which year, and "page x of y"."""
    title = _("Statement of allowances %(year)s") % {"year": statement.year}
    return page_footer(f"{title} · {statement.name}")


def statement_html(*, volunteer: Volunteer, year: int) -> str:
    """The statement as an HTML document, in German."""
    with translation.override(STATEMENT_LANGUAGE):
        statement = yearly_statement(volunteer=volunteer, year=year)
        today = timezone.localdate()
        context: dict[str, Any] = {
            "statement": statement,
            "footer": _page_footer(statement),
            "today": today,
            "place_date": join_present([statement.centre.city, formats.date_format(today, "DATE_FORMAT")]),
        }
        return render_to_string("volunteers/statement_pdf.html", context)


def statement_pdf(*, volunteer: Volunteer, year: int) -> bytes:
    """The statement as a PDF (A4, German)."""
    return html_to_pdf(statement_html(volunteer=volunteer, year=year))

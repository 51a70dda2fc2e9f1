"""The yearly statement of approved assignments and allowances: totals, the tax-free limit, PDF, links."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from anlaufstelle.core.models import AuditEntry
from anlaufstelle.core.roles import Role
from anlaufstelle.volunteers import actions, statements
from anlaufstelle.volunteers.models import Assignment, InterpretingRequest, InterpretingSettings, Volunteer
from anlaufstelle.volunteers.tests.factories import make_volunteer

pytestmark = pytest.mark.django_db

YEAR = 2024


def local(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute), timezone.get_default_timezone())


def assignment(  # type: ignore[no-untyped-def]
    volunteer: Volunteer,
    starts_at: datetime.datetime,
    *,
    allowance: str | None = "20.00",
    travel: str | None = "1.80",
    minutes: int = 90,
    travel_minutes: int = 20,
    km: str = "6.0",
    approved: bool = True,
    kind: str = InterpretingRequest.Kind.SCHOOL,
) -> Assignment:
    """A done assignment with reported hours, approved unless told otherwise (amounts fixed then)."""
    with scopes_disabled():
        request = InterpretingRequest.objects.create(
            centre=volunteer.centre,
            language="ar",
            starts_at=starts_at,
            place="Grundschule Mitte",
            kind=kind,
            status=InterpretingRequest.Status.BOOKED,
        )
        return Assignment.objects.create(
            centre=volunteer.centre,
            request=request,
            volunteer=volunteer,
            starts_at=starts_at,
            ends_at=request.ends_at,
            status=Assignment.Status.DONE,
            minutes_worked=minutes,
            travel_minutes=travel_minutes,
            travel_km=Decimal(km),
            reported_at=starts_at + datetime.timedelta(hours=3),
            approved_at=starts_at + datetime.timedelta(days=1) if approved else None,
            allowance_amount=Decimal(allowance) if approved and allowance is not None else None,
            travel_amount=Decimal(travel) if approved and travel is not None else None,
        )


def volunteer(centre, name: str = "Rana") -> Volunteer:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        return make_volunteer(centre, name)


def set_limit(centre, limit: str, warn_percent: int = 80) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        InterpretingSettings.objects.update_or_create(
            centre=centre, defaults={"yearly_limit": Decimal(limit), "warn_percent": warn_percent}
        )


def personal_token(centre, someone: Volunteer, member_factory, capture) -> str:  # type: ignore[no-untyped-def]
    with capture(execute=True):
        actions.personal_link_send(volunteer=someone, actor=member_factory(centre, Role.VOLUNTEER_COORDINATOR))
    return re.search(r"/ehrenamt/mein/([^/\s]+)/", mail.outbox[-1].body).group(1)  # type: ignore[union-attr]


# --- totals and the limit ----------------------------------------------------------------------


def test_totals_count_only_approved_assignments_of_the_year(centre) -> None:  # type: ignore[no-untyped-def]
    rana = volunteer(centre)
    assignment(rana, local(YEAR, 3, 4), allowance="20.00", travel="1.80", minutes=90, travel_minutes=20, km="6.0")
    assignment(rana, local(YEAR, 9, 12), allowance="30.00", travel="3.15", minutes=150, travel_minutes=35, km="10.5")
    assignment(rana, local(YEAR, 10, 1), approved=False)  # reported, not approved yet
    assignment(rana, local(YEAR - 1, 6, 1), allowance="99.00")  # another year
    assignment(rana, local(YEAR + 1, 2, 1), allowance="99.00")
    with scopes_disabled():
        cancelled = assignment(rana, local(YEAR, 11, 1), allowance="99.00")
        Assignment.objects.filter(pk=cancelled.pk).update(status=Assignment.Status.CANCELLED)
    assignment(volunteer(centre, "Omid"), local(YEAR, 5, 5), allowance="99.00")  # someone else's

    statement = statements.yearly_statement(volunteer=rana, year=YEAR)

    assert [row.date for row in statement.rows] == [datetime.date(YEAR, 3, 4), datetime.date(YEAR, 9, 12)]
    assert statement.total_allowance == Decimal("50.00")
    assert statement.total_travel == Decimal("4.95")
    assert statement.total_minutes == 240 and statement.hours == "4:00"
    assert statement.total_travel_minutes == 55 and statement.total_km == Decimal("16.5")
    # Only the allowance counts towards the limit (840 EUR unless the centre says otherwise).
    assert statement.limit.total == Decimal("50.00") and statement.limit.limit == Decimal("840.00")
    assert statement.limit.remaining == Decimal("790.00")
    assert not statement.limit.warn and not statement.limit.exceeded
    assert statement.centre.name == centre.name and statement.centre.email == centre.email
    assert str(statement.rows[0].kind) and statement.rows[0].language


def test_the_year_is_the_calendar_year_in_berlin(centre) -> None:  # type: ignore[no-untyped-def]
    rana = volunteer(centre)
    # 1 January 00:30 in Berlin is still 31 December in UTC; 31 December 23:30 is in the old year.
    new_year = assignment(rana, local(YEAR, 1, 1, 0, 30), allowance="10.00")
    assignment(rana, local(YEAR - 1, 12, 31, 23, 30), allowance="77.00")
    assignment(rana, local(YEAR, 12, 31, 23, 30), allowance="5.00")
    assert new_year.starts_at.astimezone(datetime.UTC).year == YEAR - 1

    statement = statements.yearly_statement(volunteer=rana, year=YEAR)

    assert statement.total_allowance == Decimal("15.00")
    assert statement.rows[0].date == datetime.date(YEAR, 1, 1)
    assert statements.yearly_statement(volunteer=rana, year=YEAR - 1).total_allowance == Decimal("77.00")


def test_amounts_fixed_on_approval_stay_when_the_rule_changes(centre) -> None:  # type: ignore[no-untyped-def]
    rana = volunteer(centre)
    assignment(rana, local(YEAR, 3, 4), allowance="20.00", minutes=300)
    with scopes_disabled():
        InterpretingSettings.objects.create(centre=centre, flat_amount=Decimal("50.00"))
    assert statements.yearly_statement(volunteer=rana, year=YEAR).total_allowance == Decimal("20.00")


def test_approved_without_fixed_amounts_are_worked_out_under_the_rule(centre) -> None:  # type: ignore[no-untyped-def]
    rana = volunteer(centre)
    # Default rule: 20 EUR for the first two hours, 10 EUR per further started hour; 0.30 EUR per km.
    assignment(rana, local(YEAR, 3, 4), allowance=None, travel=None, minutes=150, km="10.0")
    statement = statements.yearly_statement(volunteer=rana, year=YEAR)
    assert (statement.total_allowance, statement.total_travel) == (Decimal("30.00"), Decimal("3.00"))


@pytest.mark.parametrize(
    ("amounts", "warn", "exceeded", "notice"),
    [
        (["30.00", "20.00"], False, False, None),
        (["50.00", "30.00"], True, False, "notice warn"),  # 80 of 100: the warning share
        (["60.00", "60.00"], True, True, "notice exceeded"),
    ],
)
def test_limit_warning_and_exceeded(centre, amounts, warn, exceeded, notice) -> None:  # type: ignore[no-untyped-def]
    set_limit(centre, "100.00", warn_percent=80)
    rana = volunteer(centre)
    for month, amount in enumerate(amounts, start=3):
        # Travel costs never count towards the limit, however high.
        assignment(rana, local(YEAR, month, 4), allowance=amount, travel="500.00")

    statement = statements.yearly_statement(volunteer=rana, year=YEAR)
    html = statements.statement_html(volunteer=rana, year=YEAR)

    assert (statement.limit.warn, statement.limit.exceeded) == (warn, exceeded)
    assert statement.limit.limit == Decimal("100.00")
    for kind in ("notice warn", "notice exceeded"):
        assert (f'class="{kind}"' in html) == (kind == notice)
    if exceeded:
        assert statement.excess == Decimal("20.00") and statement.limit.remaining == 0
        assert "20,00 EUR" in html


# --- the document ------------------------------------------------------------------------------


def test_statement_is_a_german_pdf_with_table_totals_and_limit(centre) -> None:  # type: ignore[no-untyped-def]
    rana = volunteer(centre)
    assignment(rana, local(YEAR, 3, 4), allowance="20.00", travel="1.80")
    assignment(rana, local(YEAR, 9, 12), allowance="1234.50", travel="3.15", kind=InterpretingRequest.Kind.AUTHORITY)

    html = statements.statement_html(volunteer=rana, year=YEAR)
    pdf = statements.statement_pdf(volunteer=rana, year=YEAR)

    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert '<html lang="de"' in html and "Rana Test" in html and centre.name in html
    assert "04.03.2024" in html and "12.09.2024" in html  # German dates
    assert "Arabisch" in html and "العربية" not in html  # the language named in German
    assert "1.254,50" in html and "4,95" in html  # German amounts, allowance and travel totals
    assert "840,00 EUR" in html and "§ 3" in html and "26a EStG" in html
    assert 'class="notice exceeded"' in html and "414,50 EUR" in html
    assert "counter(page)" in html and "counter(pages)" in html  # page numbers
    # Only what the statement needs: no place of the appointment, nothing fetched from outside.
    assert "Grundschule Mitte" not in html
    assert not re.search(r"(src|href)=|url\(|@import|https?://", html)


def test_empty_year_gives_a_valid_pdf_saying_so(centre) -> None:  # type: ignore[no-untyped-def]
    rana = volunteer(centre)
    assignment(rana, local(YEAR, 3, 4), approved=False)
    html = statements.statement_html(volunteer=rana, year=YEAR)
    assert 'class="empty"' in html and "<table" not in html and "0,00 EUR" in html
    assert 'class="notice' not in html
    pdf = statements.statement_pdf(volunteer=rana, year=YEAR)
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")


def test_statement_is_german_whatever_the_request_language(centre) -> None:  # type: ignore[no-untyped-def]
    from django.utils import translation

    rana = volunteer(centre)
    assignment(rana, local(YEAR, 3, 4))
    with translation.override("en"):
        html = statements.statement_html(volunteer=rana, year=YEAR)
        assert translation.get_language() == "en"
    assert '<html lang="de"' in html and "20,00" in html and "04.03.2024" in html


def test_centre_texts_are_escaped_in_the_page_footer(centre) -> None:  # type: ignore[no-untyped-def]
    rana = volunteer(centre, 'Ra"na')
    html = statements.statement_html(volunteer=rana, year=YEAR)
    style = html[html.index("<style>") : html.index("</style>")]
    assert 'Ra"na' not in style and "Ra\\22 na" in style
    assert "Ra&quot;na" in html  # in the body, escaped as HTML


# --- who gets it -------------------------------------------------------------------------------


def test_coordinator_downloads_the_statement_and_it_is_audited(  # type: ignore[no-untyped-def]
    centre, other_centre, member_factory, login
) -> None:
    rana = volunteer(centre)
    stranger = volunteer(other_centre, "Omid")
    assignment(rana, local(YEAR, 3, 4))
    client = login(member_factory(centre, Role.VOLUNTEER_COORDINATOR))
    url = reverse("volunteers:statement", kwargs={"centre": centre.slug, "pk": rana.pk, "year": YEAR})
    assert url.endswith(f"/intern/ehrenamt/{rana.pk}/abrechnung/{YEAR}.pdf")

    response = client.get(url)

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert f"abrechnung-{YEAR}-{rana.pk}.pdf" in response["Content-Disposition"]
    with scopes_disabled():
        entry = AuditEntry.objects.get(action="volunteers.statement")
    assert entry.kind == AuditEntry.Kind.EXPORT and entry.target_id == str(rana.pk)
    assert entry.centre == centre and entry.changes == {"year": [None, YEAR]}
    # Another centre's volunteer is not reachable; nor is a year out of range.
    other = reverse("volunteers:statement", kwargs={"centre": centre.slug, "pk": stranger.pk, "year": YEAR})
    assert client.get(other).status_code == 404
    too_early = reverse("volunteers:statement", kwargs={"centre": centre.slug, "pk": rana.pk, "year": 1999})
    assert client.get(too_early).status_code == 404


def test_statement_needs_the_coordinator_permission(centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    rana = volunteer(centre)
    client = login(member_factory(centre, Role.EDITOR))
    url = reverse("volunteers:statement", kwargs={"centre": centre.slug, "pk": rana.pk, "year": YEAR})
    assert client.get(url).status_code == 403
    with scopes_disabled():
        assert not AuditEntry.objects.filter(action="volunteers.statement").exists()


def test_volunteer_gets_only_their_own_statement_with_the_right_token(  # type: ignore[no-untyped-def]
    centre, other_centre, member_factory, client, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    rana, omid = volunteer(centre), volunteer(centre, "Omid")
    assignment(rana, local(YEAR, 3, 4))
    assignment(omid, local(YEAR, 5, 5), allowance="99.00")
    token = personal_token(centre, rana, member_factory, django_capture_on_commit_callbacks)
    served = []
    real_pdf = statements.statement_pdf

    def spy(*, volunteer: Volunteer, year: int) -> bytes:
        served.append((volunteer.pk, year))
        return real_pdf(volunteer=volunteer, year=year)

    monkeypatch.setattr(statements, "statement_pdf", spy)

    def url(token: str, slug: str = centre.slug, year: int = YEAR) -> str:
        return reverse("volunteers:personal_statement", kwargs={"centre": slug, "token": token, "year": year})

    response = client.get(url(token))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response["Cache-Control"] == "no-store" and response["Referrer-Policy"] == "same-origin"
    assert served == [(rana.pk, YEAR)]  # Rana's statement, never Omid's
    # Wrong token, someone else's centre, a year out of range: nothing.
    assert client.get(url("x" * 43)).status_code == 404
    assert client.get(url(token, slug=other_centre.slug)).status_code == 404
    assert client.get(url(token, year=1999)).status_code == 404
    assert served == [(rana.pk, YEAR)]
    # A new link ends the old one.
    personal_token(centre, rana, member_factory, django_capture_on_commit_callbacks)
    assert client.get(url(token)).status_code == 404


# --- print layout (issue 20 item 17) -----------------------------------------------------------


def _long_statement(centre, rows: int):  # type: ignore[no-untyped-def]
    rana = volunteer(centre)
    with scopes_disabled():
        Volunteer.objects.filter(pk=rana.pk).update(street="Lindenweg 3", postcode="47798", city="Krefeld")
        rana.refresh_from_db()
    for index in range(rows):
        assignment(
            rana,
            local(YEAR, 1 + index % 12, 1 + index % 27),
            allowance="1234.50",
            travel="123.15",
            minutes=1200,
            travel_minutes=125,
            km="123.5",
            kind=InterpretingRequest.Kind.AUTHORITY,
        )
    return rana, statements.statement_pdf(volunteer=rana, year=YEAR)


@pytest.mark.parametrize("rows", [3, 14, 27])
def test_statement_prints_every_amount_on_the_page_and_signs_below_the_total(centre, rows) -> None:  # type: ignore[no-untyped-def]
    from anlaufstelle.core.tests.pdftext import pdf_lines

    _, pdf = _long_statement(centre, rows)
    lines = pdf_lines(pdf)
    # Nothing is drawn past the right margin (18 mm): the amount column is whole.
    assert all(line.x1 <= line.page_width - 17 * 72 / 25.4 for line in lines), [
        (line.text, line.x1) for line in lines if line.x1 > line.page_width - 50
    ]
    # Every amount with its euro sign, the row amounts and the totals.
    texts = [line.text for line in lines]
    assert sum("1.234,50 €" in text for text in texts) == rows
    total = f"{rows * Decimal('1234.50'):,.2f}".replace(",", "X").replace(".", ",").replace("X", ".") + " €"
    assert any(total in text for text in texts)
    # The signature is on the page of the totals, never alone on a page of its own.
    signature = next(line for line in lines if "Ort, Datum" in line.text)
    totals = [line.page for line in lines if total in line.text]
    assert signature.page in totals
    assert any(line.page == signature.page and "Summe (" in line.text for line in lines)


def test_statement_carries_the_volunteers_address(centre) -> None:  # type: ignore[no-untyped-def]
    from anlaufstelle.core.tests.pdftext import pdf_text

    _, pdf = _long_statement(centre, 1)
    text = pdf_text(pdf)
    assert "Rana Test" in text and "Lindenweg 3" in text and "47798 Krefeld" in text

"""Figures of the interpreting service: per language and institution, fulfilment, unmet demand, hours."""

from __future__ import annotations

import base64
import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scopes_disabled
from openpyxl import load_workbook

from anlaufstelle.core.models import AuditEntry
from anlaufstelle.core.roles import Role
from anlaufstelle.core.tests.budget import query_budget
from anlaufstelle.newcomers.models import InterpreterNeed
from anlaufstelle.newcomers.tests.factories import SlotFactory
from anlaufstelle.partners.tests.factories import OrganisationFactory
from anlaufstelle.volunteers.figures import figures_sheets, volunteer_figures
from anlaufstelle.volunteers.models import (
    Assignment,
    InterpretingRequest,
    Offer,
    Pool,
    Volunteer,
    VolunteerLanguage,
)

YEAR = 2025
SINCE, UNTIL = datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)
NOW = datetime.datetime(YEAR, 6, 15, 12, tzinfo=timezone.get_current_timezone())
NAMES = ("Rana", "Omid", "Olena", "Tesfay", "Saba")


def local(*args: int) -> datetime.datetime:
    """An aware datetime in the centre's time zone (Europe/Berlin)."""
    return datetime.datetime(*args, tzinfo=timezone.get_current_timezone())  # type: ignore[misc]


def volunteer(centre, name: str, language: str, level: str = "native", **extra: Any) -> Volunteer:  # type: ignore[no-untyped-def]
    person = Volunteer.objects.create(
        centre=centre,
        first_name=name,
        last_name="Figurova",
        email=f"{name.lower()}@example.org",
        consent_given_on=SINCE,
        status=extra.pop("status", Volunteer.Status.ACTIVE),
        **extra,
    )
    VolunteerLanguage.objects.create(centre=centre, volunteer=person, code=language, level=level)
    return person


def request(  # type: ignore[no-untyped-def]
    centre, language: str, starts_at: datetime.datetime, *, created_at=None, booked_at=None, **extra: Any
) -> InterpretingRequest:
    made = InterpretingRequest.objects.create(
        centre=centre, language=language, starts_at=starts_at, booked_at=booked_at, place="Rathaus", **extra
    )
    if created_at is not None:  # auto_now_add: set afterwards
        InterpretingRequest.objects.filter(pk=made.pk).update(created_at=created_at)
        made.created_at = created_at
    return made


def assign(centre, request: InterpretingRequest, person: Volunteer, **extra: Any) -> Assignment:  # type: ignore[no-untyped-def]
    return Assignment.objects.create(
        centre=centre,
        request=request,
        volunteer=person,
        starts_at=request.starts_at,
        ends_at=request.ends_at,
        **extra,
    )


@pytest.fixture
def known(centre, other_centre) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Three Arabic requests (two booked, one passed unbooked), two Tigrinya nobody could take,
    one Ukrainian cancelled; hours in March and April; two pools, one volunteer in both."""
    with scopes_disabled():
        interpreters = Pool.objects.create(centre=centre, name="Sprachlotsen", kind="interpreting")
        families = Pool.objects.create(centre=centre, name="Familienlotsen", kind="family")
        Pool.objects.create(centre=centre, name="Bildungspaten", kind="learning")
        rana, omid = volunteer(centre, "Rana", "ar"), volunteer(centre, "Omid", "ar")
        olena = volunteer(centre, "Olena", "uk")
        rana.pools.set([interpreters, families])
        omid.pools.set([interpreters])
        volunteer(centre, "Tesfay", "ti", level="basic")  # too little Tigrinya to be asked
        volunteer(centre, "Saba", "ti", status=Volunteer.Status.PAUSED)  # not active
        school = OrganisationFactory(centre=centre, name="Grundschule am Park")
        need = InterpreterNeed.objects.create(
            centre=centre,
            slot=SlotFactory(centre=centre),
            language="ti",
            starts_at=local(YEAR, 7, 1, 9),
            duration_minutes=30,
            place="Gesundheitsamt",
            setting="health_exam",
        )
        booked = InterpretingRequest.Status.BOOKED
        # Arabic: booked within 2 hours (school), within 24 hours (the centre's own), one passed unbooked.
        a1 = request(
            centre,
            "ar",
            local(YEAR, 3, 10, 10),
            created_at=local(YEAR, 3, 1, 9),
            booked_at=local(YEAR, 3, 1, 11),
            organisation=school,
            kind="school",
            status=booked,
        )
        a2 = request(
            centre,
            "ar",
            local(YEAR, 4, 1, 0, 30),  # 31 March in UTC: must count in April
            created_at=local(YEAR, 3, 20, 8),
            booked_at=local(YEAR, 3, 21, 8),
            kind="authority",
            status=booked,
        )
        a3 = request(centre, "ar", local(YEAR, 5, 5, 10), organisation=school, kind="school", status="offered")
        Offer.objects.create(
            centre=centre, request=a3, volunteer=rana, token_hash="x" * 64, expires_at=local(YEAR, 5, 4)
        )
        # Tigrinya: nobody to ask, one passed, one (from a newcomer appointment) still ahead.
        request(centre, "ti", local(YEAR, 5, 20, 10), kind="health_office")
        request(centre, "ti", local(YEAR, 7, 1, 9), kind="health_office", need=need)
        # Ukrainian: booked within 4 hours, then called off by the institution (1 January, 00:30).
        u1 = request(
            centre,
            "uk",
            local(YEAR, 1, 1, 0, 30),
            created_at=local(YEAR - 1, 12, 20, 10),
            booked_at=local(YEAR - 1, 12, 20, 14),
            organisation=school,
            status="cancelled",
        )
        # Outside the year (by the local date), or another centre: not counted.
        request(centre, "ar", local(YEAR - 1, 12, 31, 23, 30))
        request(centre, "ar", local(YEAR + 1, 1, 1, 0, 30))
        request(other_centre, "ti", local(YEAR, 5, 20, 10))

        assign(
            centre,
            a1,
            rana,
            status="done",
            minutes_worked=90,
            travel_minutes=30,
            approved_at=local(YEAR, 3, 11),
            allowance_amount=Decimal("20.00"),
            travel_amount=Decimal("3.00"),
        )
        assign(centre, a1, olena, status="cancelled", cancelled_by="volunteer")
        assign(centre, a2, olena, status="no_show")
        assign(centre, a2, omid, status="done", minutes_worked=60)
        assign(centre, u1, olena, status="cancelled", cancelled_by="requester")
    return {"school": school}


@pytest.mark.django_db
def test_figures_of_a_known_year(centre, known) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled(), translation.override("en"), query_budget(6):
        figures = volunteer_figures(centre=centre, since=SINCE, until=UNTIL, now=NOW)
    assert figures.requests == 6
    assert figures.by_status == {"booked": 2, "offered": 1, "open": 2, "cancelled": 1}
    assert figures.share_fulfilled == 40.0  # 2 booked of 5 not cancelled
    # First bookings after 2, 24 and 4 hours.
    assert (figures.fulfilment_count, figures.hours_to_booking_median, figures.hours_to_booking_p90) == (3, 4.0, 24.0)

    languages = {row.key: row for row in figures.languages}
    assert [row.key for row in figures.languages] == ["ar", "ti", "uk"]
    arabic = languages["ar"]
    assert (arabic.requests, arabic.booked, arabic.share_fulfilled) == (3, 2, 66.7)
    assert arabic.hours_to_booking_median == 13.0  # median of 2 and 24 hours
    assert (languages["ti"].share_fulfilled, languages["uk"].share_fulfilled) == (0.0, None)

    institutions = {row.label: (row.requests, row.booked, row.cancelled) for row in figures.institutions}
    assert institutions == {
        "Grundschule am Park": (3, 1, 1),
        "Integration centre (own requests)": (2, 1, 0),
        "Newcomer appointments (school enrolment)": (1, 0, 0),
    }
    kinds = {row.key: row.requests for row in figures.kinds}
    assert kinds == {"school": 2, "health_office": 2, "authority": 1, "other": 1}

    # Who to recruit: Tigrinya first (two unmet, nobody active who speaks it well), then Arabic.
    unmet = [
        (r.language, r.requests, r.past_unbooked, r.never_offered, r.unmet, r.active_volunteers) for r in figures.unmet
    ]
    assert unmet == [("ti", 2, 1, 2, 2, 0), ("ar", 3, 1, 0, 1, 2)]
    assert figures.unmet_total == 3

    assert figures.no_shows == 1
    assert figures.cancellations == {"volunteer": 1, "requester": 1}
    assert figures.cancellation_rows[1][1] == 0  # nothing called off by the centre
    assert (figures.assignments_done, figures.hours_worked, figures.hours_approved, figures.travel_hours) == (
        2,
        2.5,
        1.5,
        0.5,
    )
    assert (figures.allowances, figures.travel_costs) == (Decimal("20.00"), Decimal("3.00"))

    months = {m.month: m for m in figures.months}
    assert list(months) == [f"{YEAR}-{n:02d}" for n in range(1, 13)]
    assert (months[f"{YEAR}-01"].requests, months[f"{YEAR}-01"].booked) == (1, 0)
    assert (months[f"{YEAR}-03"].assignments, months[f"{YEAR}-03"].hours_worked) == (1, 1.5)
    assert months[f"{YEAR}-03"].travel_hours == 0.5
    assert (months[f"{YEAR}-04"].requests, months[f"{YEAR}-04"].assignments, months[f"{YEAR}-04"].hours_worked) == (
        1,
        1,
        1.0,
    )
    assert sum(m.requests for m in figures.months) == figures.requests
    assert sum(m.hours_worked for m in figures.months) == figures.hours_worked

    # Rana is in both pools and counts in each.
    pools = [(p.label, p.volunteers, p.assignments, p.hours_worked) for p in figures.pools]
    assert pools == [("Sprachlotsen", 2, 2, 2.5), ("Familienlotsen", 1, 1, 1.5), ("Bildungspaten", 0, 0, 0.0)]


@pytest.mark.django_db
def test_an_empty_year_and_hours_outside_any_pool(centre) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled(), translation.override("en"):
        figures = volunteer_figures(centre=centre, since=SINCE, until=UNTIL, now=NOW)
        assert (figures.requests, figures.share_fulfilled, figures.hours_to_booking_median) == (0, None, None)
        assert figures.unmet == [] and figures.pools == [] and len(figures.months) == 12
        loner = volunteer(centre, "Rana", "ar")
        made = request(centre, "ar", local(YEAR, 2, 3, 10), status="booked", booked_at=local(YEAR, 2, 1))
        assign(centre, made, loner, status="done", minutes_worked=45)
        figures = volunteer_figures(centre=centre, since=SINCE, until=UNTIL, now=NOW)
        sheets = figures_sheets(figures)
    assert [(p.label, p.assignments, p.hours_worked) for p in figures.pools] == [("In no pool", 1, 0.8)]
    assert len(sheets) == 7
    assert all(len(row) == len(headers) for _title, headers, rows in sheets for row in rows)


@pytest.mark.django_db
def test_the_coordinator_sees_the_figures_without_names(centre, known, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    client = login(member_factory(centre, role=Role.VOLUNTEER_COORDINATOR))
    url = reverse("volunteers:figures", kwargs={"centre": centre.slug})
    page = client.get(url, {"year": YEAR})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Grundschule am Park" in html and "ትግርኛ" in html
    assert "40,0 %" in html  # share fulfilled, German number format
    assert f'<option value="{YEAR}" selected>' in html
    assert html.count("<caption") == html.count("<table") == 8
    for name in (*NAMES, "Figurova"):
        assert name not in html
    # The Tigrinya row comes first in the "who to recruit" table.
    unmet_table = html.split('id="table-unmet"')[1].split("</table>")[0]
    assert unmet_table.index("ትግርኛ") < unmet_table.index("العربية")


@pytest.mark.django_db
def test_the_export_opens_in_a_spreadsheet_and_is_audited(centre, known, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    coordinator = member_factory(centre, role=Role.VOLUNTEER_COORDINATOR)
    client = login(coordinator)
    url = reverse("volunteers:figures", kwargs={"centre": centre.slug})
    response = client.get(url, {"year": YEAR, "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="sprachmittlung-{YEAR}.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    assert len(workbook.sheetnames) == 7
    summary = {row[0]: row[1] for row in workbook.worksheets[0].iter_rows(min_row=2, values_only=True)}
    assert 6 in summary.values() and 40 in summary.values()
    unmet = list(workbook.worksheets[4].iter_rows(min_row=2, values_only=True))
    # Languages named in the reader's language, the own script beside (issue 19 item 7).
    assert [row[0] for row in unmet] == ["Tigrinya (ትግርኛ)", "Arabisch (العربية)"] and unmet[0][4] == 2
    pools = list(workbook.worksheets[6].iter_rows(min_row=2, values_only=True))
    assert pools[0] == ("Sprachlotsen", 2, 2, 2.5)
    months = list(workbook.worksheets[5].iter_rows(min_row=2, values_only=True))
    assert len(months) == 12
    cells = " ".join(
        str(cell) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for cell in row
    )
    for name in NAMES:
        assert name not in cells
    workbook.close()
    with scopes_disabled():
        assert AuditEntry.objects.filter(action="volunteers.figures.export", actor=coordinator).exists()


@pytest.mark.django_db
def test_caseworkers_and_strangers_do_not_see_the_figures(centre, member_factory, login, client) -> None:  # type: ignore[no-untyped-def]
    url = reverse("volunteers:figures", kwargs={"centre": centre.slug})
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    caseworker = login(member_factory(centre, role=Role.CASEWORKER))
    assert caseworker.get(url).status_code == 403
    assert caseworker.get(url, {"format": "xlsx"}).status_code == 403


@pytest.mark.django_db
def test_a_bad_year_falls_back_to_this_year(centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    client = login(member_factory(centre, role=Role.CENTRE_ADMIN))
    page = client.get(reverse("volunteers:figures", kwargs={"centre": centre.slug}), {"year": "abc"})
    assert page.status_code == 200
    assert page.context["figures"].since == datetime.date(timezone.localdate().year, 1, 1)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_figures_page_passes_axe(live_server, browser) -> None:  # type: ignore[no-untyped-def]
    from django_otp.oath import totp

    from anlaufstelle.core.demo.loader import DEMO_PASSWORD, load_demo
    from anlaufstelle.core.tests.browser import axe_violations

    with scopes_disabled():
        load_demo()
    tab = browser.new_context(locale="de-DE").new_page()
    tab.set_default_timeout(20_000)
    tab.goto(f"{live_server.url}/konto/anmelden/")
    tab.get_by_label("E-Mail").fill("ehrenamt@musterstadt.example")
    tab.get_by_label("Passwort").fill(DEMO_PASSWORD)
    tab.get_by_role("button", name="Weiter").click()
    secret = tab.locator(".otp-secret").inner_text().strip()
    tab.get_by_label("Sechsstelliger Code").fill(f"{totp(base64.b32decode(secret)):06d}")
    tab.get_by_role("button", name="Bestätigen").click()
    tab.wait_for_url("**/intern/**")
    tab.goto(f"{live_server.url}/musterstadt/intern/ehrenamt/zahlen/")
    assert tab.locator("caption").count() >= 7
    assert axe_violations(tab) == []
    tab.select_option("#id_year", str(timezone.localdate().year - 1))
    tab.locator("main form.filter-form button[type=submit]").click()
    tab.wait_for_url(f"**year={timezone.localdate().year - 1}")
    assert axe_violations(tab) == []
    tab.context.close()

"""Figures of the events module: registrations, occupancy, attendance, waiting lists, feedback."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scopes_disabled
from openpyxl import load_workbook

from anlaufstelle.core.models import AuditEntry
from anlaufstelle.core.roles import Role
from anlaufstelle.core.tests.budget import query_budget
from anlaufstelle.events import actions
from anlaufstelle.events.figures import event_figures, figures_sheets
from anlaufstelle.events.models import Attendance, Event, Feedback, Registration
from anlaufstelle.events.tests.factories import contact, make_event, person

YEAR = 2025
SINCE, UNTIL = datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)
NOW = datetime.datetime(YEAR, 6, 15, 12, tzinfo=timezone.get_current_timezone())
SURNAME = "Zahlenmensch"  # every participant's last name: it must never show


def local(*args: int) -> datetime.datetime:
    """An aware datetime in the centre's time zone (Europe/Berlin)."""
    return datetime.datetime(*args, tzinfo=timezone.get_current_timezone())  # type: ignore[misc]


def event(centre, title: str, dates: int = 1, **extra: Any) -> Event:  # type: ignore[no-untyped-def]
    """An event open for registration now; `move()` puts its dates where the test wants them later."""
    return make_event(centre, title=title, dates=dates, **extra)


def move(made: Event, starts: list[datetime.datetime]) -> None:
    """Put the dates of `made` where the test wants them (registration is only open before)."""
    for date, start in zip(made.dates.order_by("starts_at"), starts, strict=True):
        date.starts_at, date.ends_at = start, start + datetime.timedelta(hours=3)
        date.save()


def register(
    made: Event, kinds: list[str], *, session: int = 0, n: int = 0, confirm: bool = True
) -> list[Registration]:
    """One group registering len(kinds) people (their kinds of institution) for one session."""
    target = made.sessions.order_by("position")[session]
    submitted = actions.registration_submit(
        event=made,
        contact=contact(n),
        participants=[
            person(target, n * 100 + i, last_name=SURNAME, institution_kind=kind) for i, kind in enumerate(kinds)
        ],
        language="de",
    )
    if confirm:
        return actions.registration_confirm(group=submitted.group)
    return list(Registration.objects.filter(group=submitted.group).order_by("id"))


def attend(registration: Registration, *dates: int) -> None:
    all_dates = list(registration.session.event.dates.order_by("starts_at"))
    for index in dates:
        Attendance.objects.create(centre=registration.centre, registration=registration, date=all_dates[index])


def feedback(registration: Registration, overall: int, useful: int) -> None:
    Feedback.objects.create(centre=registration.centre, registration=registration, overall=overall, useful=useful)


@pytest.fixture
def known(centre):  # type: ignore[no-untyped-def]
    """Events of 2025 (and around it) with known registrations, attendance and feedback."""
    with scopes_disabled():
        # A single event for teachers and daycare staff: 3 seats, 5 want them.
        kita = event(centre, "Kulturbunte Kita", seats=[3], target_groups="|teachers|daycare|")
        first = register(kita, ["kita", "kita"], n=1)
        second = register(kita, ["school", "school", "school"], n=2)  # one seat, two on the waiting list
        register(kita, ["kita"], n=3, confirm=False)  # never confirmed the e-mail
        actions.registration_cancel(registration=second[2], actor=None)  # leaves the waiting list
        statuses = Registration.objects.filter(session__event=kita).order_by("id").values_list("status", flat=True)
        assert list(statuses) == ["confirmed", "confirmed", "confirmed", "waiting", "cancelled", "unconfirmed"]
        move(kita, [local(YEAR, 3, 10, 9)])
        attend(first[0], 0)
        attend(second[0], 0)
        feedback(first[0], 5, 4)
        feedback(second[0], 4, 3)

        # A course of three dates for teachers: 4 confirmed, 3 came (one of them twice).
        course = event(
            centre,
            "DaZ-Kurs",
            3,
            kind=Event.Kind.SERIES,
            seats=[10],
            target_groups="|teachers|",
        )
        staff = register(course, ["school"] * 4, n=4)
        move(course, [local(YEAR, 5, 5, 9), local(YEAR, 5, 12, 9), local(YEAR, 5, 19, 9)])
        attend(staff[0], 0, 1)
        attend(staff[1], 0)
        attend(staff[2], 2)
        feedback(staff[0], 4, 4)

        # A day with two sessions, still ahead on NOW, without any target group.
        day = event(centre, "Fachtag DaZ", kind=Event.Kind.DAY, seats=[5, 5])
        register(day, ["", ""], session=0, n=5)
        register(day, ["kita"], session=1, n=6)
        move(day, [local(YEAR, 9, 20, 9)])

        # Cancelled after two registered: listed, but outside every total.
        called_off = event(centre, "Elterncafé", seats=[20], target_groups="|parents|")
        register(called_off, ["association", "association"], n=7)
        move(called_off, [local(YEAR, 4, 1, 15)])
        Event.objects.filter(pk=called_off.pk).update(status=Event.Status.CANCELLED)

        # Half an hour into the year (still 2024 in UTC): belongs to 2025.
        early = event(centre, "Neujahrsempfang", seats=[2])
        move(early, [local(YEAR, 1, 1, 0, 30)])

        # Not of the year: a draft, a course begun in 2024, an event half an hour into 2026.
        make_event(centre, title="Entwurf", status=Event.Status.DRAFT)
        Event.objects.filter(title="Entwurf").first().dates.update(  # type: ignore[union-attr]
            starts_at=local(YEAR, 6, 1, 9), ends_at=local(YEAR, 6, 1, 12)
        )
        begun = event(centre, "Kurs seit Dezember", 2, kind=Event.Kind.SERIES)
        register(begun, ["school"], n=8)
        move(begun, [local(YEAR - 1, 12, 20, 9), local(YEAR, 1, 10, 9)])
        later = event(centre, "Silvester", seats=[50])
        register(later, ["company"], n=9)
        move(later, [local(YEAR + 1, 1, 1, 0, 30)])
    return {"kita": kita, "course": course, "day": day, "called_off": called_off}


@pytest.mark.django_db
def test_figures_of_a_known_year(centre, known) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled(), translation.override("en"), query_budget(3):
        figures = event_figures(centre=centre, since=SINCE, until=UNTIL, now=NOW)
    assert [row.title for row in figures.rows] == [
        "Neujahrsempfang",
        "Kulturbunte Kita",
        "Elterncafé",
        "DaZ-Kurs",
        "Fachtag DaZ",
    ]
    assert (figures.events, figures.cancelled_events, figures.held_events, figures.ended_events) == (5, 1, 4, 3)
    assert figures.seats == 2 + 3 + 10 + 10
    assert (figures.confirmed, figures.waiting, figures.cancelled, figures.unconfirmed) == (10, 1, 1, 1)
    assert figures.registrations == 13
    assert figures.occupancy == 40.0  # 10 of 25 seats
    # Events ended on NOW: 2 of 3 (Kita) and 3 of 4 (course) came; the day is still ahead.
    assert (figures.attended, figures.confirmed_ended, figures.attendance_rate) == (5, 7, 71.4)
    assert (figures.ratings.answers, figures.ratings.overall, figures.ratings.useful) == (3, 4.3, 3.7)

    rows = {row.title: row for row in figures.rows}
    kita = rows["Kulturbunte Kita"]
    assert (kita.seats, kita.confirmed, kita.waiting, kita.cancelled, kita.unconfirmed) == (3, 3, 1, 1, 1)
    assert (kita.attended, kita.attendance_rate, kita.occupancy) == (2, 66.7, 100.0)
    assert (kita.ratings.answers, kita.ratings.overall, kita.ratings.useful) == (2, 4.5, 3.5)
    course = rows["DaZ-Kurs"]
    assert (course.kind_label, course.confirmed, course.attended, course.attendance_rate) == (
        "A course with several dates",
        4,
        3,
        75.0,
    )
    assert timezone.localtime(course.first_date).date() == datetime.date(YEAR, 5, 5)
    day = rows["Fachtag DaZ"]
    assert (day.seats, day.confirmed, day.ended, day.attendance_rate, day.ratings.overall) == (10, 3, False, None, None)
    called_off = rows["Elterncafé"]
    assert (called_off.status_label, called_off.confirmed) == ("Cancelled", 2)
    assert (called_off.ended, called_off.occupancy, called_off.attendance_rate) == (True, None, None)
    assert rows["Neujahrsempfang"].occupancy == 0.0

    assert [row.title for row in figures.waiting_rows] == ["Kulturbunte Kita"]
    kinds = [(g.key, g.label, g.events, g.participants) for g in figures.institution_kinds]
    assert kinds == [
        ("school", "School", 2, 5),
        ("kita", "Kita (daycare centre)", 2, 3),
        ("", "Not stated", 1, 2),
    ]
    # An event for teachers and daycare staff counts its participants in both.
    groups = [(g.key, g.events, g.participants) for g in figures.target_groups]
    assert groups == [("teachers", 2, 7), ("daycare", 1, 3), ("", 2, 3)]
    assert sum(g.participants for g in figures.institution_kinds) == figures.confirmed


@pytest.mark.django_db
def test_an_empty_year_and_the_sheets(centre, known) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled(), translation.override("en"):
        empty = event_figures(centre=centre, since=datetime.date(2030, 1, 1), until=datetime.date(2030, 12, 31))
        assert (empty.events, empty.occupancy, empty.attendance_rate, empty.ratings.overall) == (0, None, None, None)
        assert empty.rows == [] and empty.target_groups == [] and empty.institution_kinds == []
        sheets = figures_sheets(event_figures(centre=centre, since=SINCE, until=UNTIL, now=NOW))
        assert len(figures_sheets(empty)) == len(sheets) == 4
    assert all(len(row) == len(headers) for _title, headers, rows in sheets for row in rows)
    assert len(sheets[1][2]) == 5


@pytest.mark.django_db
def test_the_organiser_sees_the_figures_without_names(centre, known, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    client = login(member_factory(centre, role=Role.EVENTS_ORGANISER))
    url = reverse("events:figures", kwargs={"centre": centre.slug})
    page = client.get(url, {"year": YEAR})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Kulturbunte Kita" in html and "DaZ-Kurs" in html
    assert "Kurs seit Dezember" not in html and "Silvester" not in html and "Entwurf" not in html
    assert "40,0 %" in html  # occupancy, German number format
    assert "50,0 %" in html  # attendance rate: by now the day has ended too (5 of 10 came)
    assert "4,3" in html  # feedback overall
    assert f'<option value="{YEAR}" selected>' in html
    assert html.count("<caption") == html.count("<table") == 4
    assert html.count('scope="col"') == 11 + 4 + 3 + 3
    for private in (SURNAME, "Person0", "Kontakt 1", "k1@example.org", "p100@example.org"):
        assert private not in html
    waiting = html.split('id="table-waiting"')[1].split("</table>")[0]
    assert "Kulturbunte Kita" in waiting and "DaZ-Kurs" not in waiting


@pytest.mark.django_db
def test_the_export_opens_in_a_spreadsheet_and_is_audited(centre, known, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    organiser = member_factory(centre, role=Role.EVENTS_ORGANISER)
    client = login(organiser)
    url = reverse("events:figures", kwargs={"centre": centre.slug})
    response = client.get(url, {"year": YEAR, "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="veranstaltungen-{YEAR}.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    assert len(workbook.sheetnames) == 4
    summary = [row[1] for row in workbook.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert 25 in summary and 40 in summary and 50 in summary
    events = list(workbook.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in events][1] == "Kulturbunte Kita"
    assert events[1][4:8] == (3, 3, 1, 1)  # seats, confirmed, waiting, cancelled
    kinds = list(workbook.worksheets[2].iter_rows(min_row=2, values_only=True))
    assert kinds[0][1:] == (2, 5)
    cells = " ".join(
        str(cell) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for cell in row
    )
    for private in (SURNAME, "Person0", "Kontakt 1", "example.org"):
        assert private not in cells
    workbook.close()
    with scopes_disabled():
        assert AuditEntry.objects.filter(action="events.figures.export", actor=organiser).exists()


@pytest.mark.django_db
def test_caseworkers_and_strangers_do_not_see_the_figures(centre, member_factory, login, client) -> None:  # type: ignore[no-untyped-def]
    url = reverse("events:figures", kwargs={"centre": centre.slug})
    assert client.get(url).status_code == 302
    caseworker = login(member_factory(centre, role=Role.CASEWORKER))
    assert caseworker.get(url).status_code == 403
    assert caseworker.get(url, {"format": "xlsx"}).status_code == 403


@pytest.mark.django_db
def test_the_centre_admin_sees_this_year_when_the_year_is_bad(centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    client = login(member_factory(centre, role=Role.CENTRE_ADMIN))
    page = client.get(reverse("events:figures", kwargs={"centre": centre.slug}), {"year": "abc"})
    assert page.status_code == 200
    assert page.context["figures"].since == datetime.date(timezone.localdate().year, 1, 1)
    assert page.context["figures"].events == 0

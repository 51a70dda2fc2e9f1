"""Programme years, planned session dates and NRW's holidays (pure: no database, no network).

A programme year (Kita year or school year) runs from 1 August to 31 July in NRW. Planned sessions
are the group's weekday between its first and last day, minus school holidays, public holidays and
closures. The school-holiday dates ship as data (`NRW_SCHOOL_HOLIDAYS`) that a centre installs and
edits; public holidays are computed from the date of Easter.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

Span = tuple[datetime.date, datetime.date]


def year_bounds(year: int) -> Span:
    """The programme year starting in August of `year`: 1 August `year` to 31 July `year + 1`."""
    return datetime.date(year, 8, 1), datetime.date(year + 1, 7, 31)


def year_of(day: datetime.date) -> int:
    """The programme year a day belongs to (its starting calendar year)."""
    return day.year if day.month >= 8 else day.year - 1


def year_label(year: int) -> str:
    return f"{year}/{str(year + 1)[-2:]}"


def easter(year: int) -> datetime.date:
    """Easter Sunday (Gregorian; the anonymous algorithm of Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month = (h + m - 7 * n + 114) // 31
    day = (h + m - 7 * n + 114) % 31 + 1
    return datetime.date(year, month, day)


def public_holidays(year: int) -> list[tuple[str, datetime.date]]:
    """NRW's statutory public holidays of a calendar year (Feiertagsgesetz NW)."""
    e = easter(year)
    d = datetime.timedelta
    return [
        ("Neujahr", datetime.date(year, 1, 1)),
        ("Karfreitag", e - d(days=2)),
        ("Ostermontag", e + d(days=1)),
        ("Tag der Arbeit", datetime.date(year, 5, 1)),
        ("Christi Himmelfahrt", e + d(days=39)),
        ("Pfingstmontag", e + d(days=50)),
        ("Fronleichnam", e + d(days=60)),
        ("Tag der Deutschen Einheit", datetime.date(year, 10, 3)),
        ("Allerheiligen", datetime.date(year, 11, 1)),
        ("1. Weihnachtstag", datetime.date(year, 12, 25)),
        ("2. Weihnachtstag", datetime.date(year, 12, 26)),
    ]


def _d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


# School holidays in NRW by school year (start year), as published by the Ministerium für Schule
# und Bildung NRW; first and last day inclusive. Centres check and edit them after installing.
NRW_SCHOOL_HOLIDAYS: dict[int, list[tuple[str, datetime.date, datetime.date]]] = {
    2025: [
        ("Herbstferien", _d("2025-10-13"), _d("2025-10-25")),
        ("Weihnachtsferien", _d("2025-12-22"), _d("2026-01-06")),
        ("Osterferien", _d("2026-03-30"), _d("2026-04-11")),
        ("Pfingstferien", _d("2026-05-26"), _d("2026-05-26")),
        ("Sommerferien", _d("2026-07-20"), _d("2026-09-01")),
    ],
    2026: [
        ("Herbstferien", _d("2026-10-17"), _d("2026-10-31")),
        ("Weihnachtsferien", _d("2026-12-23"), _d("2027-01-06")),
        ("Osterferien", _d("2027-03-22"), _d("2027-04-03")),
        ("Pfingstferien", _d("2027-05-18"), _d("2027-05-18")),
        ("Sommerferien", _d("2027-07-19"), _d("2027-08-31")),
    ],
}


def holidays_for_year(year: int) -> list[tuple[str, datetime.date, datetime.date]]:
    """School holidays (where shipped) and public holidays falling in the programme year `year`."""
    first, last = year_bounds(year)
    spans = list(NRW_SCHOOL_HOLIDAYS.get(year, []))
    for calendar_year in (year, year + 1):
        spans += [(name, day, day) for name, day in public_holidays(calendar_year) if first <= day <= last]
    return sorted(spans, key=lambda span: span[1])


def planned_dates(
    *, first_day: datetime.date, last_day: datetime.date, weekday: int, closed: Iterable[Span]
) -> list[datetime.date]:
    """Every `weekday` (0 = Monday) from `first_day` to `last_day` that no closed span covers."""
    spans: Sequence[Span] = sorted(closed)
    day = first_day + datetime.timedelta(days=(weekday - first_day.weekday()) % 7)
    result = []
    while day <= last_day:
        if not any(start <= day <= end for start, end in spans):
            result.append(day)
        day += datetime.timedelta(days=7)
    return result

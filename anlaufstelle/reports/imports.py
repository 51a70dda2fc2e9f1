"""Checking an import file of an external indicator (IT.NRW, Federal Employment Agency) row by row.

Pure apart from the translated messages: a table's rows and a column mapping in, the values or the
list of problems out. `actions.external_import` writes them only when there is no problem at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

PERIOD = re.compile(r"^(\d{4})(?:-(\d{2}))?$")
GERMAN_DAY = re.compile(r"^(\d{2})\.(\d{2})\.(\d{4})$")
# AGS / regional keys: Land (2), Regierungsbezirk (3), Kreis (5), Gemeinde (8), Regionalschlüssel (12).
AREA = re.compile(r"^\d{2}(?:\d|\d{3}|\d{6}|\d{10})?$")
GROUPED = re.compile(r"^-?\d{1,3}(?:\.\d{3})+$")
WITHHELD = {".", "x", "…", "..."}  # the statistical offices' marks for a value kept secret or unknown
ZERO = {"-", "–"}  # their mark for "nothing"


@dataclass(frozen=True)
class Mapping:
    """Which column of the file holds what (column names as in the file's first row)."""

    period: str
    area: str
    value: str
    group: str = ""


@dataclass(frozen=True)
class Row:
    period: str
    area: str
    group: str
    value: Decimal


@dataclass
class Checked:
    rows: list[Row]
    problems: list[tuple[int, str]]
    withheld: int = 0


def parse_period(text: str) -> str | None:
    """ "2025", "2025-06" or a reference day "30.06.2025" (-> "2025-06"); None when it is none of them."""
    text = text.strip()
    if match := PERIOD.match(text):
        year, month = match.groups()
        if month is None:
            return year
        return f"{year}-{month}" if 1 <= int(month) <= 12 else None
    if match := GERMAN_DAY.match(text):
        day, month, year = match.groups()
        return f"{year}-{month}" if 1 <= int(month) <= 12 and 1 <= int(day) <= 31 else None
    return None


def parse_value(text: str) -> Decimal | None:
    """A number as written in German ("1.234,5") or plainly ("1234.5")."""
    text = text.strip().replace("\u00a0", "").replace(" ", "")
    if "," in text or GROUPED.match(text):  # "1.234,5" and "1.234" are German; "1234.5" is plain
        text = text.replace(".", "").replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() and abs(value) < Decimal("1e12") else None


def check(rows: list[dict[str, str]], numbers: list[int], headers: list[str], mapping: Mapping) -> Checked:
    """Every row checked; each problem names the row as the user sees it in their spreadsheet."""
    result = Checked(rows=[], problems=[])
    wanted = [mapping.period, mapping.area, mapping.value] + ([mapping.group] if mapping.group else [])
    missing = [name for name in wanted if name.strip().lower() not in headers]
    if missing:
        result.problems.append((1, _("The file has no column named %(names)s.") % {"names": ", ".join(missing)}))
        return result
    seen: dict[tuple[str, str, str], int] = {}
    for number, row in zip(numbers, rows, strict=True):
        if not any(cell.strip() for cell in row.values()):
            continue
        period_text = row.get(mapping.period.strip().lower(), "")
        area = row.get(mapping.area.strip().lower(), "").strip()
        value_text = row.get(mapping.value.strip().lower(), "").strip()
        group = row.get(mapping.group.strip().lower(), "").strip() if mapping.group else ""
        period = parse_period(period_text)
        if period is None:
            result.problems.append(
                (number, _("“%(text)s” is not a period (2025, 2025-06 or 30.06.2025).") % {"text": period_text})
            )
            continue
        if not AREA.match(area):
            result.problems.append((number, _("“%(text)s” is not an area key (AGS, 2 to 12 digits).") % {"text": area}))
            continue
        if value_text in WITHHELD:
            result.withheld += 1
            continue
        value = Decimal(0) if value_text in ZERO else parse_value(value_text)
        if value is None:
            result.problems.append((number, _("“%(text)s” is not a number.") % {"text": value_text}))
            continue
        key = (period, area, group)
        if key in seen:
            result.problems.append((number, _("The same period and area as in row %(row)s.") % {"row": seen[key]}))
            continue
        seen[key] = number
        result.rows.append(Row(period=period, area=area, group=group[:100], value=value))
    if not result.rows and not result.problems:
        result.problems.append((1, _("The file holds no values.")))
    return result

"""Checking an external indicator file row by row (periods, AGS keys, German numbers, duplicates)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from anlaufstelle.reports.imports import Mapping, check, parse_period, parse_value

MAPPING = Mapping(period="Stichtag", area="AGS", value="Anzahl", group="Gruppe")


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2025", "2025"),
        ("2025-06", "2025-06"),
        ("30.06.2025", "2025-06"),
        ("2025-13", None),
        ("Juni", None),
        ("", None),
    ],
)
def test_periods(text: str, period: str | None) -> None:
    assert parse_period(text) == period


@pytest.mark.parametrize(
    ("text", "value"),
    [("1.234", Decimal(1234)), ("1.234,5", Decimal("1234.5")), ("1234.5", Decimal("1234.5")), ("12", Decimal(12))],
)
def test_numbers_german_and_plain(text: str, value: Decimal) -> None:
    assert parse_value(text) == value


def test_not_numbers() -> None:
    assert parse_value("viele") is None and parse_value("NaN") is None and parse_value("1e20") is None


def rows(*lines: tuple[str, str, str, str]) -> tuple[list[dict[str, str]], list[int], list[str]]:
    headers = ["stichtag", "ags", "anzahl", "gruppe"]
    return [dict(zip(headers, line, strict=True)) for line in lines], list(range(2, 2 + len(lines))), headers


def test_every_problem_is_named_by_its_row() -> None:
    checked = check(
        *rows(
            ("2025", "05154", "10", ""),
            ("2025", "5154", "10", ""),
            ("2025", "05154036", "zehn", ""),
            ("2025", "05154", "11", ""),
            ("2025", "05154", ".", "ukrainisch"),
            ("2025", "05154", "-", "syrisch"),
        ),
        MAPPING,
    )
    assert [row for row, _ in checked.problems] == [3, 4, 5]
    assert checked.withheld == 1
    assert [(r.group, r.value) for r in checked.rows] == [("", Decimal(10)), ("syrisch", Decimal(0))]


def test_a_missing_column_is_one_problem() -> None:
    data, numbers, _headers = rows(("2025", "05154", "10", ""))
    checked = check(data, numbers, ["stichtag", "ags"], MAPPING)
    assert len(checked.problems) == 1 and not checked.rows


def test_an_empty_file_is_refused() -> None:
    assert check([], [], ["stichtag", "ags", "anzahl", "gruppe"], MAPPING).problems

"""The tables of the figures pages as data: caption, columns and rows, drawn by one include."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.formats import date_format

NO_VALUE = "–"


@dataclass(frozen=True)
class Column:
    label: str
    numeric: bool = False  # numbers are right-aligned


@dataclass(frozen=True)
class Cell:
    value: Any
    numeric: bool = False
    lang: str = ""  # the row header's language, for a label in its own script


@dataclass
class FiguresTable:
    """One table of a figures page; the first value of each row is its header (`th scope="row"`).

    Drawn by `core/includes/figures_table.html`: a scroll region labelled by the caption, column
    headers with `scope="col"`, numeric columns right-aligned, and `empty` in one row when there are
    no rows (no row at all when `empty` is blank).
    """

    id: str  # the caption's element id
    caption: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]] = ()
    empty: str = ""
    striped: bool = True
    row_langs: Sequence[str] = field(default_factory=list)  # per row, the language of its header

    @classmethod
    def numeric(
        cls, id: str, caption: str, header: str, labels: Sequence[str], rows: Iterable[Sequence[Any]], **options: Any
    ) -> FiguresTable:
        """A table whose first column names the row (`header`) and whose other columns hold numbers."""
        return cls(id=id, caption=caption, columns=[Column(header), *numbers(*labels)], rows=rows, **options)

    @property
    def body(self) -> list[list[Cell]]:
        langs = list(self.row_langs)
        return [
            [
                Cell(value, column.numeric, langs[number] if index == 0 and number < len(langs) else "")
                for index, (value, column) in enumerate(zip(row, self.columns, strict=True))
            ]
            for number, row in enumerate(self.rows)
        ]


def decimal(value: float | None, places: int = 1) -> str:
    """A number with `places` decimals in the active language, or a dash where there is none."""
    return floatformat(value, places) or NO_VALUE


def numbers(*labels: str) -> list[Column]:
    """Numeric columns with these labels."""
    return [Column(label, numeric=True) for label in labels]


def day(value: datetime.date | datetime.datetime, format: str = "SHORT_DATE_FORMAT") -> str:
    """A date (a moment: in the local time zone) in the active language's format, short by default."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
    return date_format(value, format)

"""Reading and writing the CSV and XLSX files KIs keep today (shared by every import/export)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

MAX_ROWS = 20_000
XLSX_MAGIC = b"PK\x03\x04"


class TableError(Exception):
    """The file as a whole cannot be read; the message is for the user."""


@dataclass
class Table:
    headers: list[str]
    rows: list[dict[str, str]]  # header -> cell text
    row_numbers: list[int]  # the row number as the user sees it in their program


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] == "'" and value[1:2] in {"=", "+", "-", "@", "\t", "\r"}:
        return value[1:].strip()  # undo the export's guard against spreadsheet formulas
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10] if getattr(value, "hour", 0) == 0 else value.isoformat()
    return str(value).strip()


def read_table(upload: UploadedFile) -> Table:
    """Read the first sheet of an XLSX file or a CSV file (UTF-8 or Windows-1252, ; or ,)."""
    if upload.size is not None and upload.size > settings.UPLOAD_MAX_BYTES:
        raise TableError(
            _("The file is too large (at most %(limit)s MB).") % {"limit": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}
        )
    raw = upload.read()
    if not raw.strip():
        raise TableError(_("The file is empty."))
    if raw.startswith(XLSX_MAGIC):
        grid = _read_xlsx(raw)
    else:
        grid = _read_csv(raw)
    grid = [row for row in grid if any(cell for cell in row[1])]
    if not grid:
        raise TableError(_("The file is empty."))
    _header_number, header = grid[0]
    headers = [cell.strip().lower() for cell in header]
    if len({h for h in headers if h}) != len([h for h in headers if h]):
        raise TableError(_("A column name appears twice in the first row."))
    body = grid[1:]
    if len(body) > MAX_ROWS:
        raise TableError(_("The file has more than %(max)s rows.") % {"max": MAX_ROWS})
    rows = []
    numbers = []
    for number, cells in body:
        padded = list(cells) + [""] * (len(headers) - len(cells))
        rows.append({h: padded[i] for i, h in enumerate(headers) if h})
        numbers.append(number)
    return Table(headers=[h for h in headers if h], rows=rows, row_numbers=numbers)


def _read_xlsx(raw: bytes) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    workbook = None
    grid = []
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        # openpyxl reads lazily: a broken sheet fails here, not in load_workbook.
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            grid.append((number, [_cell_text(value) for value in row]))
            if number > MAX_ROWS + 1:
                break
    except Exception as exc:
        raise TableError(_("The file is not a readable Excel (XLSX) file.")) from exc
    finally:
        if workbook is not None:
            workbook.close()
    return grid


def _read_csv(raw: bytes) -> list[tuple[int, list[str]]]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly everything
        raise TableError(_("The file is neither UTF-8 nor Windows text."))
    if "\x00" in text:
        raise TableError(_("The file is not a CSV or XLSX file."))
    first_line = text.splitlines()[0] if text.splitlines() else ""
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [(reader.line_num, [_cell_text(cell) for cell in row]) for row in reader]
    except csv.Error as exc:
        raise TableError(_("The CSV file is malformed: %(error)s") % {"error": exc}) from exc


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """CSV that German Excel opens correctly: UTF-8 with BOM, semicolons."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_safe_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(headers: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str = "Export") -> bytes:
    return xlsx_workbook([(title, headers, rows)])


def xlsx_workbook(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    """An XLSX file with one sheet per (title, headers, rows)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append(list(headers))
        for row in rows:
            sheet.append([_safe_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _safe_cell(value: Any) -> Any:
    """Neutralise spreadsheet formulas in exported text (CSV/formula injection)."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + value
    return value

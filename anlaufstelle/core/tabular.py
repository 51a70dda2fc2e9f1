"""Reading and writing the CSV and XLSX files KIs keep today (shared by every import/export).

Reading is bounded. An XLSX file is a ZIP archive of XML parts, so a few hundred kilobytes can
unpack to gigabytes, hold a cell of 400 million characters, or claim a million rows that a reader
pads with empty cells. Before openpyxl opens a file, `_inspect_xlsx` unpacks every part in chunks
(the sizes the archive declares are not trusted) and feeds it to an expat parser as it streams:
document type declarations (entity expansion) are refused, and rows, columns, cells, characters per
cell and XML elements are counted against the TABULAR_* settings. Only a file that passes is read by
openpyxl (read-only), and only within the extent the inspection measured, so a `<dimension>` or a
row number cannot make it pad. CSV files get the same row, column and cell bounds. Every refusal is
a `TableError` whose message names the limit and, where known, the row and column.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from xml.parsers import expat

from django.conf import settings
from django.core.files.base import File
from django.utils.translation import gettext as _

XLSX_MAGIC = b"PK\x03\x04"
SHEET_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CHUNK = 64 * 1024
RATIO_FROM_BYTES = 1024 * 1024  # parts smaller than this may be packed as densely as they like
CELL_TAG, ROW_TAG, TEXT_TAG, DIMENSION_TAG = (f"{SHEET_MAIN} {local}" for local in ("c", "row", "si", "dimension"))
SIMPLE_COORDINATE = re.compile(r"([A-Z]{1,3})[0-9]{1,7}$")


class TableError(Exception):
    """The file as a whole cannot be read; the message is for the user."""


@dataclass
class Table:
    headers: list[str]
    rows: list[dict[str, str]]  # header -> cell text
    row_numbers: list[int]  # the row number as the user sees it in their program


@dataclass(frozen=True)
class Limits:
    """What a spreadsheet may contain (settings TABULAR_*; see config/settings/base.py)."""

    uncompressed_bytes: int
    zip_members: int
    compression_ratio: int
    rows: int  # data rows, below the row of column names
    columns: int
    cell_chars: int
    cells: int
    xml_elements: int

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            uncompressed_bytes=settings.TABULAR_MAX_UNCOMPRESSED_BYTES,
            zip_members=settings.TABULAR_MAX_ZIP_MEMBERS,
            compression_ratio=settings.TABULAR_MAX_COMPRESSION_RATIO,
            rows=settings.TABULAR_MAX_ROWS,
            columns=settings.TABULAR_MAX_COLUMNS,
            cell_chars=settings.TABULAR_MAX_CELL_CHARS,
            cells=settings.TABULAR_MAX_CELLS,
            xml_elements=settings.TABULAR_MAX_XML_ELEMENTS,
        )


def _column_name(number: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(number) if 1 <= number <= 18_278 else str(number)


def _unreadable() -> TableError:
    return TableError(_("The file is not a readable Excel (XLSX) file."))


def _too_many_rows(limits: Limits, row: int) -> TableError:
    return TableError(_("The file has more than %(max)s rows (row %(row)s).") % {"max": limits.rows, "row": row})


def _too_many_columns(limits: Limits, row: int, column: int) -> TableError:
    return TableError(
        _("Row %(row)s has more than %(max)s columns (column %(column)s).")
        % {"row": row, "max": limits.columns, "column": _column_name(column)}
    )


def _cell_too_long(limits: Limits, row: int, column: int) -> TableError:
    return TableError(
        _("Row %(row)s, column %(column)s: the cell has more than %(max)s characters.")
        % {"row": row, "column": _column_name(column), "max": limits.cell_chars}
    )


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


def read_table(upload: File) -> Table:
    """Read the first sheet of an XLSX file or a CSV file (UTF-8 or Windows-1252, ; or ,).

    Raises TableError, with a message for the user, when the file is unreadable or beyond a limit.
    """
    limits = Limits.from_settings()
    too_large = TableError(
        _("The file is too large (at most %(limit)s MB).") % {"limit": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}
    )
    if upload.size is not None and upload.size > settings.UPLOAD_MAX_BYTES:
        raise too_large
    raw = upload.read(settings.UPLOAD_MAX_BYTES + 1)  # the declared size is the client's claim
    if len(raw) > settings.UPLOAD_MAX_BYTES:
        raise too_large
    if not raw.strip():
        raise TableError(_("The file is empty."))
    grid = _read_xlsx(raw, limits) if raw.startswith(XLSX_MAGIC) else _read_csv(raw, limits)
    if not grid:
        raise TableError(_("The file is empty."))
    _header_number, header = grid[0]
    headers = [cell.strip().lower() for cell in header]
    if len({h for h in headers if h}) != len([h for h in headers if h]):
        raise TableError(_("A column name appears twice in the first row."))
    rows = []
    numbers = []
    for number, cells in grid[1:]:
        padded = list(cells) + [""] * (len(headers) - len(cells))
        rows.append({h: padded[i] for i, h in enumerate(headers) if h})
        numbers.append(number)
    return Table(headers=[h for h in headers if h], rows=rows, row_numbers=numbers)


def _keep_row(grid: list[tuple[int, list[str]]], number: int, cells: list[str], limits: Limits) -> None:
    """Add a row unless it is empty (trailing empty cells dropped); refuse one row too many."""
    while cells and not cells[-1]:
        cells.pop()
    if not cells:
        return
    if len(grid) > limits.rows:  # the column names plus `rows` data rows are allowed
        raise _too_many_rows(limits, number)
    grid.append((number, cells))


class _PartScan:
    """Streams one part of an XLSX archive through expat and counts what openpyxl would read.

    Worksheet rows are numbered as openpyxl numbers them (a row's `r`, else the previous plus one;
    a cell's column from its `r`, else the previous plus one), so the extent measured here is the
    extent openpyxl is later allowed to read.
    """

    def __init__(self, name: str, limits: Limits) -> None:
        self.name = name
        self.limits = limits
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.buffer_text = True
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.parser.EntityDeclHandler = self._doctype
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._text
        self.parsing = True  # False once the part proves not to be XML (an image) or malformed
        self.elements = 0  # elements outside cells and shared texts
        self.row = 0
        self.column = 0
        self.cells_in_row = 0
        self.rows_with_cells = 0
        self.cells = 0
        self.texts = 0
        self.max_row = 0  # the last row that has a cell, and the right-most column
        self.max_column = 0
        self.inside: str | None = None  # "cell" or "text" (a shared text) while inside one
        self.depth = 0
        self.chars = 0

    def feed(self, chunk: bytes, final: bool = False) -> None:
        if not self.parsing:
            return
        try:
            self.parser.Parse(chunk, final)
        except expat.ExpatError:
            # openpyxl parses with the same expat and stops at the same place; whatever it could
            # read before the error has been counted.
            self.parsing = False

    def _doctype(self, *args: Any) -> None:
        raise TableError(
            _("The file contains an XML document type declaration (%(part)s); Excel files never do.")
            % {"part": self.name[:100]}
        )

    def _count_element(self) -> None:
        self.elements += 1
        if self.elements > self.limits.xml_elements:
            raise TableError(
                _("Part %(part)s of the Excel file has more than %(max)s XML elements.")
                % {"part": self.name[:100], "max": self.limits.xml_elements}
            )

    def _count_chars(self, count: int) -> None:
        self.chars += count
        if self.chars > self.limits.cell_chars:
            if self.inside == "cell":
                raise _cell_too_long(self.limits, self.row, self.column)
            raise TableError(_("A cell has more than %(max)s characters.") % {"max": self.limits.cell_chars})

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        if self.inside:
            self.depth += 1
            self._count_chars(1)  # markup inside a cell counts as a character: no endless empty runs
        elif name == CELL_TAG:
            self._start_cell(attrs.get("r"))
        elif name == ROW_TAG:
            self._count_element()
            self._start_row(attrs.get("r"))
        elif name == TEXT_TAG:
            self.texts += 1
            if self.texts > self.limits.cells:
                raise TableError(_("The file has more than %(max)s cells.") % {"max": self.limits.cells})
            self.inside, self.depth, self.chars = "text", 0, 0
        elif name == DIMENSION_TAG:
            self._count_element()
            self._check_dimension(attrs.get("ref", ""))
        else:
            self._count_element()

    def _start_row(self, number: str | None) -> None:
        if number is None:
            self.row += 1
        else:
            try:
                self.row = int(number)
            except ValueError:
                try:
                    value = float(number)
                except ValueError:
                    raise _unreadable() from None
                if not value.is_integer():
                    raise _unreadable() from None
                self.row = int(value)
        self.column = 0
        self.cells_in_row = 0

    def _start_cell(self, coordinate: str | None) -> None:
        limits = self.limits
        if coordinate:
            match = SIMPLE_COORDINATE.match(coordinate)
            if match:  # "B12": bijective base 26, as Excel and openpyxl count
                self.column = 0
                for letter in match.group(1):
                    self.column = self.column * 26 + ord(letter) - 64
            else:  # anything unusual is read as openpyxl reads it
                from openpyxl.utils.cell import coordinate_to_tuple

                try:
                    _row, self.column = coordinate_to_tuple(coordinate)
                except (ValueError, TypeError):
                    raise _unreadable() from None
        else:
            self.column += 1
        self.cells_in_row += 1
        if self.column > limits.columns or self.cells_in_row > limits.columns:
            raise _too_many_columns(limits, self.row, max(self.column, self.cells_in_row))
        if self.cells_in_row == 1:
            self.rows_with_cells += 1
            if self.row > limits.rows + 1 or self.rows_with_cells > limits.rows + 1:
                raise _too_many_rows(limits, self.row)
        self.cells += 1
        if self.cells > limits.cells:
            raise TableError(_("The file has more than %(max)s cells.") % {"max": limits.cells})
        if self.row > self.max_row:
            self.max_row = self.row
        if self.column > self.max_column:
            self.max_column = self.column
        self.inside, self.depth, self.chars = "cell", 0, 0

    def _check_dimension(self, ref: str) -> None:
        from openpyxl.utils.cell import range_boundaries

        try:
            _min_column, _min_row, max_column, max_row = range_boundaries(ref.upper())
        except (ValueError, TypeError):
            raise _unreadable() from None
        if (max_row or 0) > self.limits.rows + 1 or (max_column or 0) > self.limits.columns:
            raise TableError(
                _("The sheet says it spans %(range)s; at most %(rows)s rows and %(columns)s columns can be read.")
                % {"range": ref[:50], "rows": self.limits.rows + 1, "columns": self.limits.columns}
            )

    def _end(self, name: str) -> None:
        if self.inside:
            if self.depth:
                self.depth -= 1
            else:
                self.inside = None

    def _text(self, data: str) -> None:
        if self.inside:
            self._count_chars(len(data))


def _inspect_xlsx(raw: bytes, limits: Limits) -> dict[str, _PartScan]:
    """Unpack and parse every part in chunks, refusing the file at the first limit it passes."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise _unreadable() from None
    scans: dict[str, _PartScan] = {}
    total = 0
    with archive:
        members = archive.infolist()
        if len(members) > limits.zip_members:
            raise TableError(_("The Excel file consists of more than %(max)s parts.") % {"max": limits.zip_members})
        for info in members:
            scan = _PartScan(info.filename, limits)
            packed = max(1, min(info.compress_size, len(raw)))
            unpacked = 0
            try:
                with archive.open(info) as stream:
                    while chunk := stream.read(CHUNK):
                        unpacked += len(chunk)
                        total += len(chunk)
                        if total > limits.uncompressed_bytes:
                            raise TableError(
                                _("The Excel file unpacks to more than %(max)s MB.")
                                % {"max": limits.uncompressed_bytes // (1024 * 1024)}
                            )
                        if unpacked > RATIO_FROM_BYTES and unpacked > limits.compression_ratio * packed:
                            raise TableError(
                                _(
                                    "Part %(part)s of the Excel file unpacks to more than %(ratio)s times its "
                                    "packed size; such files are refused."
                                )
                                % {"part": info.filename[:100], "ratio": limits.compression_ratio}
                            )
                        scan.feed(chunk)
                scan.feed(b"", final=True)
            except TableError:
                raise
            except Exception as exc:  # damaged archive, CRC mismatch, encrypted or unknown compression
                raise _unreadable() from exc
            scans[info.filename] = scan
    return scans


def _read_xlsx(raw: bytes, limits: Limits) -> list[tuple[int, list[str]]]:
    scans = _inspect_xlsx(raw, limits)
    from openpyxl import load_workbook

    workbook = None
    grid: list[tuple[int, list[str]]] = []
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        sheet: Any = workbook.worksheets[0]
        scan = scans.get(sheet._worksheet_path) or scans.get(sheet._worksheet_path.lstrip("/"))
        if scan is None or not scan.parsing:  # missing, or not well-formed XML to its end
            raise _unreadable()
        if not scan.max_row:
            return grid
        # Read only what the inspection measured: openpyxl pads missing rows and cells up to the
        # bounds it is given, and would otherwise take them from the sheet's own <dimension>.
        rows = sheet.iter_rows(min_row=1, max_row=scan.max_row, min_col=1, max_col=scan.max_column, values_only=True)
        for number, row in enumerate(rows, start=1):
            _keep_row(grid, number, [_cell_text(value) for value in row], limits)
    except TableError:
        raise
    except Exception as exc:
        raise _unreadable() from exc
    finally:
        if workbook is not None:
            workbook.close()
    return grid


def _read_csv(raw: bytes, limits: Limits) -> list[tuple[int, list[str]]]:
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
    first_line = re.split(r"[\r\n]", text, maxsplit=1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    grid: list[tuple[int, list[str]]] = []
    try:
        for row in reader:
            number = reader.line_num
            if len(row) > limits.columns:
                raise _too_many_columns(limits, number, len(row))
            for index, cell in enumerate(row, start=1):
                if len(cell) > limits.cell_chars:
                    raise _cell_too_long(limits, number, index)
            _keep_row(grid, number, [_cell_text(cell) for cell in row], limits)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):  # the csv module's own bound, far above ours
            raise TableError(
                _("Row %(row)s: a cell has more than %(max)s characters.")
                % {"row": reader.line_num, "max": limits.cell_chars}
            ) from exc
        raise TableError(_("The CSV file is malformed: %(error)s") % {"error": exc}) from exc
    return grid


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

"""Hostile spreadsheets are refused while they are unpacked, quickly and in little memory (issue 20, item 1).

Every file here is built in the test itself: a few hundred kilobytes that would unpack to hundreds of
megabytes, sheets that claim a million rows, cells with hundreds of millions of characters, XML
entity bombs. Each must be refused with a message that names the limit, within about two seconds and
without the memory the unpacked content would need.
"""

from __future__ import annotations

import io
import struct
import time
import tracemalloc
import zipfile
from collections.abc import Iterator

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import translation
from openpyxl import Workbook

from anlaufstelle.core.tabular import TableError, read_table
from anlaufstelle.core.tests.factories import MAIN, SHEET_START, sheet_of, xlsx

pytestmark = pytest.mark.security


def upload(content: bytes, name: str = "liste.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def refused(content: bytes, name: str = "liste.xlsx", *, max_seconds: float = 5.0, max_mb: float = 50) -> str:
    """Read the file; it must be refused fast and in little memory. Returns the (English) message."""
    file = upload(content, name)
    tracemalloc.start()
    started = time.monotonic()
    try:
        with translation.override("en"), pytest.raises(TableError) as caught:
            read_table(file)
        elapsed = time.monotonic() - started
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < max_seconds, f"took {elapsed:.1f} s"
    assert peak < max_mb * 1024 * 1024, f"peaked at {peak / 1024 / 1024:.0f} MB"
    return str(caught.value)


THREE_MILLION = 3_000_000
FOUR_HUNDRED_MB = 400 * 1024 * 1024


@pytest.fixture(scope="module")
def wide_row() -> bytes:
    """One row of 3,000,000 inline-string cells: about 100 MB of XML in a few hundred KB."""

    def rows() -> Iterator[str]:
        yield '<row r="1">'
        cell = '<c t="inlineStr"><is><t>x</t></is></c>'
        for _ in range(THREE_MILLION // 10_000):
            yield cell * 10_000
        yield "</row>"

    return xlsx(sheet_of(*rows()))


def _huge_text() -> Iterator[str]:
    block = "x" * (1024 * 1024)
    for _ in range(FOUR_HUNDRED_MB // len(block)):
        yield block


def test_the_wide_row_is_small_packed_and_refused_at_the_column_limit(wide_row: bytes) -> None:
    assert len(wide_row) < 2 * 1024 * 1024
    message = refused(wide_row)
    assert "Row 1 has more than 200 columns" in message


def test_one_inline_cell_of_400_mb_is_refused() -> None:
    def sheet() -> Iterator[str]:
        yield SHEET_START + '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
        yield from _huge_text()
        yield "</t></is></c></row></sheetData></worksheet>"

    content = xlsx(sheet)
    assert len(content) < 2 * 1024 * 1024
    message = refused(content)
    assert "Row 1, column A: the cell has more than 10000 characters" in message


def test_one_shared_string_of_400_mb_is_refused() -> None:
    def strings() -> Iterator[str]:
        yield f'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>'
        yield from _huge_text()
        yield "</t></si></sst>"

    content = xlsx(sheet_of('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), strings)
    message = refused(content)
    assert "A cell has more than 10000 characters" in message


def test_a_member_that_inflates_beyond_its_declared_size_is_refused() -> None:
    """The sizes in the ZIP directory are the packer's claim; only what inflates counts."""
    filler = '<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 1000
    content = bytearray(xlsx(sheet_of(*([filler] * 200))))
    # Rewrite the sheet's declared uncompressed size to 1 KB in its local header and central directory.
    name = b"xl/worksheets/sheet1.xml"
    local = content.find(b"PK\x03\x04")
    while local != -1:
        name_length = struct.unpack_from("<H", content, local + 26)[0]
        if content[local + 30 : local + 30 + name_length] == name:
            struct.pack_into("<I", content, local + 22, 1024)
            break
        local = content.find(b"PK\x03\x04", local + 4)
    central = content.find(b"PK\x01\x02")
    while central != -1:
        name_length = struct.unpack_from("<H", content, central + 28)[0]
        if content[central + 46 : central + 46 + name_length] == name:
            struct.pack_into("<I", content, central + 24, 1024)
        central = content.find(b"PK\x01\x02", central + 4)
    message = refused(bytes(content))
    assert "not a readable Excel" in message or "unpacks to more than" in message


def test_the_unpacked_size_is_counted_not_read_from_the_directory() -> None:
    block = '<row><c t="inlineStr"><is><t>' + "y" * 100 + "</t></is></c></row>"
    content = xlsx(sheet_of(*([block * 1000] * 20)))  # about 3 MB unpacked
    with override_settings(
        TABULAR_MAX_UNCOMPRESSED_BYTES=2 * 1024 * 1024,
        TABULAR_MAX_COMPRESSION_RATIO=100_000,
        TABULAR_MAX_ROWS=10_000_000,
        TABULAR_MAX_CELLS=10_000_000,
    ):
        message = refused(content)
    assert "unpacks to more than 2 MB" in message


def test_a_ratio_far_beyond_real_spreadsheets_is_refused() -> None:
    block = '<row><c t="inlineStr"><is><t>' + "z" * 5000 + "</t></is></c></row>"
    content = xlsx(sheet_of(*([block] * 1000)))  # 5 MB of identical rows, packed about 1000:1
    message = refused(content)
    assert "more than 200 times its packed size" in message


def test_a_dimension_of_the_whole_sheet_is_refused() -> None:
    row = '<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>'
    content = xlsx(sheet_of(row, dimension="A1:XFD1048576"))
    message = refused(content)
    assert "A1:XFD1048576" in message


def test_a_row_at_the_bottom_of_the_sheet_is_refused() -> None:
    content = xlsx(
        sheet_of(
            '<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>',
            '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>b</t></is></c></row>',
        )
    )
    message = refused(content)
    assert "more than 20000 rows (row 1048576)" in message


def test_a_cell_in_the_last_column_is_refused() -> None:
    content = xlsx(sheet_of('<row r="1"><c r="XFD1" t="inlineStr"><is><t>a</t></is></c></row>'))
    message = refused(content)
    assert "Row 1 has more than 200 columns (column XFD)" in message


def test_entity_expansion_is_refused() -> None:
    laughs = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE worksheet [' + "".join(laughs) + "]>"
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c>'
        "</row></sheetData></worksheet>"
    )
    message = refused(xlsx(lambda: iter([bomb])))
    assert "document type declaration" in message


def test_entity_expansion_in_shared_strings_is_refused() -> None:
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        f'<sst xmlns="{MAIN}"><si><t>&b;</t></si></sst>'
    )
    message = refused(xlsx(sheet_of('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), lambda: iter([bomb])))
    assert "document type declaration" in message


def test_too_many_rows_are_refused_while_reading() -> None:
    rows = "".join(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>r{n}</t></is></c></row>' for n in range(1, 40))
    with override_settings(TABULAR_MAX_ROWS=30):
        message = refused(xlsx(sheet_of(rows)))
    assert "more than 30 rows (row 32)" in message


def test_too_many_members_are_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for number in range(300):
            archive.writestr(f"xl/media/image{number}.png", b"")
    message = refused(buffer.getvalue())
    assert "more than 200 parts" in message


def test_a_csv_with_a_million_columns_is_refused() -> None:
    message = refused(b"name;kind\n" + b";" * 1_000_000 + b"\n", "partner.csv")
    assert "Row 2 has more than 200 columns" in message


def test_a_csv_cell_beyond_the_limit_is_refused() -> None:
    message = refused(b"name;kind\n" + b"x" * 20_000 + b";school\n", "partner.csv")
    assert "Row 2, column A: the cell has more than 10000 characters" in message


def test_a_csv_cell_beyond_the_parser_limit_is_refused_with_the_same_message() -> None:
    message = refused(b"name;kind\n" + b"x" * 1_000_000 + b";school\n", "partner.csv")
    assert "Row 2: a cell has more than 10000 characters" in message


def test_a_csv_of_50_mb_is_refused_by_the_upload_limit() -> None:
    message = refused(b"name;kind\n" + b"x" * (50 * 1024 * 1024) + b";school\n", "partner.csv")
    assert "The file is too large" in message


def test_the_upload_limit_does_not_trust_the_declared_size() -> None:
    file = upload(b"name;kind\n" + b"x" * (6 * 1024 * 1024), "partner.csv")
    file.size = 10  # what the client claimed
    with translation.override("en"), pytest.raises(TableError, match="too large"):
        read_table(file)


def test_csv_rows_beyond_the_limit_are_refused() -> None:
    with override_settings(TABULAR_MAX_ROWS=30):
        message = refused(b"name;kind\n" + b"a;b\n" * 40, "partner.csv")
    assert "more than 30 rows (row 32)" in message


def test_an_ordinary_workbook_is_still_read() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Name", "Art", "Beschreibung"])
    for number in range(2_000):
        sheet.append([f"Verein {number}", "association", "Beratung " * 50])
    sheet.cell(row=3000, column=2, value=None)
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(upload(buffer.getvalue()))
    assert table.headers == ["name", "art", "beschreibung"]
    assert len(table.rows) == 2_000 and table.rows[-1]["name"] == "Verein 1999"
    assert table.row_numbers[0] == 2


def test_a_workbook_with_gaps_and_a_small_dimension_keeps_the_row_numbers() -> None:
    content = xlsx(
        sheet_of(
            '<row r="2"><c r="B2" t="inlineStr"><is><t>Name</t></is></c>'
            '<c r="C2" t="inlineStr"><is><t>Ort</t></is></c></row>',
            '<row r="5"><c r="C5" t="inlineStr"><is><t>Musterstadt</t></is></c></row>',
            '<row r="7"><c r="B7"><v>42</v></c></row>',
            '<row r="30000" s="1" customFormat="1"/>',
            dimension="B2:C7",
        )
    )
    table = read_table(upload(content))
    assert table.headers == ["name", "ort"]
    assert table.rows == [{"name": "", "ort": "Musterstadt"}, {"name": "42", "ort": ""}]
    assert table.row_numbers == [5, 7]


def test_shared_strings_are_read() -> None:
    strings = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="{MAIN}" count="2" uniqueCount="2">'
        "<si><t>Name</t></si><si><r><t>Kultur</t></r><r><t>verein</t></r></si></sst>"
    )
    content = xlsx(
        sheet_of(
            '<row r="1"><c r="A1" t="s"><v>0</v></c></row>',
            '<row r="2"><c r="A2" t="s"><v>1</v></c></row>',
        ),
        lambda: iter([strings]),
    )
    assert read_table(upload(content)).rows == [{"name": "Kulturverein"}]

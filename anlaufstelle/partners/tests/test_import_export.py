"""CSV/XLSX import is all-or-nothing with a report naming row and column; export round-trips."""

from __future__ import annotations

import io
from collections.abc import Iterator
from unittest.mock import ANY

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from django_scopes import scope, scopes_disabled
from openpyxl import Workbook, load_workbook

from anlaufstelle.core.models import AuditEntry, BackgroundJob
from anlaufstelle.core.tabular import Limits, TableError, _cell_too_long, _too_many_columns, read_table
from anlaufstelle.core.tests.factories import MAIN, SHEET_START, sheet_of, xlsx
from anlaufstelle.partners.models import Organisation
from anlaufstelle.partners.tests.factories import OrganisationFactory, TagFactory

GOOD_CSV = (
    "name;kind;school_number;school_form;street;postcode;city;district;tags\n"
    "Grundschule Am Park;school;123456;grundschule;Parkweg 1;47798;Musterstadt;Mitte;Schule;\n"
    "Deutsch-Syrischer Kulturverein e.V.;Migrantenselbstorganisation;;;;;;;MSO\n"
)


def upload(content: bytes, name: str = "partner.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def import_url(centre) -> str:  # type: ignore[no-untyped-def]
    return reverse("partners:import", kwargs={"centre": centre.slug})


@pytest.fixture
def run_import(admin_client: Client, centre, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """Upload a file; the background job runs (in-process in tests); return the finished job."""

    def run(file: SimpleUploadedFile) -> BackgroundJob:
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(import_url(centre), {"file": file})
        assert response.status_code == 302, response.content
        page = admin_client.get(response["Location"])
        assert page.status_code == 200
        job = page.context["job"]
        assert job.is_finished, job.message
        return job

    return run


def test_good_csv_is_imported(run_import, centre) -> None:  # type: ignore[no-untyped-def]
    job = run_import(upload(GOOD_CSV.encode()))
    assert job.result["ok"] is True and job.result["created"] == 2 and job.percent == 100
    with scope(centre=centre):
        school = Organisation.objects.get(school_number="123456")
        assert school.school_form == "grundschule"
        assert school.addresses.get().district == "Mitte"
        assert [t.name for t in school.tags.all()] == ["Schule"]
        assert Organisation.objects.get(kind="mso").name.startswith("Deutsch-Syrischer")
        assert AuditEntry.objects.filter(kind=AuditEntry.Kind.IMPORT).count() == 1


def test_one_bad_row_imports_nothing_and_names_row_and_column(run_import, admin_client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    bad = GOOD_CSV + "Kita X;raumschiff;;;;;;;\nSchule Y;school;12;;Weg 1;4779;Musterstadt;;\n"
    job = run_import(upload(bad.encode()))
    assert job.result["ok"] is False
    problems = {(p["row"], p["column"]) for p in job.result["problems"]}
    assert (4, "kind") in problems
    assert (5, "school_number") in problems and (5, "postcode") in problems
    html = admin_client.get(reverse("core:job", kwargs={"centre": centre.slug, "pk": job.pk})).content.decode()
    assert "raumschiff" in html
    with scopes_disabled():
        assert not Organisation.objects.exists()


def test_duplicate_school_numbers_in_file_and_database(run_import, centre) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        OrganisationFactory(centre=centre, kind="school", school_number="654321")
    content = "name;kind;school_number\nA;school;111111\nB;school;111111\nC;school;654321\n"
    job = run_import(upload(content.encode()))
    messages = {(p["row"], p["column"]): p["message"] for p in job.result["problems"]}
    assert (3, "school_number") in messages and (4, "school_number") in messages
    with scopes_disabled():
        assert Organisation.objects.count() == 1


def test_missing_and_unknown_columns(run_import) -> None:  # type: ignore[no-untyped-def]
    job = run_import(upload(b"titel;art\nx;y\n"))
    columns = {p["column"] for p in job.result["problems"]}
    assert {"name", "kind", "titel", "art"} <= columns


@pytest.mark.parametrize(
    "content,message",
    [
        (b"", "empty"),
        (b"\x00\x01\x02binary\x00", "not a CSV"),
        (b"PK\x03\x04broken-zip", "not a readable Excel"),
    ],
)
def test_unreadable_files_get_a_clear_message(content: bytes, message: str) -> None:
    with translation.override("en"), pytest.raises(TableError, match=message):
        read_table(upload(content))


def test_unreadable_file_is_reported_by_the_job(run_import) -> None:  # type: ignore[no-untyped-def]
    job = run_import(upload(b"PK\x03\x04broken"))
    assert job.result["ok"] is False and len(job.result["problems"]) == 1


HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c><c r="B1" t="inlineStr"><is><t>kind</t></is></c></row>'
)


def _40_mb() -> Iterator[str]:
    """Enough to show the way through the view; core/tests/test_tabular_limits.py uses 400 MB."""
    block = "x" * (1024 * 1024)
    for _ in range(40):
        yield block


@pytest.mark.security
def test_a_wide_row_bomb_is_refused_by_the_job_and_nothing_imported(run_import) -> None:  # type: ignore[no-untyped-def]
    """Issue 20, item 1: one row of 3,000,000 inline cells in a few hundred KB."""
    cells = '<c t="inlineStr"><is><t>x</t></is></c>' * 10_000
    content = xlsx(sheet_of(HEADER_ROW, '<row r="2">', *([cells] * 300), "</row>"))
    assert len(content) < 2 * 1024 * 1024
    job = run_import(SimpleUploadedFile("p.xlsx", content))
    with translation.override(job.language):
        expected = str(_too_many_columns(Limits.from_settings(), 2, 201))
    assert job.result == {"ok": False, "problems": [{"row": "", "column": "", "message": expected}], "link": ANY}
    assert not job.input_file
    with scopes_disabled():
        assert not Organisation.objects.exists()


@pytest.mark.security
@pytest.mark.parametrize("where", ["inline", "shared"])
def test_a_huge_cell_is_refused_by_the_job_and_nothing_imported(run_import, admin_client: Client, where) -> None:  # type: ignore[no-untyped-def]
    """Issue 20, item 1: a small file with one cell of many megabytes does not reach the rows."""

    def sheet() -> Iterator[str]:
        yield SHEET_START + "<sheetData>" + HEADER_ROW
        if where == "inline":
            yield '<row r="2"><c r="A2" t="inlineStr"><is><t>'
            yield from _40_mb()
            yield "</t></is></c>"
        else:
            yield '<row r="2"><c r="A2" t="s"><v>0</v></c>'
        yield '<c r="B2" t="inlineStr"><is><t>school</t></is></c></row></sheetData></worksheet>'

    def strings() -> Iterator[str]:
        yield f'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="{MAIN}"><si><t>'
        yield from _40_mb() if where == "shared" else iter(["kurz"])
        yield "</t></si></sst>"

    job = run_import(SimpleUploadedFile("p.xlsx", xlsx(sheet, strings)))
    limits = Limits.from_settings()
    with translation.override(job.language):
        expected = str(
            _cell_too_long(limits, 2, 1)
            if where == "inline"
            else TableError(gettext("A cell has more than %(max)s characters.") % {"max": limits.cell_chars})
        )
    assert job.result["ok"] is False and job.result["problems"][0]["message"] == expected
    page = admin_client.get(reverse("core:job", kwargs={"centre": job.centre.slug, "pk": job.pk}))
    assert escape(expected) in page.content.decode()
    with scopes_disabled():
        assert not Organisation.objects.exists()


def test_missing_file_is_a_form_error(admin_client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    response = admin_client.post(import_url(centre), {})
    assert response.status_code == 422
    assert "file" in response.context["form"].errors


@pytest.mark.security
def test_too_large_file_is_refused_before_any_job(admin_client: Client, centre, settings) -> None:  # type: ignore[no-untyped-def]
    settings.UPLOAD_MAX_BYTES = 10
    response = admin_client.post(import_url(centre), {"file": upload(GOOD_CSV.encode())})
    assert response.status_code == 422
    with scopes_disabled():
        assert not BackgroundJob.objects.exists()


def test_windows_1252_comma_separated_csv(run_import) -> None:  # type: ignore[no-untyped-def]
    content = "name,kind\nFörderverein Größe,association\n".encode("cp1252")
    assert run_import(upload(content)).result["ok"] is True
    with scopes_disabled():
        assert Organisation.objects.get().name == "Förderverein Größe"


def test_xlsx_import_and_export_round_trip(run_import, admin_client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["name", "kind", "email", "latitude", "longitude", "street", "postcode", "city"])
    sheet.append(["Volkshochschule", "provider", "vhs@example.org", 51.33, 6.56, "Markt 1", 47798, "Musterstadt"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert run_import(SimpleUploadedFile("p.xlsx", buffer.getvalue())).result["created"] == 1

    export = admin_client.get(reverse("partners:export", kwargs={"centre": centre.slug}), {"format": "xlsx"})
    assert export.status_code == 200
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("id", "name", "kind")
    assert rows[1][1:3] == ("Volkshochschule", "provider")

    # Re-importing the export (edited) updates instead of duplicating.
    wb = load_workbook(io.BytesIO(export.content))
    wb.active.cell(row=2, column=2, value="VHS Musterstadt")
    out = io.BytesIO()
    wb.save(out)
    assert run_import(SimpleUploadedFile("p.xlsx", out.getvalue())).result["updated"] == 1
    with scopes_disabled():
        assert list(Organisation.objects.values_list("name", flat=True)) == ["VHS Musterstadt"]


def test_csv_export_neutralises_formulas(admin_client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        OrganisationFactory(centre=centre, name='=HYPERLINK("http://x")')
    export = admin_client.get(reverse("partners:export", kwargs={"centre": centre.slug}), {"format": "csv"})
    text = export.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert export["Content-Disposition"].startswith("attachment;")
    with scopes_disabled():
        assert AuditEntry.objects.filter(kind=AuditEntry.Kind.EXPORT).exists()


def test_export_rejects_unknown_format(admin_client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    assert (
        admin_client.get(reverse("partners:export", kwargs={"centre": centre.slug}), {"format": "pdf"}).status_code
        == 404
    )


def test_update_changes_only_the_columns_in_the_file(run_import, centre) -> None:  # type: ignore[no-untyped-def]
    with scope(centre=centre):
        org = OrganisationFactory(centre=centre, name="Alt", email="bleibt@example.org", phone="0211 1")
        org.tags.add(TagFactory(centre=centre, name="Bleibt"))
    job = run_import(upload(f"id;name;kind;phone\n{org.pk};Neu;association;\n".encode()))
    assert job.result["updated"] == 1
    with scope(centre=centre):
        org.refresh_from_db()
        assert (org.name, org.email, org.phone) == ("Neu", "bleibt@example.org", "")
        assert [t.name for t in org.tags.all()] == ["Bleibt"]


def test_decimal_commas_in_coordinates_are_accepted(run_import, centre) -> None:  # type: ignore[no-untyped-def]
    content = "name;kind;street;postcode;city;latitude;longitude\nVHS;provider;Markt 1;47798;Musterstadt;51,333;6,564\n"
    assert run_import(upload(content.encode())).result["ok"] is True
    with scope(centre=centre):
        address = Organisation.objects.get().addresses.get()
    assert str(address.latitude) == "51.333000"


def test_export_then_import_keeps_values_that_start_like_formulas(run_import, admin_client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        OrganisationFactory(centre=centre, name="Verein", phone="+49 2151 12345", description="- Beratung")
    for file_format in ["csv", "xlsx"]:
        export = admin_client.get(reverse("partners:export", kwargs={"centre": centre.slug}), {"format": file_format})
        run_import(SimpleUploadedFile(f"p.{file_format}", export.content))
        with scopes_disabled():
            org = Organisation.objects.get()
        assert (org.phone, org.description) == ("+49 2151 12345", "- Beratung"), file_format


def test_xlsx_with_a_broken_sheet_is_a_clear_error() -> None:
    import zipfile

    buffer = io.BytesIO()
    Workbook().save(buffer)
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            target.writestr(item, data)
    with translation.override("en"), pytest.raises(TableError, match="not a readable Excel"):
        read_table(upload(broken.getvalue(), "x.xlsx"))

"""The MARC21/MARCXML import: records become the rows the tabular import checks (all or nothing)."""

from __future__ import annotations

import io

import pymarc
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pymarc import Field, Indicators, Record, Subfield

from anlaufstelle.core.jobs import job_start
from anlaufstelle.core.models import BackgroundJob
from anlaufstelle.core.tabular import TableError
from anlaufstelle.library import marc, transfer
from anlaufstelle.library.models import Copy, Title
from anlaufstelle.library.tests.factories import librarian

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped")]

BLANK = Indicators(" ", " ")


def _record(title: str, isbn: str, barcodes: list[str], *, lang: str = "ger") -> Record:
    record = Record(force_utf8=True)
    record.add_field(pymarc.Field(tag="008", data="260101s2024    gw            000 0 " + lang + " d"))
    record.add_field(Field(tag="020", indicators=BLANK, subfields=[Subfield("a", isbn)]))
    record.add_field(Field(tag="100", indicators=Indicators("1", " "), subfields=[Subfield("a", "Yılmaz, Ayşe")]))
    record.add_field(Field(tag="700", indicators=Indicators("1", " "), subfields=[Subfield("a", "Kovalenko, Olena")]))
    record.add_field(
        Field(
            tag="245",
            indicators=Indicators("1", "0"),
            subfields=[Subfield("a", title + " :"), Subfield("b", "Ein Bilderbuch /")],
        )
    )
    record.add_field(Field(tag="520", indicators=BLANK, subfields=[Subfield("a", "Über Sprachen im Alltag.")]))
    record.add_field(Field(tag="650", indicators=Indicators(" ", "7"), subfields=[Subfield("a", "Mehrsprachigkeit")]))
    for barcode in barcodes:
        record.add_field(Field(tag="852", indicators=BLANK, subfields=[Subfield("h", "DaZ 4"), Subfield("p", barcode)]))
    return record


def _import(centre, data: bytes, name: str):  # type: ignore[no-untyped-def]
    table = marc.read_marc(io.BytesIO(data), name)
    return transfer.import_table(centre=centre, actor=librarian(centre), table=table)


def test_a_binary_marc21_file_imports_titles_copies_and_summaries(centre) -> None:  # type: ignore[no-untyped-def]
    data = _record("Sprachschätze", "978-3-16-148410-0", ["M-1", "M-2"]).as_marc()
    data += _record("Mein Weg", "", ["M-3"], lang="ukr").as_marc()
    report = _import(centre, data, "katalog.mrc")
    assert report.ok, report.problems
    assert report.titles == 2 and report.copies == 3
    title = Title.objects.get(centre=centre, isbn="9783161484100")
    assert title.title == "Sprachschätze : Ein Bilderbuch"
    assert title.authors == "Yılmaz, Ayşe; Kovalenko, Olena"
    assert title.languages == "|de|" and title.year == 2024
    assert [t.name for t in title.topics.all()] == ["Mehrsprachigkeit"]
    assert title.texts.get(language="de").summary == "Über Sprachen im Alltag."
    assert sorted(title.copies.values_list("barcode", "shelf_mark")) == [("M-1", "DaZ 4"), ("M-2", "DaZ 4")]
    assert Title.objects.get(centre=centre, title__startswith="Mein Weg").languages == "|uk|"


def test_a_marcxml_file_imports_and_041_wins_over_008(centre) -> None:  # type: ignore[no-untyped-def]
    record = _record("Kalimat", "3-16-148410-X", ["X-1"])
    record.add_field(Field(tag="041", indicators=BLANK, subfields=[Subfield("a", "ara"), Subfield("a", "ger")]))
    xml = pymarc.record_to_xml(record, namespace=True)
    data = (
        b'<?xml version="1.0" encoding="UTF-8"?><collection xmlns="http://www.loc.gov/MARC21/slim">'
        + xml
        + b"</collection>"
    )
    report = _import(centre, data, "katalog.xml")
    assert report.ok, report.problems
    title = Title.objects.get(centre=centre)
    assert title.isbn == "9783161484100" and title.languages == "|ar|de|"


def test_a_bad_isbn_imports_nothing_and_names_the_record(centre) -> None:  # type: ignore[no-untyped-def]
    data = _record("Gut", "978-3-16-148410-0", ["G-1"]).as_marc()
    data += _record("Schlecht", "978-3-16-148410-1", ["G-2"]).as_marc()
    data += _record("Ohne Barcode", "", []).as_marc()
    report = _import(centre, data, "katalog.mrc")
    assert not report.ok
    assert {(p.row, p.column) for p in report.problems} == {(2, "isbn"), (3, "barcode")}
    assert not Copy.objects.filter(centre=centre).exists() and not Title.objects.filter(centre=centre).exists()


@pytest.mark.parametrize(
    "data",
    [
        b"this is not marc at all",
        b"00026nam  2200025   4500\x1e\x1d",
        b"<collection><record><datafield tag='245'>",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><collection/>',
        b"",
    ],
)
def test_a_file_that_is_not_marc_is_a_clear_message(centre, data: bytes) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TableError):
        marc.read_marc(io.BytesIO(data), "katalog.mrc")


def test_too_many_records_are_refused(centre, settings) -> None:  # type: ignore[no-untyped-def]
    settings.LIBRARY_MARC_MAX_RECORDS = 2
    data = b"".join(_record(f"T{i}", "", [f"B{i}"]).as_marc() for i in range(3))
    with pytest.raises(TableError, match="2"):
        marc.read_marc(io.BytesIO(data), "katalog.mrc")


def test_the_view_starts_a_marc_job_and_the_job_reports_garbage(centre, login) -> None:  # type: ignore[no-untyped-def]
    user = librarian(centre)
    client = login(user)
    upload = SimpleUploadedFile("katalog.mrc", _record("Sprachschätze", "", ["V-1"]).as_marc())
    response = client.post(f"/{centre.slug}/intern/mediothek/import/", {"file": upload})
    assert response.status_code == 302
    job = BackgroundJob.objects.get(centre=centre)
    assert job.kind == "library.import_marc"
    broken = job_start(
        centre=centre,
        actor=user,
        kind="library.import_marc",
        title="Import of kaputt.mrc",
        input_file=SimpleUploadedFile("kaputt.mrc", b"\x00\x01garbage\xff"),
        enqueue=False,
    )
    result = transfer.import_marc_job(BackgroundJob.objects.get(pk=broken.pk), lambda *a, **k: None)
    assert result["ok"] is False and "MARC" in result["problems"][0]["message"]

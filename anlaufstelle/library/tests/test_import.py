"""The catalogue import: all rows or none, with a report naming row and column."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from anlaufstelle.core.tabular import read_table
from anlaufstelle.library import transfer
from anlaufstelle.library.models import Copy, Title
from anlaufstelle.library.tests.factories import librarian, make_copy, make_title

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped")]

HEADER = "barcode;title;isbn;authors;languages;media_type;age_from;age_to;topics;shelf_mark\n"


def _table(text: str):  # type: ignore[no-untyped-def]
    return read_table(SimpleUploadedFile("katalog.csv", text.encode()))


def test_rows_with_one_isbn_become_copies_of_one_title(centre) -> None:  # type: ignore[no-untyped-def]
    table = _table(
        HEADER
        + "A-1;Sprachschätze;3-16-148410-X;Ayşe Yılmaz;Deutsch, Arabisch;book;3;6;DaZ;DaZ 1\n"
        + "A-2;Sprachschätze;978-3-16-148410-0;Ayşe Yılmaz;de;book;3;6;DaZ;DaZ 1\n"
        + "A-3;Medienkoffer Wald;;;de;kit;;;Natur;K 1\n"
    )
    report = transfer.import_table(centre=centre, actor=librarian(centre), table=table)
    assert report.ok and report.titles == 2 and report.copies == 3
    title = Title.objects.get(centre=centre, isbn="9783161484100")
    assert title.languages == "|ar|de|" and title.copies.count() == 2
    assert [t.name for t in title.topics.all()] == ["DaZ"]


def test_one_bad_row_imports_nothing_and_names_row_and_column(centre) -> None:  # type: ignore[no-untyped-def]
    make_copy(make_title(centre), "TAKEN")
    table = _table(
        HEADER
        + "B-1;Gut;;;de;book;;;;\n"
        + "B-2;Falsche ISBN;978-3-16-148410-1;;de;book;;;;\n"
        + "TAKEN;Doppelt;;;de;book;;;;\n"
        + "B-4;Sprache;;;klingonisch;spaceship;9;3;;\n"
    )
    report = transfer.import_table(centre=centre, actor=librarian(centre), table=table)
    assert not report.ok
    assert {(p.row, p.column) for p in report.problems} >= {
        (3, "isbn"),
        (4, "barcode"),
        (5, "languages"),
        (5, "media_type"),
        (5, "age_to"),
    }
    assert Copy.objects.filter(centre=centre).count() == 1
    missing = transfer.import_table(centre=centre, actor=librarian(centre), table=_table("name;isbn\nx;y\n"))
    assert not missing.ok and "barcode" in missing.problems[0].column


def test_the_job_reports_a_file_that_is_not_a_table(centre) -> None:  # type: ignore[no-untyped-def]
    from anlaufstelle.core.jobs import job_start
    from anlaufstelle.core.models import BackgroundJob

    job = job_start(
        centre=centre,
        actor=librarian(centre),
        kind="library.import",
        title="Import",
        input_file=SimpleUploadedFile("x.xlsx", b"PK\x03\x04garbage"),
        enqueue=False,
    )
    result = transfer.import_job(BackgroundJob.objects.get(pk=job.pk), lambda *a, **k: None)
    assert result["ok"] is False and result["problems"][0]["message"]

"""Importing the KI's existing offer list: mapping with suggestions, all rows or none, a clear report."""

from __future__ import annotations

import io
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django_scopes import scope, scopes_disabled
from openpyxl import Workbook

from anlaufstelle.core.models import BackgroundJob
from anlaufstelle.core.roles import Role
from anlaufstelle.core.tabular import Limits, _too_many_columns, _unreadable
from anlaufstelle.directory.models import Offer
from anlaufstelle.directory.transfer import guess_mapping
from anlaufstelle.partners.tests.factories import OrganisationFactory

HEADERS = [
    "Angebot",
    "Träger",
    "Kurzbeschreibung",
    "Bereich",
    "Altersgruppe",
    "Sprachen",
    "Straße",
    "PLZ",
    "Ort",
    "kostenlos",
    "Telefon",
]


def xlsx(rows: list[list[object]]) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("angebote.xlsx", buffer.getvalue())


def test_guessing_columns() -> None:
    mapping = guess_mapping([h.lower() for h in HEADERS])
    assert mapping["title"] == "angebot" and mapping["provider"] == "träger" and mapping["postcode"] == "plz"
    assert mapping["areas"] == "bereich" and mapping["is_free"] == "kostenlos"


@pytest.fixture
def editor(client: Client, centre, member_factory, login) -> Client:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        OrganisationFactory(centre=centre, name="Volkshochschule Musterstadt")
        OrganisationFactory(centre=centre, name="Caritasverband")
    return login(member_factory(centre, Role.EDITOR))


def upload(editor: Client, centre, file, capture):  # type: ignore[no-untyped-def]
    """Step 1: the upload is read by a background job; return its finished job page."""
    with capture(execute=True):
        response = editor.post(reverse("directory:staff_import", kwargs={"centre": centre.slug}), {"file": file})
    assert response.status_code == 302, response.content
    page = editor.get(response["Location"])
    assert page.status_code == 200 and page.context["job"].is_finished
    return page


def mapping_url(page) -> str:  # type: ignore[no-untyped-def]
    job = page.context["job"]
    assert job.result["ok"] is True, job.result
    return job.result["next"]["url"]


def run(editor: Client, centre, file, capture, **mapping_overrides):  # type: ignore[no-untyped-def]
    url = mapping_url(upload(editor, centre, file, capture))
    mapping_page = editor.get(url)
    form = mapping_page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields} | mapping_overrides
    with capture(execute=True):
        response = editor.post(url, data)
    job = editor.get(response["Location"]).context["job"]
    assert job.is_finished
    return job


def test_good_list_is_imported_as_drafts(editor: Client, centre, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    file = xlsx(
        [
            [
                "Integrationskurs",
                "Volkshochschule Musterstadt",
                "Deutsch B1",
                "Sprache und Bildung",
                "Erwachsene",
                "de; ar",
                "Markt 1",
                47798,
                "Musterstadt",
                "nein",
                "02151 1",
            ],
            [
                "Migrationsberatung",
                "caritasverband",
                "",
                "counselling",
                "adults; families",
                "Deutsch, English",
                "",
                "",
                "",
                "ja",
                "",
            ],
        ]
    )
    job = run(editor, centre, file, django_capture_on_commit_callbacks)
    assert job.result["ok"] is True and job.result["created"] == 2
    with scope(centre=centre):
        course = Offer.objects.get(translations__title="Integrationskurs")
        assert course.status == "draft" and course.areas == "|language|" and course.languages == "|ar|de|"
        assert course.address.postcode == "47798"
        advice = Offer.objects.get(translations__title="Migrationsberatung")
        assert advice.is_free and advice.age_groups == "|adults|families|" and advice.languages == "|de|en|"


def test_one_bad_row_imports_nothing_and_names_row_and_column(
    editor: Client, centre, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    file = xlsx(
        [
            ["Gut", "Caritasverband", "", "counselling", "", "", "", "", "", "ja", ""],
            ["", "Unbekannter Verein", "", "Raumfahrt", "", "klingonisch", "Weg 1", "123", "", "vielleicht", ""],
        ]
    )
    job = run(editor, centre, file, django_capture_on_commit_callbacks)
    assert job.result["ok"] is False
    problems = {(p["row"], p["column"]) for p in job.result["problems"]}
    for column in ["angebot", "träger", "bereich", "sprachen", "plz", "ort", "kostenlos"]:
        assert (3, column) in problems, column
    with scopes_disabled():
        assert not Offer.objects.exists()


def test_required_field_without_column_is_reported(editor: Client, centre, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    file = xlsx([["Kurs", "Caritasverband", "", "", "", "", "", "", "", "", ""]])
    url = mapping_url(upload(editor, centre, file, django_capture_on_commit_callbacks))
    mapping_page = editor.get(url)
    form = mapping_page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields} | {"title": ""}
    page = editor.post(url, data)
    assert page.status_code == 200 and "title" in page.context["form"].errors


def test_unreadable_file_is_reported_by_the_reading_job(
    editor: Client, centre, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    page = upload(editor, centre, SimpleUploadedFile("x.xlsx", b"PK\x03\x04broken"), django_capture_on_commit_callbacks)
    job = page.context["job"]
    assert job.result["ok"] is False and "next" not in job.result
    with translation.override(job.language):
        assert job.result["problems"][0]["message"] == str(_unreadable())
    assert not job.input_file  # the upload is not kept
    # The mapping step is not reachable for a file that could not be read.
    url = reverse("directory:staff_import_mapping", kwargs={"centre": centre.slug, "pk": job.pk})
    assert editor.get(url).status_code == 404


def test_the_upload_is_read_in_the_background_not_in_the_request(editor: Client, centre) -> None:  # type: ignore[no-untyped-def]
    """The request only stores the file: nothing reads it until the task runs (issue 20, item 1)."""
    with mock.patch("anlaufstelle.directory.transfer.read_table") as read_table:
        response = editor.post(reverse("directory:staff_import", kwargs={"centre": centre.slug}), {"file": xlsx([])})
    assert response.status_code == 302 and not read_table.called
    with scopes_disabled():
        job = BackgroundJob.objects.get()
    assert job.kind == "directory.import_read" and job.status == "queued" and job.input_file


def test_the_file_is_handed_on_once_and_removed_after_the_import(
    editor: Client, centre, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    file = xlsx([["Kurs", "Caritasverband", "", "counselling", "", "", "", "", "", "ja", ""]])
    page = upload(editor, centre, file, django_capture_on_commit_callbacks)
    read = page.context["job"]
    stored = read.input_file.name
    assert stored and default_storage.exists(stored)  # kept for the mapping step
    job = run_mapping(editor, mapping_url(page), django_capture_on_commit_callbacks)
    assert job.result["ok"] is True and job.result["created"] == 1
    assert not job.input_file and not default_storage.exists(stored)
    with scopes_disabled():
        read.refresh_from_db()
    assert not read.input_file
    # Submitting the columns again starts nothing new.
    again = editor.post(mapping_url(page), {"title": "angebot", "provider": "träger"})
    assert again.status_code == 302 and again["Location"].endswith(f"/{job.pk}/")
    with scopes_disabled():
        assert Offer.objects.count() == 1


def run_mapping(editor: Client, url: str, capture):  # type: ignore[no-untyped-def]
    form = editor.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    with capture(execute=True):
        response = editor.post(url, data)
    return editor.get(response["Location"]).context["job"]


@pytest.mark.security
def test_a_decompression_bomb_is_refused_with_its_message_and_nothing_imported(
    editor: Client, centre, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from anlaufstelle.core.tests.factories import sheet_of
    from anlaufstelle.core.tests.factories import xlsx as raw_xlsx

    cells = '<c t="inlineStr"><is><t>x</t></is></c>' * 10_000
    bomb = raw_xlsx(sheet_of('<row r="1">', *([cells] * 300), "</row>"))
    page = upload(editor, centre, SimpleUploadedFile("angebote.xlsx", bomb), django_capture_on_commit_callbacks)
    job = page.context["job"]
    assert job.result["ok"] is False and "next" not in job.result
    with translation.override(job.language):
        expected = str(_too_many_columns(Limits.from_settings(), 1, 201))
    assert job.result["problems"][0]["message"] == expected
    assert escape(expected) in page.content.decode()
    assert not job.input_file
    with scopes_disabled():
        assert not Offer.objects.exists()

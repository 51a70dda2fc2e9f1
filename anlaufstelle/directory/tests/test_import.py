"""Importing the KI's existing offer list: mapping with suggestions, all rows or none, a clear report."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django_scopes import scope, scopes_disabled
from openpyxl import Workbook

from anlaufstelle.core.roles import Role
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


def run(editor: Client, centre, file, capture, **mapping_overrides):  # type: ignore[no-untyped-def]
    response = editor.post(reverse("directory:staff_import", kwargs={"centre": centre.slug}), {"file": file})
    assert response.status_code == 302, response.content
    mapping_page = editor.get(response["Location"])
    form = mapping_page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields} | mapping_overrides
    with capture(execute=True):
        response = editor.post(response["Location"], data)
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
    response = editor.post(reverse("directory:staff_import", kwargs={"centre": centre.slug}), {"file": file})
    mapping_page = editor.get(response["Location"])
    form = mapping_page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields} | {"title": ""}
    page = editor.post(response["Location"], data)
    assert page.status_code == 200 and "title" in page.context["form"].errors


def test_unreadable_file_is_refused_at_upload(editor: Client, centre) -> None:  # type: ignore[no-untyped-def]
    response = editor.post(
        reverse("directory:staff_import", kwargs={"centre": centre.slug}),
        {"file": SimpleUploadedFile("x.xlsx", b"PK\x03\x04broken")},
    )
    assert response.status_code == 422 and "file" in response.context["form"].errors

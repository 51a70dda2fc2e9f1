"""Barcode labels: a PDF sheet with the Code 128 symbol, the barcode, shelf mark and short title."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from anlaufstelle.core.tests.pdftext import pdf_text
from anlaufstelle.library import labels
from anlaufstelle.library.tests.factories import librarian, make_copy, make_title

pytestmark = pytest.mark.django_db


def _url(centre, pk: int) -> str:  # type: ignore[no-untyped-def]
    return reverse("library:labels", kwargs={"centre": centre.slug, "pk": pk})


def test_the_label_sheet_holds_barcodes_and_shelf_marks_of_all_or_picked_copies(centre, login) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        title = make_title(centre, "Sprachschätze : Ein Bilderbuch")
        first = make_copy(title, "LAB-0001", shelf_mark="DaZ 4.1")
        make_copy(title, "LAB-0002", shelf_mark="DaZ 4.2")
        other = make_copy(make_title(centre, "Anderes Buch"), "LAB-9999", shelf_mark="X 1")
        staff = librarian(centre)
    client = login(staff)
    response = client.get(_url(centre, title.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for value in ("LAB-0001", "LAB-0002", "DaZ 4.1", "DaZ 4.2", "Sprachschätze"):
        assert value in text
    assert "LAB-9999" not in text and "Ein Bilderbuch" not in text
    picked = pdf_text(client.get(_url(centre, title.pk), {"copy": first.pk, "skip": 5}).content)
    assert "LAB-0001" in picked and "LAB-0002" not in picked
    # A copy of another title, or an id that is not one, is not found.
    assert client.get(_url(centre, title.pk), {"copy": other.pk}).status_code == 404
    assert client.get(_url(centre, title.pk), {"copy": "x"}).status_code == 404


def test_the_barcode_is_drawn_as_code_128_and_a_non_ascii_barcode_prints_as_text() -> None:
    image = labels.code128_svg("LAB-0001")
    assert image.startswith("data:image/svg+xml;base64,")
    assert labels.code128_svg("Bücher-€") == ""
    assert labels.short_title("A" * 80).endswith("…") and len(labels.short_title("A" * 80)) == 60

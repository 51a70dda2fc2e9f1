"""The library pages: cataloguing with a bad ISBN, the desk by barcode (unknown barcode, a copy not lent,
a kit with a missing part), the public catalogue with its search and schema.org Book."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from anlaufstelle.library.models import Copy, KitComponent, Loan, Title
from anlaufstelle.library.tests.factories import make_borrower, make_copy, make_library, make_title

pytestmark = pytest.mark.django_db


def _u(name: str, centre, **kwargs) -> str:  # type: ignore[no-untyped-def]
    return reverse(f"library:{name}", kwargs={"centre": centre.slug, **kwargs})


def test_a_title_with_an_invalid_isbn_is_refused_on_the_form(centre, login) -> None:  # type: ignore[no-untyped-def]
    library = make_library(centre)
    client = login(library.librarian)
    data = {"title": "Sprachschätze", "isbn": "978-3-16-148410-1", "media_type": "book", "summary_de": "Wortschatz"}
    response = client.post(_u("title_create", centre), data)
    assert response.status_code == 422
    assert "978-3-16-148410-1" in response.content.decode()
    response = client.post(_u("title_create", centre), {**data, "isbn": "3-16-148410-X", "languages": ["de", "tr"]})
    assert response.status_code == 302, re.findall(r'role="alert".{0,300}', response.content.decode(), re.S)
    with scopes_disabled():
        title = Title.objects.get(centre=centre, title="Sprachschätze")
    assert title.isbn == "9783161484100" and title.languages == "|de|tr|"
    page = client.get(_u("title", centre, pk=title.pk)).content.decode()
    assert "978-3-16-148410-0" in page and "Wortschatz" in page


def test_the_desk_lends_by_barcode_and_answers_bad_input_with_a_message(centre, login) -> None:  # type: ignore[no-untyped-def]
    library = make_library(centre)
    client = login(library.librarian)
    assert client.get(_u("desk", centre)).status_code == 200
    response = client.post(_u("check_out", centre), {"borrower": library.borrower.pk, "barcode": "NOPE-1"})
    assert response.status_code == 422 and "NOPE-1" in response.content.decode()
    response = client.post(_u("check_in", centre), {"barcode": f"{centre.slug}-0002"})
    assert response.status_code == 422
    assert _("This copy is not lent; there is nothing to check in.") in response.content.decode()
    response = client.post(_u("check_out", centre), {"borrower": "x", "barcode": ""})
    assert response.status_code == 422
    response = client.post(_u("check_out", centre), {"borrower": library.borrower.pk, "barcode": f"{centre.slug}-0002"})
    assert response.status_code == 302
    response = client.post(_u("check_in", centre), {"barcode": f"{centre.slug}-0002"})
    assert response.status_code == 302
    with scopes_disabled():
        assert Loan.objects.filter(copy__barcode=f"{centre.slug}-0002", returned_at__isnull=False).count() == 1


def test_a_kit_with_a_missing_part_comes_back_only_once_the_part_is_marked_lost(centre, login) -> None:  # type: ignore[no-untyped-def]
    library = make_library(centre)
    client = login(library.librarian)
    barcode = library.kit.barcode
    # The kit is kept for the hold in the factory; the hold's borrower takes it.
    response = client.post(_u("check_out", centre), {"borrower": library.hold.borrower_id, "barcode": barcode})
    assert response.status_code == 302
    checklist = client.post(_u("check_in", centre), {"barcode": barcode})
    assert checklist.status_code == 200 and "20 Bildkarten" in checklist.content.decode()
    refused = client.post(_u("check_in", centre), {"barcode": barcode, "checklist": "1"})
    assert refused.status_code == 422 and "20 Bildkarten" in refused.content.decode()
    with scopes_disabled():
        assert Loan.objects.filter(copy=library.kit, returned_at__isnull=True).exists()
    done = client.post(_u("check_in", centre), {"barcode": barcode, "checklist": "1", "lost": [library.component.pk]})
    assert done.status_code == 302
    with scopes_disabled():
        assert not Loan.objects.filter(copy=library.kit, returned_at__isnull=True).exists()
        assert KitComponent.objects.get(pk=library.component.pk).lost_on is not None


def test_a_foreign_centres_copy_is_unknown_at_the_desk(centre, other_centre, login) -> None:  # type: ignore[no-untyped-def]
    library = make_library(centre)
    with scopes_disabled():
        make_copy(make_title(other_centre), "FREMD-1")
    client = login(library.librarian)
    response = client.post(_u("check_out", centre), {"borrower": library.borrower.pk, "barcode": "FREMD-1"})
    assert response.status_code == 422
    with scopes_disabled():
        other = make_borrower(other_centre)
    response = client.post(_u("check_out", centre), {"borrower": other.pk, "barcode": f"{centre.slug}-0002"})
    assert response.status_code == 422
    with scopes_disabled():
        assert not Loan.objects.filter(borrower=other).exists()


def test_a_copy_with_a_taken_barcode_is_refused(centre, login) -> None:  # type: ignore[no-untyped-def]
    library = make_library(centre)
    client = login(library.librarian)
    response = client.post(
        _u("copy_create", centre, pk=library.title.pk), {"barcode": library.copy.barcode, "condition": "good"}
    )
    assert response.status_code == 422
    with scopes_disabled():
        assert Copy.objects.filter(barcode=library.copy.barcode).count() == 1


def test_the_public_catalogue_searches_and_shows_a_book_as_json_ld(centre, client) -> None:  # type: ignore[no-untyped-def]
    library = make_library(centre)
    with scopes_disabled():
        make_title(centre, "Versteckter Titel", public=False)
    page = client.get(_u("public_catalogue", centre)).content.decode()
    assert library.title.title in page and "Versteckter Titel" not in page
    found = client.get(
        _u("public_catalogue", centre), {"q": "Bilderwörterbuch", "language": "ar", "topic": library.topic.pk}
    )
    assert library.title.title in found.content.decode()
    kits = client.get(_u("public_catalogue", centre), {"media_type": "kit"}).content.decode()
    assert library.title.title not in kits and library.kit_title.title in kits
    bad = client.get(_u("public_catalogue", centre), {"age": "zehn", "topic": "999999999999999999999"})
    assert bad.status_code == 200
    detail = client.get(_u("public_title", centre, pk=library.title.pk)).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', detail, re.S).group(1))  # type: ignore[union-attr]
    assert data["@type"] == "Book" and data["isbn"] == "9783161484100" and data["inLanguage"] == ["ar", "de"]
    assert data["about"] == ["Mehrsprachigkeit"]
    with scopes_disabled():
        hidden = Title.objects.get(title="Versteckter Titel")
    assert client.get(_u("public_title", centre, pk=hidden.pk)).status_code == 404


def test_a_borrower_is_registered_from_a_known_person(centre, login) -> None:  # type: ignore[no-untyped-def]
    library = make_library(centre)
    client = login(library.librarian)
    response = client.post(_u("borrowers", centre), {"user": library.librarian.pk})
    assert response.status_code == 302
    twice = client.post(_u("borrowers", centre), {"user": library.librarian.pk})
    assert twice.status_code == 422
    none = client.post(_u("borrowers", centre), {})
    assert none.status_code == 422


def test_a_borrower_gets_an_art_15_export_and_is_erased_with_loans_kept(centre, login) -> None:  # type: ignore[no-untyped-def]
    library = make_library(centre)
    client = login(library.librarian)
    export = client.get(_u("borrower_access", centre, pk=library.borrower.pk))
    assert export.status_code == 200
    assert export.json()["loans"][0]["barcode"] == library.copy.barcode
    assert client.post(_u("borrower_erase", centre, pk=library.borrower.pk), {}).status_code == 302
    response = client.post(_u("borrower_erase", centre, pk=library.borrower.pk), {"reason": "request"})
    assert response.status_code == 302
    with scopes_disabled():
        loan = Loan.objects.get(pk=library.loan.pk)
        assert loan.borrower_id is None and loan.borrower_kind == "contact"
    assert client.get(_u("desk", centre)).status_code == 200
    assert client.get(_u("copy", centre, pk=library.copy.pk)).status_code == 200
    # The copy of an erased borrower still comes back.
    assert client.post(_u("check_in", centre), {"barcode": library.copy.barcode}).status_code == 302


def test_erasing_the_contact_person_in_the_partner_register_keeps_the_loans(centre) -> None:  # type: ignore[no-untyped-def]
    library = make_library(centre)
    with scopes_disabled():
        library.borrower.contact.delete()  # as the partner register's erasure does
        loan = Loan.objects.get(pk=library.loan.pk)
    assert loan.borrower_id is None


def test_figures_count_loans_per_month_kind_and_topic_and_name_titles_never_lent(
    centre, login, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    library = make_library(centre)
    client = login(library.librarian)
    with django_assert_max_num_queries(25):
        page = client.get(_u("figures", centre)).content.decode()
    assert "Mehrsprachigkeit" in page and library.kit_title.title in page
    assert client.get(_u("figures", centre), {"year": "bad"}).status_code == 200
    from anlaufstelle.library.figures import tables

    with scopes_disabled():
        result = {table.id: list(table.rows) for table in tables(centre=centre, year=timezone.localdate().year)}
    assert sum(n for _month, n in result["loans-per-month"]) == 1
    assert result["loans-per-topic"] == [["Mehrsprachigkeit", 1]]
    assert [row[0] for row in result["never-lent"]] == [library.kit_title.title]


def test_the_public_catalogue_shows_a_new_title_at_once(
    centre, client, login, settings, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client

    settings.PUBLIC_CACHE_SECONDS = 300
    library = make_library(centre)
    assert "Neue Sprachkiste" not in Client().get(_u("public_catalogue", centre)).content.decode()
    staff = login(library.librarian)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            _u("title_create", centre), {"title": "Neue Sprachkiste", "media_type": "kit", "public": "on"}
        )
    assert response.status_code == 302
    assert "Neue Sprachkiste" in Client().get(_u("public_catalogue", centre)).content.decode()

"""A translation made before the German text last changed is marked as outdated wherever the
public reads it (offer page, centre page, text pages, HSDS API), with a link to the German text.
See docs/decisions/0004-translations-of-editable-content.md."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import translation
from django_scopes import scope, scopes_disabled

from anlaufstelle.core.actions import centre_content_update
from anlaufstelle.core.translation import pick_translation
from anlaufstelle.directory.actions import offer_save
from anlaufstelle.directory.models import OfferTranslation
from anlaufstelle.directory.tests.factories import make_offer

OUTDATED = "This translation was made before the German text last changed and may be out of date."


def arabic(msgid: str) -> str:
    """The notice as an Arabic reader sees it (the pages under test are Arabic)."""
    with translation.override("ar"):
        return translation.gettext(msgid)


@pytest.fixture
def offer(centre):  # type: ignore[no-untyped-def]
    return make_offer(
        centre,
        "Elterncafé",
        texts={
            "de": {"title": "Elterncafé", "opening_hours": "Jeden Samstag 10–12 Uhr"},
            "ar": {"title": "مقهى الآباء", "opening_hours": "كل يوم سبت"},
        },
    )


def change_german(centre, offer, **texts: str) -> None:  # type: ignore[no-untyped-def]
    # Run the commit hooks (they move the public page cache to a new version).
    with scope(centre=centre), TestCase.captureOnCommitCallbacks(execute=True):
        rows = {row.language: row.texts() for row in offer.translations.all()}
        rows["de"].update(texts)
        offer_save(centre=centre, actor=None, offer=offer, data={}, texts={"de": rows["de"]})


def offer_page(client: Client, centre, offer, language: str) -> str:  # type: ignore[no-untyped-def]
    with translation.override("de"):
        url = reverse("directory:offer", kwargs={"centre": centre.slug, "pk": offer.pk})
    response = client.get(f"/{language}{url}" if language != "de" else url)
    assert response.status_code == 200
    return response.content.decode()


def test_pick_translation_flags_an_outdated_row(centre, offer) -> None:  # type: ignore[no-untyped-def]
    fields = OfferTranslation.translated_fields
    with scopes_disabled():
        assert not pick_translation(offer.translations.all(), "ar", fields).outdated
        change_german(centre, offer, opening_hours="Jeden Mittwoch 10–12 Uhr")
        offer.refresh_from_db()
        rows = list(offer.translations.all())
    text = pick_translation(rows, "ar", fields)
    assert text.outdated and not text.machine
    assert not pick_translation(rows, "de", fields).outdated
    # A language without its own row shows German only: nothing there can be outdated.
    assert not pick_translation(rows, "uk", fields).outdated


def test_offer_page_marks_an_outdated_translation_and_links_to_german(client: Client, centre, offer) -> None:  # type: ignore[no-untyped-def]
    assert arabic(OUTDATED) not in offer_page(client, centre, offer, "ar")
    change_german(centre, offer, opening_hours="Jeden Mittwoch 10–12 Uhr")
    html = offer_page(client, centre, offer, "ar")
    assert 'class="outdated-translation' in html
    assert arabic(OUTDATED) in html  # in the reader's language
    with translation.override("de"):
        german = reverse("directory:offer", kwargs={"centre": centre.slug, "pk": offer.pk})
    assert f'href="{german}" hreflang="de"' in html
    # The German page itself carries no such notice.
    assert 'class="outdated-translation' not in offer_page(client, centre, offer, "de")


def test_machine_translation_keeps_its_own_notice_and_is_not_called_outdated(client: Client, centre, offer) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        OfferTranslation.objects.filter(offer=offer, language="ar").update(machine_translated=True, source_digest="x")
    html = offer_page(client, centre, offer, "ar")
    assert 'class="outdated-translation' not in html


def test_reviewing_the_translation_removes_the_mark(client: Client, centre, offer) -> None:  # type: ignore[no-untyped-def]
    change_german(centre, offer, opening_hours="Jeden Mittwoch 10–12 Uhr")
    with scope(centre=centre), TestCase.captureOnCommitCallbacks(execute=True):
        offer_save(
            centre=centre,
            actor=None,
            offer=offer,
            data={},
            texts={"ar": {"title": "مقهى الآباء", "opening_hours": "كل يوم أربعاء"}},
        )
    assert 'class="outdated-translation' not in offer_page(client, centre, offer, "ar")


def test_centre_page_and_text_pages_mark_outdated_translations(client: Client, centre, admin_user: Any) -> None:  # type: ignore[no-untyped-def]
    with scope(centre=centre):
        centre_content_update(
            centre=centre, language="de", data={"about": "Wir beraten.", "legal_notice": "Impressum"}, actor=admin_user
        )
        centre_content_update(
            centre=centre,
            language="ar",
            data={"about": "نحن نقدم المشورة.", "legal_notice": "بيانات"},
            actor=admin_user,
        )
    home = f"/ar{reverse('core:centre', kwargs={'centre': centre.slug})}"
    legal = f"/ar{reverse('core:legal', kwargs={'centre': centre.slug})}"
    assert 'class="outdated-translation' not in client.get(home).content.decode()
    with scope(centre=centre), TestCase.captureOnCommitCallbacks(execute=True):
        centre_content_update(
            centre=centre,
            language="de",
            data={"about": "Wir beraten mittwochs.", "legal_notice": "Impressum"},
            actor=admin_user,
        )
    for url in (home, legal):
        html = client.get(url).content.decode()
        assert 'class="outdated-translation' in html, url
        assert arabic(OUTDATED) in html


def test_hsds_flags_outdated_and_machine_translations(client: Client, centre, offer) -> None:  # type: ignore[no-untyped-def]
    from anlaufstelle.directory.hsds import hsds_id

    url = reverse("hsds:service", kwargs={"centre": centre.slug, "pk": hsds_id(centre, "service", offer.pk)})
    assert client.get(url).json()["x_translations"]["ar"]["x_status"] == "current"
    change_german(centre, offer, opening_hours="Jeden Mittwoch 10–12 Uhr")
    assert client.get(url).json()["x_translations"]["ar"]["x_status"] == "outdated"
    with scopes_disabled():
        OfferTranslation.objects.filter(offer=offer, language="ar").update(machine_translated=True)
    assert client.get(url).json()["x_translations"]["ar"]["x_status"] == "machine"


@pytest.fixture
def admin_user(centre, member_factory):  # type: ignore[no-untyped-def]
    from anlaufstelle.core.roles import Role

    return member_factory(centre, Role.CENTRE_ADMIN)

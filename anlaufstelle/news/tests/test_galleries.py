"""Galleries: photos with alt text per language and the basis on which the people shown may be
published. Nothing with recognisable people is public without a basis (not even by a centre
admin); withdrawn consent takes a photo down at once and lists it for deletion."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override
from django_scopes import scope, scopes_disabled
from PIL import Image

from anlaufstelle.core.models import AuditEntry
from anlaufstelle.core.roles import Role
from anlaufstelle.core.tests.budget import query_budget
from anlaufstelle.news import actions
from anlaufstelle.news.consent import publishing_problem
from anlaufstelle.news.models import Gallery, Photo
from anlaufstelle.news.tests.factories import jpeg_with_gps, make_gallery

pytestmark = pytest.mark.django_db


def url(name: str, centre, language: str = "de", **kwargs) -> str:  # type: ignore[no-untyped-def]
    with override(language):
        return reverse(f"news:{name}", kwargs={"centre": centre.slug, **kwargs})


def _photo(**fields) -> Photo:  # type: ignore[no-untyped-def]
    defaults = {"identifiable_people": True, "children_shown": False, "basis": "none", "guardian_consent": False}
    return Photo(**{**defaults, **fields})


# --- The rule ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "alt", "ok"),
    [
        ({}, "Saal", False),  # recognisable people, no basis
        ({"identifiable_people": False}, "Saal", True),  # nobody recognisable
        ({"identifiable_people": False}, "", False),  # no German alt text
        ({"basis": "consent", "consent_reference": "Akte 3"}, "Saal", True),
        ({"basis": "consent"}, "Saal", False),  # where is the signed form?
        ({"basis": "public_gathering"}, "Saal", True),
        ({"basis": "public_gathering", "children_shown": True}, "Saal", False),  # children need guardians
        ({"basis": "consent", "consent_reference": "A", "children_shown": True}, "Saal", False),
        (
            {"basis": "consent", "consent_reference": "A", "children_shown": True, "guardian_consent": True},
            "Saal",
            True,
        ),
        ({"identifiable_people": False, "consent_withdrawn_at": timezone.now()}, "Saal", False),
    ],
)
def test_the_consent_rule(fields, alt: str, ok: bool) -> None:  # type: ignore[no-untyped-def]
    assert (publishing_problem(_photo(**fields), german_alt=alt) is None) is ok


# --- Actions ----------------------------------------------------------------------------


def test_a_gallery_with_a_photo_without_basis_cannot_be_published_not_even_by_a_centre_admin(
    centre, member_factory, login
) -> None:  # type: ignore[no-untyped-def]
    gallery = make_gallery(centre, "DaZ-Tag", photos=2, ready=False, published=False)
    client = login(member_factory(centre, Role.CENTRE_ADMIN))
    response = client.post(url("gallery_publish", centre, pk=gallery.pk), follow=True)
    assert response.status_code == 200
    with scopes_disabled():
        gallery.refresh_from_db()
        assert gallery.status == Gallery.Status.DRAFT
    assert Client().get(url("gallery", centre, pk=gallery.pk)).status_code == 404


def test_a_change_that_leaves_a_public_photo_without_basis_is_refused(centre) -> None:  # type: ignore[no-untyped-def]
    gallery = make_gallery(centre, "Fest")
    with scope(centre=centre):
        photo = gallery.photos.get()
        with pytest.raises(actions.NewsRefused):
            actions.photo_save(photo=photo, actor=None, data={"basis": "none"}, texts={})
        photo.refresh_from_db()
        assert photo.basis == "consent"


def test_withdrawal_takes_the_photo_down_at_once_and_lists_it(centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    gallery = make_gallery(centre, "Ausstellung", photos=2)
    with scopes_disabled():
        first, second = gallery.photos.order_by("position")
    visitor = Client()
    assert visitor.get(url("photo", centre, pk=first.pk)).status_code == 200
    editor = login(member_factory(centre, Role.EDITOR))
    assert editor.post(url("photo_withdraw", centre, pk=first.pk)).status_code == 302
    assert visitor.get(url("photo", centre, pk=first.pk)).status_code == 404
    page = visitor.get(url("gallery", centre, pk=gallery.pk)).content.decode()
    assert f'data-photo="{first.pk}"' not in page and f'data-photo="{second.pk}"' in page
    listing = editor.get(url("gallery_list", centre)).content.decode()
    assert f'data-take-down="{first.pk}"' in listing
    with scopes_disabled():
        assert AuditEntry.objects.filter(action="news.photo.consent_withdrawn", target_id=str(first.pk)).exists()
    editor.post(url("photo_delete", centre, pk=first.pk))
    assert f'data-take-down="{first.pk}"' not in editor.get(url("gallery_list", centre)).content.decode()
    with scopes_disabled():
        assert not Photo.objects.filter(pk=first.pk).exists()


def test_moving_a_photo_swaps_it_with_its_neighbour(centre) -> None:  # type: ignore[no-untyped-def]
    gallery = make_gallery(centre, "Reihe", photos=3, published=False)
    with scope(centre=centre):
        a, b, c = gallery.photos.order_by("position")
        actions.photo_move(photo=c, actor=None, step=-1)  # type: ignore[arg-type]
        assert list(gallery.photos.order_by("position")) == [a, c, b]
        actions.photo_move(photo=a, actor=None, step=-1)  # type: ignore[arg-type]  # already first
        assert list(gallery.photos.order_by("position")) == [a, c, b]


# --- Upload -----------------------------------------------------------------------------


def test_several_photos_at_once_lose_their_metadata(  # type: ignore[no-untyped-def]
    centre, member_factory, login, django_capture_on_commit_callbacks
) -> None:
    gallery = make_gallery(centre, "Leer", photos=0, ready=False, published=False)
    editor = login(member_factory(centre, Role.EDITOR))
    files = [SimpleUploadedFile(f"IMG_{n}.jpg", jpeg_with_gps(), content_type="image/jpeg") for n in range(3)]
    with django_capture_on_commit_callbacks(execute=True):  # the job runs once the upload committed
        response = editor.post(url("gallery_upload", centre, pk=gallery.pk), {"photos": files})
    assert response.status_code == 302
    with scopes_disabled():
        photos = list(gallery.photos.order_by("position"))
        assert [p.position for p in photos] == [1, 2, 3]
        for photo in photos:
            data = photo.picture.read()
            assert b"Phone 15 Pro" not in data
            with Image.open(io.BytesIO(data)) as image:
                assert not image.getexif()
            assert photo.basis == "none"  # no basis until the editor records one


def test_one_bad_file_refuses_the_whole_upload_and_names_it(centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    gallery = make_gallery(centre, "Leer", photos=0, ready=False, published=False)
    editor = login(member_factory(centre, Role.EDITOR))
    files = [
        SimpleUploadedFile("gut.jpg", jpeg_with_gps(), content_type="image/jpeg"),
        SimpleUploadedFile("kaputt.jpg", b"not a picture", content_type="image/jpeg"),
    ]
    response = editor.post(url("gallery_upload", centre, pk=gallery.pk), {"photos": files})
    assert response.status_code == 200
    assert "kaputt.jpg" in response.content.decode()
    with scopes_disabled():
        assert not gallery.photos.exists()


def test_the_photo_form_records_alt_text_per_language_and_consent(centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    gallery = make_gallery(centre, "Fest", ready=False, published=False)
    with scopes_disabled():
        photo = gallery.photos.get()
    editor = login(member_factory(centre, Role.EDITOR))
    response = editor.post(
        url("photo_edit", centre, pk=photo.pk),
        {
            "identifiable_people": "on",
            "basis": "consent",
            "consent_reference": "Ordner Einwilligungen 2026, Nr. 4",
            "de-alt_text": "Zwei Frauen am Infostand",
            "ar-alt_text": "امرأتان عند كشك المعلومات",
        },
    )
    assert response.status_code == 302
    assert editor.post(url("gallery_publish", centre, pk=gallery.pk)).status_code == 302
    page = Client().get(url("gallery", centre, "ar", pk=gallery.pk)).content.decode()
    assert 'alt="امرأتان عند كشك المعلومات"' in page


# --- Public -----------------------------------------------------------------------------


def test_public_gallery_page_json_ld_and_constant_queries(client: Client, centre, other_centre) -> None:  # type: ignore[no-untyped-def]
    gallery = make_gallery(centre, "Eins", photos=1)
    with query_budget() as one:
        page = client.get(url("gallery", centre, pk=gallery.pk)).content.decode()
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)  # type: ignore[union-attr]
    data = json.loads(raw)
    assert data["@type"] == "ImageGallery" and data["name"] == "Eins"
    assert data["image"][0]["description"] == "Foto 1 von Eins"
    bigger = make_gallery(centre, "Viele", photos=6)
    with query_budget(one.count):
        client.get(url("gallery", centre, pk=bigger.pk))
    with query_budget() as few:
        client.get(url("galleries", centre))
    make_gallery(centre, "Noch eine", photos=3)
    with query_budget(few.count):
        client.get(url("galleries", centre))
    foreign = make_gallery(other_centre, "Fremd")
    assert client.get(url("gallery", centre, pk=foreign.pk)).status_code == 404

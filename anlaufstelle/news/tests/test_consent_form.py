"""The scanned consent form: uploaded with the photo's consent record, stored privately, opened
only by the centre's editors, never public, deleted with the photo and by retention."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override
from django_scopes import scope, scopes_disabled
from PIL import Image

from anlaufstelle.core.roles import Role
from anlaufstelle.news import actions
from anlaufstelle.news.models import Photo
from anlaufstelle.news.tests.factories import jpeg_with_gps, make_gallery

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def url(name: str, centre, **kwargs) -> str:  # type: ignore[no-untyped-def]
    with override("de"):
        return reverse(f"news:{name}", kwargs={"centre": centre.slug, **kwargs})


def post_photo(editor: Client, centre, photo: Photo, scan) -> object:  # type: ignore[no-untyped-def]
    return editor.post(
        url("photo_edit", centre, pk=photo.pk),
        {
            "identifiable_people": "on",
            "basis": "consent",
            "consent_reference": "Ordner 2026, Nr. 4",
            "de-alt_text": "Zwei Frauen am Infostand",
            "consent_scan": scan,
        },
    )


def test_the_scan_is_stored_privately_and_only_editors_open_it(centre, other_centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    gallery = make_gallery(centre, "Fest", ready=False, published=False)
    with scopes_disabled():
        photo = gallery.photos.get()
    editor = login(member_factory(centre, Role.EDITOR))
    response = post_photo(editor, centre, photo, SimpleUploadedFile("Einwilligung Yilmaz.pdf", PDF))
    assert response.status_code == 302
    with scopes_disabled():
        photo.refresh_from_db()
    name = photo.consent_form.name
    assert name.startswith("private/news/consent/") and "Yilmaz" not in name
    opened = editor.get(url("photo_consent_form", centre, pk=photo.pk))
    assert opened.status_code == 200 and b"".join(opened.streaming_content) == PDF  # type: ignore[attr-defined]
    assert opened["Content-Disposition"].startswith("attachment")
    assert opened["Cache-Control"] == "private, no-store"
    public = Client()
    assert public.get(url("photo_consent_form", centre, pk=photo.pk)).status_code in (302, 403)
    assert public.get(f"/media/{name}").status_code == 404  # media files are never served directly
    page = public.get(url("photo", centre, pk=photo.pk))
    assert page.status_code == 404  # the gallery is a draft
    foreign = login(member_factory(other_centre, Role.EDITOR))
    foreign_url = reverse("news:photo_consent_form", kwargs={"centre": other_centre.slug, "pk": photo.pk})
    assert foreign.get(foreign_url).status_code == 404


def test_a_photographed_form_loses_its_location_and_other_files_are_refused(centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    gallery = make_gallery(centre, "Fest", ready=False, published=False)
    with scopes_disabled():
        photo = gallery.photos.get()
    editor = login(member_factory(centre, Role.EDITOR))
    refused = post_photo(editor, centre, photo, SimpleUploadedFile("form.docx", b"PK\x03\x04word"))
    assert refused.status_code == 200
    with scopes_disabled():
        assert not Photo.objects.get(pk=photo.pk).consent_form
    assert post_photo(editor, centre, photo, SimpleUploadedFile("form.jpg", jpeg_with_gps())).status_code == 302
    with scopes_disabled():
        data = Photo.objects.get(pk=photo.pk).consent_form.read()
    assert b"Phone 15 Pro" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif().get_ifd(0x8825)


def test_the_scan_goes_with_the_photo_and_a_refused_change_keeps_no_new_scan(
    centre, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    gallery = make_gallery(centre, "Fest", published=True)
    with scopes_disabled():
        photo = gallery.photos.get()
    before = (
        set(default_storage.listdir("private/news/consent")[1])
        if default_storage.exists("private/news/consent")
        else set()
    )
    with scope(centre=centre), pytest.raises(actions.NewsRefused):  # a public photo cannot lose its basis
        actions.photo_save(
            photo=photo,
            actor=None,
            data={"basis": "none"},
            texts={},
            consent_form=SimpleUploadedFile("scan.pdf", PDF),
        )
    after = (
        set(default_storage.listdir("private/news/consent")[1])
        if default_storage.exists("private/news/consent")
        else set()
    )
    assert after == before
    with scope(centre=centre):
        actions.photo_save(photo=photo, actor=None, data={}, texts={}, consent_form=SimpleUploadedFile("scan.pdf", PDF))
    with scopes_disabled():
        photo.refresh_from_db()
    names = photo.stored_files()
    assert photo.consent_form.name in names and all(default_storage.exists(n) for n in names)
    with django_capture_on_commit_callbacks(execute=True), scope(centre=centre):
        actions.photo_delete(photo=photo, actor=None)  # type: ignore[arg-type]
    assert not any(default_storage.exists(n) for n in names)


def test_retention_deletes_withdrawn_photos_with_their_scan(centre, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    from anlaufstelle.core.retention import apply_retention

    gallery = make_gallery(centre, "Fest", photos=2, published=True)
    with scopes_disabled():
        first, second = gallery.photos.order_by("position")
    with scope(centre=centre):
        actions.photo_save(photo=first, actor=None, data={}, texts={}, consent_form=SimpleUploadedFile("s.pdf", PDF))
    with scopes_disabled():
        first.refresh_from_db()
        Photo.objects.filter(pk=first.pk).update(consent_withdrawn_at=timezone.now() - datetime.timedelta(days=31))
        Photo.objects.filter(pk=second.pk).update(consent_withdrawn_at=timezone.now() - datetime.timedelta(days=3))
    names = first.stored_files()
    with django_capture_on_commit_callbacks(execute=True):
        counts = apply_retention()
    assert counts["news.withdrawn_photos"] == 1
    assert not any(default_storage.exists(n) for n in names)
    with scopes_disabled():
        assert list(Photo.objects.values_list("pk", flat=True)) == [second.pk]

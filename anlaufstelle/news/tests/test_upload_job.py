"""Gallery uploads run in the task queue with a progress bar; files never outlive a rollback."""

from __future__ import annotations

import contextlib
import io
import os
import time

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scope, scopes_disabled
from PIL import Image

from anlaufstelle.core.models import BackgroundJob
from anlaufstelle.core.roles import Role
from anlaufstelle.news import actions
from anlaufstelle.news.files import sweep_orphans
from anlaufstelle.news.images import render_picture
from anlaufstelle.news.models import NewsItem, Photo
from anlaufstelle.news.tests.factories import jpeg_with_gps, make_gallery, make_news, picture_upload

pytestmark = pytest.mark.django_db


def stored_files() -> set[str]:
    names: set[str] = set()
    for folder in ("uploads/news", "private/news/consent"):
        with contextlib.suppress(FileNotFoundError):
            names.update(f"{folder}/{name}" for name in default_storage.listdir(folder)[1])
    return names


def upload(editor, centre, gallery, files, capture):  # type: ignore[no-untyped-def]
    with capture(execute=True):
        response = editor.post(
            reverse("news:gallery_upload", kwargs={"centre": centre.slug, "pk": gallery.pk}), {"photos": files}
        )
    return response


def test_the_upload_is_a_background_job_with_progress_and_responsive_sizes(  # type: ignore[no-untyped-def]
    centre, member_factory, login, django_capture_on_commit_callbacks
) -> None:
    gallery = make_gallery(centre, "Leer", photos=0, ready=False, published=False)
    editor = login(member_factory(centre, Role.EDITOR))
    files = [
        SimpleUploadedFile(f"IMG_{n}.jpg", jpeg_with_gps((1500, 1000)), content_type="image/jpeg") for n in range(3)
    ]
    response = upload(editor, centre, gallery, files, django_capture_on_commit_callbacks)
    with scopes_disabled():
        job = BackgroundJob.objects.get(kind="news.photos")
        assert response["Location"] == reverse("core:job", kwargs={"centre": centre.slug, "pk": job.pk})
        assert job.status == BackgroundJob.Status.DONE and job.result["ok"] is True and job.result["added"] == 3
        assert job.done_steps == job.total_steps == 4  # three photos prepared, then all stored
        assert not job.input_file  # the archive of the uploads is gone once read
        photos = list(gallery.photos.order_by("position"))
    assert len(photos) == 3
    progress = editor.get(response["Location"]).content.decode()
    assert (
        "<progress" in progress
        and reverse("news:gallery_edit", kwargs={"centre": centre.slug, "pk": gallery.pk}) in progress
    )
    photo = photos[0]
    assert (photo.width, photo.height) == (1500, 1000)
    assert sorted(photo.variants["webp"], key=int) == ["320", "640", "1280", "1500"]
    assert sorted(photo.variants["jpeg"], key=int) == ["320", "640", "1280"]
    for name in photo.stored_files():
        data = default_storage.open(name).read()
        assert b"Phone 15 Pro" not in data and b"PhoneMaker" not in data
        with Image.open(io.BytesIO(data)) as image:
            assert not image.getexif().get_ifd(0x8825)  # no GPS in any size or format


def test_a_bomb_is_refused_by_the_request_and_starts_no_job(centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    gallery = make_gallery(centre, "Leer", photos=0, ready=False, published=False)
    editor = login(member_factory(centre, Role.EDITOR))
    bomb = io.BytesIO()
    Image.new("1", (30_000, 30_000)).save(bomb, format="PNG", optimize=True)  # 900 megapixels, small file
    files = [
        SimpleUploadedFile("gut.jpg", jpeg_with_gps(), content_type="image/jpeg"),
        SimpleUploadedFile("bombe.png", bomb.getvalue(), content_type="image/png"),
    ]
    response = editor.post(
        reverse("news:gallery_upload", kwargs={"centre": centre.slug, "pk": gallery.pk}), {"photos": files}
    )
    assert response.status_code == 200 and "bombe.png" in response.content.decode()
    with scopes_disabled():
        assert not BackgroundJob.objects.filter(kind="news.photos").exists()


def test_a_file_only_decoding_finds_broken_refuses_the_whole_upload_in_the_job(  # type: ignore[no-untyped-def]
    centre, member_factory, login, django_capture_on_commit_callbacks
) -> None:
    gallery = make_gallery(centre, "Leer", photos=0, ready=False, published=False)
    editor = login(member_factory(centre, Role.EDITOR))
    whole = jpeg_with_gps()
    files = [
        SimpleUploadedFile("gut.jpg", whole, content_type="image/jpeg"),
        SimpleUploadedFile("halb.jpg", whole[: len(whole) // 2], content_type="image/jpeg"),  # header fine
    ]
    before = stored_files()
    upload(editor, centre, gallery, files, django_capture_on_commit_callbacks)
    with scopes_disabled():
        job = BackgroundJob.objects.get(kind="news.photos")
        assert job.result["ok"] is False
        assert [problem["row"] for problem in job.result["problems"]] == [2]
        assert "halb.jpg" in job.result["problems"][0]["message"]
        assert not gallery.photos.exists()
    assert stored_files() == before


def test_a_failure_while_storing_deletes_every_file_already_written(centre, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    gallery = make_gallery(centre, "Leer", photos=0, ready=False, published=False)
    pictures = [render_picture(picture_upload()) for _ in range(3)]
    before = stored_files()
    original = Photo.save
    calls = {"n": 0}

    def failing_save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("database went away")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Photo, "save", failing_save)
    with scope(centre=centre), pytest.raises(RuntimeError):
        actions.photos_add(gallery=gallery, actor=None, pictures=pictures)
    assert stored_files() == before  # two photos' files (and their sizes) were written, then removed
    with scopes_disabled():
        assert not Photo.objects.exists()


def test_a_refused_news_save_leaves_no_picture_file(centre) -> None:  # type: ignore[no-untyped-def]
    item = make_news(centre, "Mit Bild")  # published, no picture yet
    before = stored_files()
    from anlaufstelle.news.images import reencode_picture

    with scope(centre=centre), pytest.raises(actions.NewsRefused):  # a public picture needs its alt text
        actions.news_save(
            centre=centre,
            actor=None,
            data={},
            texts={"de": {"title": "Mit Bild"}},
            picture=reencode_picture(picture_upload()),
            item=item,
        )
    assert stored_files() == before
    with scopes_disabled():
        assert not NewsItem.objects.get(pk=item.pk).picture


def test_the_daily_sweep_removes_old_files_no_row_names(centre) -> None:  # type: ignore[no-untyped-def]
    gallery = make_gallery(centre, "Eins", photos=1)
    with scopes_disabled():
        kept = set(gallery.photos.get().stored_files())
    orphan = default_storage.save("uploads/news/orphan.jpg", io.BytesIO(b"x"))
    fresh = default_storage.save("uploads/news/fresh.jpg", io.BytesIO(b"x"))
    old = time.time() - 3 * 86400
    for name in [orphan, *kept]:
        os.utime(default_storage.path(name), (old, old))
    assert sweep_orphans() == 1
    assert not default_storage.exists(orphan)
    assert default_storage.exists(fresh)  # younger than a day: its transaction may still be open
    assert all(default_storage.exists(name) for name in kept)


def test_a_broken_picture_is_found_even_after_weasyprint_was_imported(centre) -> None:  # type: ignore[no-untyped-def]
    # WeasyPrint makes Pillow accept truncated images process-wide when it is imported (the task
    # worker also renders PDFs); the re-encoding must still refuse a half file.
    import weasyprint  # noqa: F401
    from django.core.exceptions import ValidationError
    from PIL import ImageFile

    whole = jpeg_with_gps()
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
    with pytest.raises(ValidationError):
        render_picture(SimpleUploadedFile("halb.jpg", whole[: len(whole) // 2], content_type="image/jpeg"))
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # left as it was

"""The news actions: texts per language with status, one pinned item, publishing rules, audit, cache."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django_scopes import scope

from anlaufstelle.core.models import AuditEntry
from anlaufstelle.core.public_cache import public_version
from anlaufstelle.core.roles import Role
from anlaufstelle.core.translation import TranslationStatus, translation_status
from anlaufstelle.news import actions
from anlaufstelle.news.images import reencode_picture
from anlaufstelle.news.models import NewsItem
from anlaufstelle.news.tests.factories import make_news, picture_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(centre, member_factory):  # type: ignore[no-untyped-def]
    return member_factory(centre, Role.EDITOR)


def test_save_writes_texts_per_language_and_an_audit_entry(centre, editor) -> None:  # type: ignore[no-untyped-def]
    with scope(centre=centre):
        item = actions.news_save(
            centre=centre,
            actor=editor,
            data={"tags": "|DaZ-Tag|"},
            texts={"de": {"title": "Rückblick DaZ-Tag", "teaser": "Viele kamen."}, "ar": {"title": "يوم"}},
        )
        rows = {row.language: row for row in item.translations.all()}
        assert set(rows) == {"de", "ar"}
        assert translation_status(rows["ar"], rows["de"]) == TranslationStatus.CURRENT
        assert item.status == NewsItem.Status.DRAFT
        assert item.tag_list() == ["DaZ-Tag"]
        entry = AuditEntry.objects.get(action="news.item.save")
        assert entry.actor == editor and entry.centre == centre
        assert entry.changes["texts_changed"] == [None, ["ar", "de"]]


def test_a_translation_becomes_outdated_when_the_german_text_changes(centre, editor) -> None:  # type: ignore[no-untyped-def]
    item = make_news(centre, "Ausstellung", texts={"de": {"title": "Ausstellung"}, "en": {"title": "Exhibition"}})
    with scope(centre=centre):
        actions.news_save(centre=centre, actor=editor, data={}, texts={"de": {"title": "Neue Ausstellung"}}, item=item)
        rows = {row.language: row for row in item.translations.all()}
        assert translation_status(rows["en"], rows["de"]) == TranslationStatus.OUTDATED


def test_pinning_one_item_takes_the_pin_from_the_other(centre, editor) -> None:  # type: ignore[no-untyped-def]
    first = make_news(centre, "Erste", pinned=True)
    second = make_news(centre, "Zweite")
    with scope(centre=centre):
        actions.news_save(centre=centre, actor=editor, data={"pinned": True}, texts={}, item=second)
        first.refresh_from_db()
        second.refresh_from_db()
        assert (first.pinned, second.pinned) == (False, True)
        third = actions.news_save(centre=centre, actor=editor, data={"pinned": True}, texts={"de": {"title": "Dritte"}})
        assert list(NewsItem.objects.filter(pinned=True)) == [third]


def test_pins_of_two_centres_do_not_touch(centre, other_centre, editor) -> None:  # type: ignore[no-untyped-def]
    make_news(other_centre, "Dort", pinned=True)
    make_news(centre, "Hier", pinned=True)
    with scope(centre=other_centre):
        assert NewsItem.objects.filter(pinned=True).count() == 1


def test_expiry_before_publication_is_refused(centre, editor) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    with scope(centre=centre), pytest.raises(actions.NewsRefused) as refused:
        actions.news_save(
            centre=centre,
            actor=editor,
            data={"publish_at": now, "expires_at": now - datetime.timedelta(days=1)},
            texts={"de": {"title": "Falsch herum"}},
        )
    assert refused.value.field == "expires_at"
    with scope(centre=centre):
        assert not NewsItem.objects.exists()


def test_publish_sets_the_time_and_is_audited(centre, editor) -> None:  # type: ignore[no-untyped-def]
    item = make_news(centre, "Neu", published=False, publish_at=None)
    now = timezone.now()
    with scope(centre=centre):
        published = actions.news_publish(item=item, actor=editor, now=now)
        assert published.status == NewsItem.Status.PUBLISHED
        assert published.publish_at == now
        assert AuditEntry.objects.filter(action="news.item.publish", actor=editor).exists()


def test_a_scheduled_time_is_kept_when_publishing(centre, editor) -> None:  # type: ignore[no-untyped-def]
    later = timezone.now() + datetime.timedelta(days=3)
    item = make_news(centre, "Später", published=False, publish_at=later)
    with scope(centre=centre):
        assert actions.news_publish(item=item, actor=editor).publish_at == later


def test_publishing_a_picture_without_german_alt_text_is_refused(centre, editor) -> None:  # type: ignore[no-untyped-def]
    with scope(centre=centre):
        item = actions.news_save(
            centre=centre,
            actor=editor,
            data={},
            texts={"de": {"title": "Mit Bild"}},
            picture=reencode_picture(picture_upload()),
        )
        with pytest.raises(actions.NewsRefused):
            actions.news_publish(item=item, actor=editor)
        item.refresh_from_db()
        assert item.status == NewsItem.Status.DRAFT
        actions.news_save(
            centre=centre,
            actor=editor,
            data={},
            texts={"de": {"title": "Mit Bild", "picture_alt": "Ein Saal"}},
            item=item,
        )
        assert actions.news_publish(item=item, actor=editor).status == NewsItem.Status.PUBLISHED


def test_replacing_the_picture_deletes_the_old_file_after_the_commit(
    centre, editor, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with scope(centre=centre):
        item = actions.news_save(
            centre=centre,
            actor=editor,
            data={},
            texts={"de": {"title": "Bild"}},
            picture=reencode_picture(picture_upload()),
        )
        old = item.picture.name
        storage = item.picture.storage
        assert storage.exists(old)
        with django_capture_on_commit_callbacks(execute=True):
            actions.news_save(
                centre=centre, actor=editor, data={}, texts={}, picture=reencode_picture(picture_upload()), item=item
            )
        assert not storage.exists(old)
        assert storage.exists(item.picture.name)
        with django_capture_on_commit_callbacks(execute=True):
            actions.news_save(centre=centre, actor=editor, data={}, texts={}, remove_picture=True, item=item)
        item.refresh_from_db()
        assert not item.picture


def test_unpublish_goes_back_to_draft(centre, editor) -> None:  # type: ignore[no-untyped-def]
    item = make_news(centre, "Weg damit")
    with scope(centre=centre):
        assert actions.news_unpublish(item=item, actor=editor).status == NewsItem.Status.DRAFT
        assert AuditEntry.objects.filter(action="news.item.unpublish").exists()


def test_every_public_change_moves_the_public_cache_version(centre, editor, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    item = make_news(centre, "Cache", published=False)
    seen = [public_version(centre.pk)]
    with scope(centre=centre):
        for write in (
            lambda: actions.news_publish(item=item, actor=editor),
            lambda: actions.news_save(centre=centre, actor=editor, data={}, texts={"de": {"title": "Neu"}}, item=item),
            lambda: actions.news_unpublish(item=item, actor=editor),
        ):
            with django_capture_on_commit_callbacks(execute=True):
                write()
            seen.append(public_version(centre.pk))
    assert len(set(seen)) == 4


def test_a_published_picture_cannot_lose_its_german_alt_text(centre, editor) -> None:  # type: ignore[no-untyped-def]
    texts = {"de": {"title": "Mit Bild", "picture_alt": "Ein Saal"}}
    item = make_news(centre, "x", texts=texts, picture=reencode_picture(picture_upload()))
    with scope(centre=centre):
        with pytest.raises(actions.NewsRefused):
            actions.news_save(
                centre=centre, actor=editor, data={}, texts={"de": {"title": "Mit Bild", "picture_alt": ""}}, item=item
            )
        assert item.translations.get(language="de").picture_alt == "Ein Saal"
        # Without the picture the description may go.
        actions.news_save(
            centre=centre,
            actor=editor,
            data={},
            texts={"de": {"title": "Mit Bild", "picture_alt": ""}},
            remove_picture=True,
            item=item,
        )

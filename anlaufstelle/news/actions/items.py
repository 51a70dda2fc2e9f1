"""Writes of news items: atomic, keyword-only, typed, audited in the same transaction."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anlaufstelle.core.audit import audit_record, diff, snapshot
from anlaufstelle.core.errors import Refused
from anlaufstelle.core.models import AuditEntry, Centre, User
from anlaufstelle.core.public_cache import public_changed
from anlaufstelle.core.translation import SOURCE_LANGUAGE
from anlaufstelle.news.actions.common import set_public_state
from anlaufstelle.news.files import StoredFiles, kept_on_commit
from anlaufstelle.news.models import NewsItem, NewsTranslation

ITEM_FIELDS = ("publish_at", "expires_at", "pinned", "tags", "event_id", "offer_id")


class NewsRefused(Refused):
    """A news rule said no (publishing without a German title or without a picture description)."""


@transaction.atomic
def news_save(
    *,
    centre: Centre,
    actor: User | None,
    data: dict[str, Any],
    texts: dict[str, dict[str, str]],
    picture: File[bytes] | None = None,
    remove_picture: bool = False,
    item: NewsItem | None = None,
) -> NewsItem:
    """Create or change a news item with its texts per language (German is the source).

    `picture` is an already re-encoded file (news.images.reencode_picture); the old file is
    deleted after the commit when it is replaced or removed.
    """
    with kept_on_commit() as stored:  # a refused save leaves no new picture file behind
        return _news_save(
            centre=centre,
            actor=actor,
            data=data,
            texts=texts,
            picture=picture,
            remove_picture=remove_picture,
            item=item,
            stored=stored,
        )


def _news_save(
    *,
    centre: Centre,
    actor: User | None,
    data: dict[str, Any],
    texts: dict[str, dict[str, str]],
    picture: File[bytes] | None,
    remove_picture: bool,
    item: NewsItem | None,
    stored: StoredFiles,
) -> NewsItem:
    created = item is None
    item = item or NewsItem(centre=centre)
    before = {} if created else snapshot(item, ITEM_FIELDS)
    old_picture = item.picture.name if item.picture else ""
    for name, value in data.items():
        setattr(item, name, value)
    if item.expires_at and item.publish_at and item.expires_at <= item.publish_at:
        raise NewsRefused(_("The end of the display must come after the publication."), field="expires_at")
    if item.pinned:  # at most one pinned item per centre: pinning one takes the pin from the others
        NewsItem.objects.filter(centre=centre, pinned=True).exclude(pk=item.pk).update(pinned=False)
    if picture is not None:
        stored.field(item.picture, picture.name or "picture.jpg", picture)
    elif remove_picture:
        item.picture = None  # type: ignore[assignment]
    item.save()
    changed = _save_texts(item=item, texts=texts, created=created)
    if item.status == NewsItem.Status.PUBLISHED and item.picture:
        _require_alt_text(item)  # a public picture never loses its description
    new_picture = item.picture.name if item.picture else ""
    if old_picture and old_picture != new_picture:
        storage = NewsItem._meta.get_field("picture").storage  # type: ignore[attr-defined]
        transaction.on_commit(lambda: storage.delete(old_picture))
    audit_record(
        actor=actor,
        centre=centre,
        kind=AuditEntry.Kind.CREATE if created else AuditEntry.Kind.UPDATE,
        action="news.item.save",
        target=item,
        changes={
            **diff(before, snapshot(item, ITEM_FIELDS)),
            "texts_changed": [None, sorted(changed)],
            **({"picture": [bool(old_picture), bool(new_picture)]} if old_picture != new_picture else {}),
        },
    )
    public_changed(centre_id=centre.pk)  # also for a draft: the caller's copy of the status may be stale
    return item


def _save_texts(*, item: NewsItem, texts: dict[str, dict[str, str]], created: bool) -> list[str]:
    rows = {row.language: row for row in item.translations.all()} if not created else {}
    changed = []
    for language, values in texts.items():
        row = rows.get(language) or NewsTranslation(news=item, language=language)
        if any(getattr(row, name) != values.get(name, "") for name in NewsTranslation.translated_fields):
            for name in NewsTranslation.translated_fields:
                setattr(row, name, values.get(name, ""))
            changed.append(language)
            rows[language] = row
    source = rows.get(SOURCE_LANGUAGE)
    for language in changed:
        row = rows[language]
        if language != SOURCE_LANGUAGE and source is not None:
            row.source_digest = source.digest()
            row.machine_translated = False  # a person wrote or reviewed it now
        if row.pk or not row.is_empty():
            row.save()
    return changed


def _require_alt_text(item: NewsItem) -> None:
    source = item.translations.filter(language=SOURCE_LANGUAGE).first()
    if source is None or not source.picture_alt.strip():
        raise NewsRefused(_("Describe the picture in German (alt text) before publishing."))


@transaction.atomic
def news_publish(*, item: NewsItem, actor: User | None, now: datetime.datetime | None = None) -> NewsItem:
    """Publish a news item: at once, or at its scheduled time if that lies ahead."""
    item = NewsItem.objects.select_for_update().get(pk=item.pk)
    source = item.translations.filter(language=SOURCE_LANGUAGE).first()
    if source is None or not source.title.strip():
        raise NewsRefused(_("Write the German title before publishing."))
    if item.picture:
        _require_alt_text(item)
    return set_public_state(
        item,
        actor=actor,
        action="news.item.publish",
        values={"status": NewsItem.Status.PUBLISHED, "publish_at": item.publish_at or now or timezone.now()},
    )


@transaction.atomic
def news_unpublish(*, item: NewsItem, actor: User) -> NewsItem:
    """Take a news item off the public pages and feeds (back to draft)."""
    item = NewsItem.objects.select_for_update().get(pk=item.pk)
    return set_public_state(item, actor=actor, action="news.item.unpublish", values={"status": NewsItem.Status.DRAFT})

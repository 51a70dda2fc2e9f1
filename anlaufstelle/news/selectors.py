"""Reads of the news for views and feeds, with their prefetching."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from anlaufstelle.core.models import Centre
from anlaufstelle.core.translation import SOURCE_LANGUAGE, Translated, pick_translation, translation_status
from anlaufstelle.news.models import NewsItem, NewsTranslation
from anlaufstelle.news.querysets import NewsItemQuerySet

FIELDS = NewsTranslation.translated_fields


@dataclass
class NewsView:
    """A news item with its texts in the reader's language (German where a text is missing)."""

    item: NewsItem
    text: Translated


def _with_links(items: NewsItemQuerySet) -> NewsItemQuerySet:
    return items.select_related("event", "offer").prefetch_related("translations").newest_first()


def public_list(
    *, centre: Centre, language: str, tag: str = "", now: datetime.datetime | None = None
) -> list[NewsView]:
    """The news the public sees now, the pinned item first, each in `language` with German fallback."""
    items = list(_with_links(NewsItem.objects.filter(centre=centre).visible(now or timezone.now()).tagged(tag)))
    for item in items:
        item.centre = centre  # known already: links and feeds read its slug without a query per item
    return [NewsView(item, pick_translation(item.translations.all(), language, FIELDS)) for item in items]


def public_get(*, centre: Centre, pk: int, language: str, now: datetime.datetime | None = None) -> NewsView:
    """One visible news item; NewsItem.DoesNotExist for a draft, an expired, a scheduled or a foreign item."""
    item = _with_links(NewsItem.objects.filter(centre=centre).visible(now or timezone.now())).get(pk=pk)
    return NewsView(item, pick_translation(item.translations.all(), language, FIELDS))


def public_picture(*, centre: Centre, pk: int, now: datetime.datetime | None = None) -> NewsItem:
    """A visible item that has a picture (NewsItem.DoesNotExist otherwise)."""
    return NewsItem.objects.filter(centre=centre).visible(now or timezone.now()).exclude(picture="").get(pk=pk)


def public_tags(*, centre: Centre, now: datetime.datetime | None = None) -> list[str]:
    """The tags of the news the public sees now, sorted."""
    rows = NewsItem.objects.filter(centre=centre).visible(now or timezone.now()).values_list("tags", flat=True)
    return sorted({tag for value in rows for tag in value.split("|") if tag}, key=str.casefold)


@dataclass
class StaffRow:
    item: NewsItem
    source: NewsTranslation | None
    states: list[tuple[str, str, str]]  # (code, language name, translation status)


def staff_list(*, centre: Centre) -> QuerySet[NewsItem]:
    """Every news item of the centre, newest first, with its texts prefetched."""
    return NewsItem.objects.filter(centre=centre).prefetch_related("translations").order_by("-created_at", "-pk")


def staff_rows(items: Iterable[NewsItem]) -> list[StaffRow]:
    """The rows of the staff list: the German text and the translation status per language."""
    languages = dict(settings.LANGUAGES)
    result = []
    for item in items:
        rows = {row.language: row for row in item.translations.all()}
        source = rows.get(SOURCE_LANGUAGE)
        states = [
            (code, languages[code], translation_status(rows.get(code), source))
            for code in settings.CONTENT_LANGUAGES
            if code != SOURCE_LANGUAGE
        ]
        result.append(StaffRow(item, source, states))
    return result


def news_get(*, centre: Centre, pk: int) -> NewsItem:
    """One item of the centre for editing (NewsItem.DoesNotExist for another centre's id)."""
    return NewsItem.objects.filter(centre=centre).prefetch_related("translations").get(pk=pk)


def is_visible(item: NewsItem, now: datetime.datetime | None = None) -> bool:
    """Whether the public sees the item now (published, its time reached, not expired)."""
    now = now or timezone.now()
    return (
        item.status == NewsItem.Status.PUBLISHED
        and item.publish_at is not None
        and item.publish_at <= now
        and (item.expires_at is None or item.expires_at > now)
    )

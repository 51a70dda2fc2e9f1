"""Reads of the news for views and feeds, with their prefetching."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Min, Prefetch, Q, QuerySet
from django.utils import timezone

from anlaufstelle.core.models import Centre
from anlaufstelle.core.tokens import find_by_token
from anlaufstelle.core.translation import SOURCE_LANGUAGE, Translated, pick_translation, translation_status
from anlaufstelle.events.models import Event
from anlaufstelle.news.consent import german_alt, may_be_public, publishing_problem
from anlaufstelle.news.models import (
    Delivery,
    Gallery,
    GalleryTranslation,
    NewsItem,
    NewsletterIssue,
    NewsTranslation,
    Photo,
    PhotoTranslation,
    Subscriber,
)
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


# --- Galleries ----------------------------------------------------------------------------


@dataclass
class PhotoView:
    """A public photo with its alt text and caption in the reader's language (German fallback)."""

    photo: Photo
    text: Translated


@dataclass
class GalleryView:
    gallery: Gallery
    text: Translated
    photos: list[PhotoView]


def _public_photos(gallery: Gallery, language: str) -> list[PhotoView]:
    return [
        PhotoView(photo, pick_translation(photo.translations.all(), language, PhotoTranslation.translated_fields))
        for photo in gallery.photos.all()
        if may_be_public(photo)
    ]


def _galleries(centre: Centre) -> QuerySet[Gallery]:
    photos = Prefetch("photos", queryset=Photo.objects.prefetch_related("translations").order_by("position", "pk"))
    return (
        Gallery.objects.filter(centre=centre, status=Gallery.Status.PUBLISHED)
        .select_related("event")
        .prefetch_related("translations", photos)
        .order_by("-published_at", "-pk")
    )


def public_galleries(*, centre: Centre, language: str) -> list[GalleryView]:
    """The published galleries with the photos the public may see (consent rule applied)."""
    views = []
    for gallery in _galleries(centre):
        text = pick_translation(gallery.translations.all(), language, GalleryTranslation.translated_fields)
        views.append(GalleryView(gallery, text, _public_photos(gallery, language)))
    return views


def public_gallery(*, centre: Centre, pk: int, language: str) -> GalleryView:
    """One published gallery (Gallery.DoesNotExist for a draft or a foreign one)."""
    gallery = _galleries(centre).get(pk=pk)
    text = pick_translation(gallery.translations.all(), language, GalleryTranslation.translated_fields)
    return GalleryView(gallery, text, _public_photos(gallery, language))


def public_photo(*, centre: Centre, pk: int) -> Photo:
    """A photo the public may see now (Photo.DoesNotExist otherwise: draft gallery, no basis,
    no German alt text, consent withdrawn, another centre)."""
    photo = (
        Photo.objects.filter(centre=centre, gallery__status=Gallery.Status.PUBLISHED)
        .prefetch_related("translations")
        .get(pk=pk)
    )
    if not may_be_public(photo):
        raise Photo.DoesNotExist
    return photo


def staff_galleries(*, centre: Centre) -> QuerySet[Gallery]:
    """Every gallery of the centre, newest first, with its texts and photo count."""
    return (
        Gallery.objects.filter(centre=centre)
        .prefetch_related("translations")
        .annotate(photo_count=Count("photos"))
        .order_by("-created_at", "-pk")
    )


def gallery_get(*, centre: Centre, pk: int) -> Gallery:
    """One gallery of the centre for editing, with its photos and their texts."""
    photos = Prefetch("photos", queryset=Photo.objects.prefetch_related("translations").order_by("position", "pk"))
    return Gallery.objects.filter(centre=centre).prefetch_related("translations", photos).get(pk=pk)


def photo_get(*, centre: Centre, pk: int) -> Photo:
    """One photo of the centre for editing."""
    return Photo.objects.filter(centre=centre).select_related("gallery").prefetch_related("translations").get(pk=pk)


def photos_to_take_down(*, centre: Centre) -> list[Photo]:
    """Every photo whose consent was withdrawn and that is still stored: the editor deletes them."""
    return list(
        Photo.objects.filter(centre=centre, consent_withdrawn_at__isnull=False)
        .select_related("gallery")
        .order_by("consent_withdrawn_at")
    )


def photo_problems(gallery: Gallery) -> dict[int, str]:
    """Per photo id, why it may not be public yet (prefetched photos and texts: no query)."""
    problems = {}
    for photo in gallery.photos.all():
        problem = publishing_problem(photo, german_alt=german_alt(photo))
        if problem:
            problems[photo.pk] = problem
    return problems


# --- Newsletter ---------------------------------------------------------------------------


def newsletter_news_choices(*, centre: Centre, now: datetime.datetime | None = None) -> QuerySet[NewsItem]:
    """The news an issue may carry: visible now, newest first (the last 60 days)."""
    now = now or timezone.now()
    return (
        NewsItem.objects.filter(centre=centre, publish_at__gte=now - datetime.timedelta(days=60))
        .visible(now)
        .prefetch_related("translations")
        .order_by("-publish_at", "-pk")
    )


def newsletter_event_choices(*, centre: Centre, now: datetime.datetime | None = None) -> QuerySet[Event]:
    """The events an issue may carry: published, not yet begun, soonest first."""
    now = now or timezone.now()
    return (
        Event.objects.filter(centre=centre, status="published")
        .annotate(first=Min("dates__starts_at"))
        .filter(first__gte=now)
        .order_by("first", "pk")
    )


def newsletter_issues(*, centre: Centre) -> QuerySet[NewsletterIssue]:
    return (
        NewsletterIssue.objects.filter(centre=centre)
        .prefetch_related("translations")
        .annotate(
            sent=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.SENT)),
            waiting=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.PENDING)),
            failed=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.FAILED)),
        )
        .order_by("-created_at", "-pk")
    )


def subscriber_counts(*, centre: Centre) -> dict[str, int]:
    rows = Subscriber.objects.filter(centre=centre).values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}


def issue_get(*, centre: Centre, pk: int) -> NewsletterIssue:
    return NewsletterIssue.objects.filter(centre=centre).prefetch_related("translations").get(pk=pk)


def subscriber_by_confirm_token(*, centre: Centre, token: str) -> Subscriber | None:
    return find_by_token(Subscriber, centre=centre, token=token, field="confirm_hash", status=Subscriber.Status.PENDING)


def delivery_by_token(*, centre: Centre, token: str) -> Delivery | None:
    return find_by_token(Delivery, centre=centre, token=token, select_related=("subscriber",))

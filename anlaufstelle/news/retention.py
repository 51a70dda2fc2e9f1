"""Retention of the news app's personal data (see docs/decisions/0020-news-and-images.md).

- A photo whose consent was withdrawn is deleted with its files and its scanned consent form
  once the editor has had time to act (the editor is asked to delete it at once).
- A subscription never confirmed is deleted after two days.
- An ended subscription (unsubscribed or bounced) is kept as proof for a while, then deleted.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet

from anlaufstelle.core.retention import RetentionPolicy, register_retention
from anlaufstelle.news.files import delete_after_commit
from anlaufstelle.news.models import Photo, Subscriber


def _delete_photos(queryset: QuerySet) -> int:
    names = [name for photo in queryset for name in photo.stored_files()]
    count = int(queryset.delete()[1].get("news.Photo", 0))
    transaction.on_commit(delete_after_commit(names))
    return count


def _delete_subscribers(queryset: QuerySet) -> int:
    return int(queryset.delete()[1].get("news.Subscriber", 0))


register_retention(
    RetentionPolicy(
        name="news.withdrawn_photos",
        description="Photos whose consent was withdrawn, with their scanned consent forms",
        days_setting="RETENTION_NEWS_WITHDRAWN_PHOTO_DAYS",
        default_days=30,
        due=lambda cutoff: Photo.objects.filter(consent_withdrawn_at__lt=cutoff),
        purge=_delete_photos,
    )
)
register_retention(
    RetentionPolicy(
        name="news.unconfirmed_subscribers",
        description="Newsletter subscriptions whose e-mail address was never confirmed",
        days_setting="RETENTION_NEWS_UNCONFIRMED_DAYS",
        default_days=2,
        due=lambda cutoff: Subscriber.objects.filter(status=Subscriber.Status.PENDING, requested_at__lt=cutoff),
        purge=_delete_subscribers,
    )
)
register_retention(
    RetentionPolicy(
        name="news.ended_subscribers",
        description="Newsletter subscriptions after unsubscribing or a bounce (kept as proof, then deleted)",
        days_setting="RETENTION_NEWS_ENDED_SUBSCRIBERS_DAYS",
        default_days=90,
        due=lambda cutoff: Subscriber.objects.filter(
            status__in=[Subscriber.Status.UNSUBSCRIBED, Subscriber.Status.BOUNCED], ended_at__lt=cutoff
        ),
        purge=_delete_subscribers,
    )
)

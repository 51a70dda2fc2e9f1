"""Every write of the news app: atomic, keyword-only, typed, audited in the same transaction.

One module per aggregate: items.py (news items), galleries.py (galleries and their photos).
"""

from anlaufstelle.news.actions.galleries import (
    gallery_publish,
    gallery_save,
    gallery_unpublish,
    photo_delete,
    photo_move,
    photo_save,
    photo_withdraw_consent,
    photos_add,
)
from anlaufstelle.news.actions.items import NewsRefused, news_publish, news_save, news_unpublish

__all__ = [
    "NewsRefused",
    "gallery_publish",
    "gallery_save",
    "gallery_unpublish",
    "news_publish",
    "news_save",
    "news_unpublish",
    "photo_delete",
    "photo_move",
    "photo_save",
    "photo_withdraw_consent",
    "photos_add",
]

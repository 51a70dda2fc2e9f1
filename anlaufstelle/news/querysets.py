"""Chainable read filters for news items."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from anlaufstelle.news.models import NewsItem  # noqa: F401 - named (as a string) in the base class


class NewsItemQuerySet(models.QuerySet["NewsItem"]):
    def visible(self, now: datetime.datetime) -> NewsItemQuerySet:
        """Published, its publication time reached and not yet expired."""
        return self.filter(status="published", publish_at__lte=now).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )

    def tagged(self, tag: str) -> NewsItemQuerySet:
        return self.filter(tags__contains=f"|{tag}|") if tag else self

    def newest_first(self) -> NewsItemQuerySet:
        """The pinned item first, then the most recently published."""
        return self.order_by("-pinned", "-publish_at", "-pk")

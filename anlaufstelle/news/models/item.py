"""A news item (Meldung) of a centre, with its texts per language and one picture."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from anlaufstelle.core.languages import decode_codes
from anlaufstelle.core.translation import TranslationRow
from anlaufstelle.core.uploads import generated_upload_path
from anlaufstelle.news.querysets import NewsItemQuerySet


class NewsItem(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Publication is scheduled: a published item shows from publish_at until expires_at.
    publish_at = models.DateTimeField(_("publish from"), null=True, blank=True)
    expires_at = models.DateTimeField(_("show until"), null=True, blank=True)
    pinned = models.BooleanField(_("pinned to the top"), default=False)
    # Only the re-encoded picture is stored (no original, no metadata): see news/images.py.
    picture = models.ImageField(_("picture"), upload_to=generated_upload_path, blank=True)
    tags = models.CharField(_("tags"), max_length=300, blank=True)
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("event"),
    )
    offer = models.ForeignKey(
        "directory.Offer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("offer"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(centre="centre", _manager_class=models.Manager.from_queryset(NewsItemQuerySet))

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        ordering = ["-publish_at", "-pk"]
        indexes = [models.Index(fields=["centre", "status", "publish_at"])]
        constraints = [
            models.UniqueConstraint(fields=["centre"], condition=Q(pinned=True), name="news_one_pinned_per_centre")
        ]

    def __str__(self) -> str:
        return f"NewsItem #{self.pk}"

    def tag_list(self) -> list[str]:
        return decode_codes(self.tags)


class NewsTranslation(TranslationRow):
    news = models.ForeignKey(NewsItem, on_delete=models.CASCADE, related_name="translations")
    title = models.CharField(_("title"), max_length=200, blank=True)
    teaser = models.CharField(_("teaser"), max_length=400, blank=True)
    text = models.TextField(_("text"), blank=True)
    picture_alt = models.CharField(_("description of the picture (alt text)"), max_length=300, blank=True)

    translated_fields = ("title", "teaser", "text", "picture_alt")

    objects = ScopedManager(centre="news__centre")

    class Meta:
        verbose_name = _("news text")
        verbose_name_plural = _("news texts")
        constraints = [models.UniqueConstraint(fields=["news", "language"], name="news_unique_language")]

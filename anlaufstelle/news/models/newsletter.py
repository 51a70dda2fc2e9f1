"""The newsletter: subscribers (double opt-in, languages, topics, proof of consent), issues
composed from news and events, and one delivery per subscriber and language."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from anlaufstelle.core.languages import decode_codes
from anlaufstelle.core.translation import TranslationRow


class Topic(models.TextChoices):
    NEWS = "news", _("News")
    EVENTS = "events", _("Events")
    OFFERS = "offers", _("Offers")
    GRANTS = "grants", _("Calls for grants")


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for confirmation")
        ACTIVE = "active", _("subscribed")
        UNSUBSCRIBED = "unsubscribed", _("unsubscribed")
        BOUNCED = "bounced", _("address does not accept mail")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    email = models.EmailField(_("e-mail address"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    languages = models.CharField(_("languages"), max_length=100)  # encode_codes
    topics = models.CharField(_("topics"), max_length=100)  # encode_codes of Topic
    confirm_hash = models.CharField(max_length=64, blank=True, db_index=True)
    # Proof of consent: when it was asked for and confirmed, and the exact text the person agreed to.
    consent_text = models.TextField(_("text agreed to"))
    consent_language = models.CharField(max_length=10)
    requested_at = models.DateTimeField(_("subscribed on"))
    confirmed_at = models.DateTimeField(_("confirmed on"), null=True, blank=True)
    ended_at = models.DateTimeField(_("unsubscribed or bounced on"), null=True, blank=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("newsletter subscriber")
        verbose_name_plural = _("newsletter subscribers")
        constraints = [models.UniqueConstraint(fields=["centre", "email"], name="news_subscriber_unique_email")]
        indexes = [models.Index(fields=["centre", "status"])]

    def __str__(self) -> str:
        return f"Subscriber #{self.pk}"

    def language_list(self) -> list[str]:
        return decode_codes(self.languages)

    def topic_list(self) -> list[str]:
        return decode_codes(self.topics)


class NewsletterIssue(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    news = models.ManyToManyField("news.NewsItem", blank=True, related_name="+", verbose_name=_("news items"))
    events: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "events.Event", blank=True, related_name="+", verbose_name=_("events")
    )
    sent_at = models.DateTimeField(_("sent on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"NewsletterIssue #{self.pk}"


class IssueTranslation(TranslationRow):
    issue = models.ForeignKey(NewsletterIssue, on_delete=models.CASCADE, related_name="translations")
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    intro = models.TextField(_("introduction"), blank=True)

    translated_fields = ("subject", "intro")

    objects = ScopedManager(centre="issue__centre")

    class Meta:
        verbose_name = _("newsletter text")
        verbose_name_plural = _("newsletter texts")
        constraints = [models.UniqueConstraint(fields=["issue", "language"], name="issue_unique_language")]


class Delivery(models.Model):
    """One mail of an issue to one subscriber in one language; sent in batches with retries."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        SKIPPED = "skipped", _("not sent (unsubscribed or bounced)")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    issue = models.ForeignKey(NewsletterIssue, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    language = models.CharField(max_length=10)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    # The hash of the one-click unsubscribe token written into this mail (the token is not stored).
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("newsletter delivery")
        verbose_name_plural = _("newsletter deliveries")
        constraints = [models.UniqueConstraint(fields=["issue", "subscriber", "language"], name="news_delivery_unique")]
        indexes = [models.Index(fields=["issue", "status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"Delivery #{self.pk}"

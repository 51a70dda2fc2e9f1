"""Messages to staff: one row per receiver, their e-mail setting, and the centre's e-mail texts per language."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


class Notification(models.Model):
    """A hand-off told to one person: what (kind), which thing (its name) and where (the link)."""

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=60)
    # The thing's name as the receiver may see it (a child's name for the school, a proposal's organisation).
    thing = models.CharField(_("about"), max_length=300)
    # A path inside this site (no host): the page where the receiver acts on it.
    url = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Set when the e-mail went out (immediately or in a digest); empty while one is owed or none is wanted.
    mailed_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "centre", "read_at"]),
            models.Index(fields=["mailed_at", "created_at"]),
        ]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return f"{self.kind}: {self.thing}"


class MailSetting(models.Model):
    """How one person wants the messages of one centre by e-mail."""

    class Mode(models.TextChoices):
        IMMEDIATE = "immediate", _("at once, one e-mail per message")
        DIGEST = "digest", _("once a day, all messages in one e-mail")
        OFF = "off", _("no e-mail (only in the platform)")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    mode = models.CharField(_("e-mail"), max_length=20, choices=Mode.choices, default=Mode.IMMEDIATE)

    objects = ScopedManager(centre="centre")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["centre", "user"], name="workspace_one_mail_setting")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.mode}"


class MailText(models.Model):
    """The centre's own wording of one kind of message in one language (else the built-in text)."""

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=60)
    language = models.CharField(_("language"), max_length=10)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["centre", "kind", "language"], name="workspace_one_mail_text"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.language})"


class CalendarFeed(models.Model):
    """A person's subscription link to their calendar (iCal); only the token's SHA-256 is stored."""

    class Scope(models.TextChoices):
        MINE = "mine", _("only my own appointments")
        ALL = "all", _("everything I may see in this centre")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    scope = models.CharField(_("what it holds"), max_length=10, choices=Scope.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["centre", "user", "scope"], name="workspace_one_feed_per_scope")]
        verbose_name = _("calendar subscription")
        verbose_name_plural = _("calendar subscriptions")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.scope}"

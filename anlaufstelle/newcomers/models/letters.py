"""Letter texts per kind and language; the centre edits them, the defaults come with the software."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from anlaufstelle.newcomers.models.family import LANGUAGE_CHOICES


class LetterKind(models.TextChoices):
    INVITATION = "invitation", _("Invitation to counselling")
    APPOINTMENT = "appointment", _("Health exam appointment")
    PLACEMENT = "placement", _("School place")
    PRIVACY = "privacy", _("Data-protection notice")


class LetterTemplate(models.Model):
    """The centre's own wording of one letter in one language (overrides the shipped default)."""

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("letter"), max_length=20, choices=LetterKind.choices)
    language = models.CharField(_("language"), max_length=10, choices=LANGUAGE_CHOICES)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(
        _("text"),
        max_length=5000,
        help_text=_(
            "Placeholders: {child}, {date}, {time}, {place}, {school}, {school_address}, "
            "{first_school_day}, {centre}, {centre_phone}, {centre_address}."
        ),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("letter text")
        verbose_name_plural = _("letter texts")
        ordering = ["kind", "language"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "kind", "language"], name="letter_template_unique_language")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.language})"

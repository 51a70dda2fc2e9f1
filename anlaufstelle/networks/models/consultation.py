"""The consultation log: the centre's counselling of associations, schools, Kitas and authorities."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


class Consultation(models.Model):
    """One consultation of an organisation. A contact person is named only while they consent to
    being contacted (the partner register records it); retention later removes the name."""

    class Channel(models.TextChoices):
        VISIT = "visit", _("visit")
        OFFICE = "office", _("at the centre")
        PHONE = "phone", _("phone")
        EMAIL = "email", _("e-mail")
        VIDEO = "video", _("video call")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "partners.Organisation", on_delete=models.CASCADE, related_name="consultations", verbose_name=_("organisation")
    )
    contact = models.ForeignKey(
        "partners.ContactPerson",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contact person"),
        help_text=_("Only a person who agreed to be contacted."),
    )
    held_on = models.DateField(_("date"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    topics = models.CharField(_("topics"), max_length=500, blank=True)  # "|Sprache|Schule|"
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staff member"),
    )
    outcome = models.TextField(_("outcome"), blank=True)
    next_step = models.CharField(_("next step"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["centre", "organisation", "held_on"])]

    def __str__(self) -> str:
        return f"{self.organisation} {self.held_on:%Y-%m-%d}"

    @property
    def topic_list(self) -> list[str]:
        return [t for t in self.topics.split("|") if t]

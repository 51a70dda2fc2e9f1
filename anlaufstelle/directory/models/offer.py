"""An offer (Angebot) of a provider, with its texts per language."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from anlaufstelle.core.languages import decode_codes, language_label
from anlaufstelle.core.translation import TranslationRow
from anlaufstelle.directory.taxonomy import AgeGroup, Area


class Offer(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        ARCHIVED = "archived", _("archived")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "partners.Organisation", on_delete=models.PROTECT, related_name="offers", verbose_name=_("provider")
    )
    address = models.ForeignKey(
        "partners.Address",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="offers",
        verbose_name=_("where"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    areas = models.CharField(_("areas of life"), max_length=300, blank=True)
    age_groups = models.CharField(_("age groups"), max_length=200, blank=True)
    languages = models.CharField(_("languages spoken"), max_length=200, blank=True)
    is_free = models.BooleanField(_("free of charge"), default=False)
    online = models.BooleanField(_("also online"), default=False)
    by_appointment = models.BooleanField(_("by appointment"), default=False)
    temporarily_closed = models.BooleanField(_("temporarily closed"), default=False)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    website = models.URLField(_("website"), blank=True)
    last_reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)
    # Normalised words and stems of every language's texts, the provider and the place,
    # maintained by the save action; the database-independent search reads it.
    search_index = models.TextField(blank=True, editable=False)
    # The same for the titles alone: offers whose title holds the query words rank first.
    title_index = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["id"]
        indexes = [models.Index(fields=["centre", "status"])]

    def __str__(self) -> str:
        return f"Offer #{self.pk}"

    def area_list(self) -> list[Area]:
        return [Area(code) for code in decode_codes(self.areas) if code in Area.values]

    def age_group_list(self) -> list[AgeGroup]:
        return [AgeGroup(code) for code in decode_codes(self.age_groups) if code in AgeGroup.values]

    def language_list(self) -> list[str]:
        return decode_codes(self.languages)

    def language_names(self) -> list[str]:
        return [language_label(code) for code in self.language_list()]


class OfferTranslation(TranslationRow):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="translations")
    title = models.CharField(_("title"), max_length=200, blank=True)
    summary = models.CharField(_("short description"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    target_group = models.CharField(_("for whom"), max_length=300, blank=True)
    opening_hours = models.TextField(_("when"), blank=True)
    costs = models.CharField(_("costs"), max_length=300, blank=True)
    registration = models.TextField(_("how to register"), blank=True)
    accessibility = models.TextField(_("accessibility"), blank=True)
    directions = models.TextField(_("how to get there"), blank=True)

    translated_fields = (
        "title",
        "summary",
        "description",
        "target_group",
        "opening_hours",
        "costs",
        "registration",
        "accessibility",
        "directions",
    )

    objects = ScopedManager(centre="offer__centre")

    class Meta:
        verbose_name = _("offer text")
        verbose_name_plural = _("offer texts")
        constraints = [models.UniqueConstraint(fields=["offer", "language"], name="offer_unique_language")]

"""Programme kinds, programmes, their sites (Kitas and schools from the partner register) with the
agreement, a school's title data and project days, and the centre's holidays and closures."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from anlaufstelle.core.uploads import generated_upload_path


class ProgrammeKind(models.Model):
    """A kind of programme (Griffbereit, Rucksack KiTa …): shipped as a template or the centre's own."""

    class YearKind(models.TextChoices):
        KITA = "kita", _("Kita year")
        SCHOOL = "school", _("school year")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    age_from = models.PositiveSmallIntegerField(_("age from"), null=True, blank=True)
    age_to = models.PositiveSmallIntegerField(_("age to"), null=True, blank=True)
    age_note = models.CharField(_("age band note"), max_length=200, blank=True)
    state_coordination = models.CharField(_("state coordination"), max_length=200, blank=True)
    year_kind = models.CharField(_("programme year"), max_length=10, choices=YearKind.choices)
    school_title = models.BooleanField(
        _("schools hold a title"), default=False, help_text=_("Title date, signatures, patron and project days.")
    )
    indicators = models.JSONField(_("indicator template"), default=list, blank=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("programme kind")
        verbose_name_plural = _("programme kinds")
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["centre", "code"], name="programme_kind_unique_code")]

    def __str__(self) -> str:
        return self.name


class Programme(models.Model):
    """A programme the centre runs, set up from a kind; its age band and indicators may differ."""

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    kind = models.ForeignKey(ProgrammeKind, on_delete=models.PROTECT, related_name="programmes", verbose_name=_("kind"))
    name = models.CharField(_("name"), max_length=200)
    age_from = models.PositiveSmallIntegerField(_("age from"), null=True, blank=True)
    age_to = models.PositiveSmallIntegerField(_("age to"), null=True, blank=True)
    state_coordination = models.CharField(_("state coordination"), max_length=200, blank=True)
    indicators = models.JSONField(_("indicator template"), default=list, blank=True)
    active = models.BooleanField(_("active"), default=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Site(models.Model):
    """A Kita or school from the partner register taking part in a programme, with its agreement."""

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="sites")
    organisation = models.ForeignKey(
        "partners.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("Kita or school")
    )
    provider = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("provider"),
        help_text=_("The provider (Träger) who signs the cooperation agreement, if not the site itself."),
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    ended_on = models.DateField(_("left on"), null=True, blank=True)
    agreement_signed_on = models.DateField(_("agreement signed on"), null=True, blank=True)
    agreement_valid_until = models.DateField(_("agreement valid until"), null=True, blank=True)
    agreement_file = models.FileField(upload_to=generated_upload_path, max_length=200, blank=True)
    agreement_file_name = models.CharField(max_length=200, blank=True, editable=False)
    renewal_reminded_on = models.DateField(null=True, blank=True, editable=False)
    public = models.BooleanField(
        _("may be named on the public page"), default=False, help_text=_("Only with the site's consent.")
    )
    # Schule ohne Rassismus – Schule mit Courage: the school's title.
    title_on = models.DateField(_("title awarded on"), null=True, blank=True)
    signature_share = models.DecimalField(
        _("signatures (per cent of all members)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    patron = models.CharField(_("patron"), max_length=200, blank=True)
    project_day_reminded_for = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["programme_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "organisation"], name="programme_site_once"),
            models.CheckConstraint(
                condition=models.Q(signature_share__isnull=True)
                | models.Q(signature_share__gte=0, signature_share__lte=100),
                name="programme_site_share_range",
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation)

    def agreement_due(self, today: datetime.date, within_days: int = 60) -> bool:
        """The agreement ends within `within_days` (or has ended) and the site is still active."""
        if self.agreement_valid_until is None or self.ended_on is not None:
            return False
        return self.agreement_valid_until <= today + datetime.timedelta(days=within_days)


class ProjectDay(models.Model):
    """A project day a school held (Schule ohne Rassismus: at least one a year)."""

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="project_days")
    held_on = models.DateField(_("held on"))
    topic = models.CharField(_("topic"), max_length=200)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("project day")
        verbose_name_plural = _("project days")
        ordering = ["-held_on", "id"]

    def __str__(self) -> str:
        return self.topic


class Holiday(models.Model):
    """A span without sessions: school holidays, a public holiday, or a closure (of one site or all)."""

    class Kind(models.TextChoices):
        SCHOOL_HOLIDAY = "holiday", _("school holidays or public holiday")
        CLOSURE = "closure", _("closure")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SCHOOL_HOLIDAY)
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    site = models.ForeignKey(
        Site,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="closures",
        verbose_name=_("only at this site"),
    )

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("holiday or closure")
        verbose_name_plural = _("holidays and closures")
        ordering = ["first_day", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(first_day__lte=models.F("last_day")), name="holiday_order")
        ]

    def __str__(self) -> str:
        return self.name

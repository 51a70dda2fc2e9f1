"""The integration concept (Integrationskonzept): a period, fields of action, goals, measures and the
indicators that show whether a goal is reached; and the centre's choice to share with the state view."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


class Concept(models.Model):
    """One integration concept of a centre, valid for a period of years (updated every two years)."""

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    first_year = models.PositiveSmallIntegerField(_("from year"))
    last_year = models.PositiveSmallIntegerField(_("to year"))
    summary = models.TextField(_("summary"), blank=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("integration concept")
        verbose_name_plural = _("integration concepts")
        ordering = ["-first_year", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_year__gte=models.F("first_year")), name="reports_concept_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.first_year}–{self.last_year})"


class FieldOfAction(models.Model):
    """A field of action (Handlungsfeld) of the concept: language, education, work, living together …"""

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="fields")
    title = models.CharField(_("title"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("field of action")
        verbose_name_plural = _("fields of action")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class Goal(models.Model):
    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    field = models.ForeignKey(
        FieldOfAction, on_delete=models.CASCADE, related_name="goals", verbose_name=_("field of action")
    )
    title = models.CharField(_("goal"), max_length=300)
    description = models.TextField(_("description"), blank=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class Measure(models.Model):
    """A measure (Maßnahme) serving a goal: who is responsible, with whom, in which state, when."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        STOPPED = "stopped", _("stopped")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="measures", verbose_name=_("goal"))
    title = models.CharField(_("measure"), max_length=300)
    owner = models.CharField(_("responsible"), max_length=200, blank=True)
    partners = models.ManyToManyField(
        "partners.Organisation", blank=True, related_name="+", verbose_name=_("partner organisations")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    # Links to programmes, events, grants and offers: addresses inside the platform, one per line,
    # until the modules offer a shared reference (a generic relation would tie reports to every app).
    links = models.TextField(_("links"), blank=True, help_text=_("One address per line."))

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["starts_on", "id"]

    def __str__(self) -> str:
        return self.title


class ConceptIndicator(models.Model):
    """An indicator of a goal: computed from the platform (a registered indicator) or imported."""

    class Source(models.TextChoices):
        PLATFORM = "platform", _("computed by the platform")
        IMPORTED = "imported", _("imported")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("goal"))
    kind = models.CharField(_("source"), max_length=10, choices=Source.choices)
    platform_id = models.CharField(_("platform indicator"), max_length=100, blank=True)
    series = models.CharField(_("imported series"), max_length=100, blank=True)
    label = models.CharField(_("name"), max_length=200)
    definition = models.TextField(_("definition"), blank=True)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    source = models.CharField(_("source of the data"), max_length=200, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2, null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    area = models.CharField(
        _("area"), max_length=100, blank=True, help_text=_("A district, or the AGS key of an imported series.")
    )

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="platform") & ~models.Q(platform_id=""))
                | (models.Q(kind="imported") & ~models.Q(series="")),
                name="reports_indicator_has_a_source",
            )
        ]

    def __str__(self) -> str:
        return self.label


class Sharing(models.Model):
    """Whether the centre's aggregates appear in the state view (off until the centre turns it on)."""

    centre = models.OneToOneField("core.Centre", on_delete=models.CASCADE, related_name="+")
    with_state = models.BooleanField(_("share aggregates with the state view"), default=False)
    indicators = models.JSONField(_("shared indicators"), default=list, blank=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("sharing with the state")
        verbose_name_plural = _("sharing with the state")

    def __str__(self) -> str:
        return f"{self.centre_id}: {self.with_state}"

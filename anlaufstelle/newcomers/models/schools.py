"""Seats for newcomers at the schools of the partner register, and the centre's eligibility rules."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from anlaufstelle.core.languages import decode_codes


class GradeBand(models.TextChoices):
    PRIMARY = "primary", _("Primary (grades 1–4)")
    LOWER_SECONDARY = "lower_secondary", _("Lower secondary (grades 5–7)")
    UPPER_SECONDARY = "upper_secondary", _("Upper secondary (grades 8–10)")
    VOCATIONAL = "vocational", _("Vocational (Berufskolleg, 16–18)")


class ClassModel(models.TextChoices):
    REGULAR = "regular", _("Regular class with German support")
    PARTLY_INTEGRATED = "partly_integrated", _("Partly integrated (regular class and German groups)")
    PREPARATORY = "preparatory", _("Preparatory class")
    LITERACY = "literacy", _("Literacy group (Erstalphabetisierung)")
    INTERNATIONAL = "international", _("Internationale Förderklasse")


class SeatQuota(models.Model):
    """Seats for newcomers at one school, for one grade band and class model (Seiteneinsteigerplätze)."""

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        related_name="seat_quotas",
        limit_choices_to={"kind": "school"},
        verbose_name=_("school"),
    )
    grade_band = models.CharField(_("grade band"), max_length=20, choices=GradeBand.choices)
    class_model = models.CharField(_("class model"), max_length=20, choices=ClassModel.choices)
    seats = models.PositiveSmallIntegerField(
        _("seats for newcomers"),
        validators=[MaxValueValidator(500)],
        help_text=_("All seats of this kind for the school year, including the ones already taken."),
    )
    languages = models.CharField(
        _("language support available"),
        max_length=200,
        blank=True,
        help_text=_("Languages in which the school offers support (e.g. heritage-language teaching)."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("seat quota")
        verbose_name_plural = _("seat quotas")
        ordering = ["school__name", "grade_band", "class_model", "id"]
        constraints = [
            models.UniqueConstraint(fields=["school", "grade_band", "class_model"], name="seat_quota_unique_kind")
        ]

    def __str__(self) -> str:
        return f"{self.school} – {self.get_grade_band_display()}, {self.get_class_model_display()}"

    @property
    def language_codes(self) -> list[str]:
        return decode_codes(self.languages)


class EligibilityRule(models.Model):
    """One line of the centre's rule table: which children may be placed in which seats.

    A child matches a rule by age (on the day of the run), literacy and prior schooling; a seat
    quota fits the rule by the school's form, the grade band and the class model. A child may
    take any seat that fits any of the rules it matches, within the rule's distance.
    """

    class LiteracyCondition(models.TextChoices):
        ANY = "any", _("any")
        LITERATE = "literate", _("reads and writes Latin script")
        NOT_LITERATE = "not_literate", _("not (yet) literate in Latin script")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    label = models.CharField(_("label"), max_length=120)
    min_age = models.PositiveSmallIntegerField(_("from age"), validators=[MaxValueValidator(25)])
    max_age = models.PositiveSmallIntegerField(_("to age (inclusive)"), validators=[MaxValueValidator(25)])
    literacy = models.CharField(
        _("literacy in Latin script"), max_length=20, choices=LiteracyCondition.choices, default=LiteracyCondition.ANY
    )
    min_schooling_years = models.PositiveSmallIntegerField(_("at least years of prior schooling"), default=0)
    grade_band = models.CharField(_("grade band"), max_length=20, choices=GradeBand.choices)
    school_forms = models.CharField(_("school forms"), max_length=300)
    class_models = models.CharField(_("class models"), max_length=200)
    max_km = models.DecimalField(
        _("maximum distance (km)"),
        max_digits=5,
        decimal_places=1,
        default=10,
        validators=[MinValueValidator(0.5)],
        help_text=_("Straight-line distance from home to school."),
    )
    max_minutes = models.PositiveSmallIntegerField(
        _("maximum travel time (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(5), MaxValueValidator(240)],
        help_text=_("Door to door by bus, train or on foot. Empty: no limit beyond the distance."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("eligibility rule")
        verbose_name_plural = _("eligibility rules")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(min_age__lte=models.F("max_age")), name="rule_age_range"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def school_form_codes(self) -> list[str]:
        return decode_codes(self.school_forms)

    @property
    def class_model_codes(self) -> list[str]:
        return decode_codes(self.class_models)

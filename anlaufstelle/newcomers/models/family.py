"""A newly arrived family, its guardians and its school-age children with their stages."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from anlaufstelle.core.languages import OFFER_LANGUAGES, decode_codes, language_label
from anlaufstelle.newcomers.catalogues import state
from anlaufstelle.newcomers.querysets import ChildQuerySet

if TYPE_CHECKING:
    from anlaufstelle.newcomers.models.appointments import AppointmentSlot
    from anlaufstelle.newcomers.models.placement import Placement

LANGUAGE_CHOICES = OFFER_LANGUAGES


class Family(models.Model):
    """A family registered with the centre (Neuzugewanderte Familie). Only what the work needs."""

    # Set where a selector prefetches the open family appointments (`Prefetch(to_attr=…)`).
    open_family_slots: list[AppointmentSlot]

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(
        _("postcode"),
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^\d{5}$", _("A German postcode has five digits."))],
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    district = models.CharField(_("district"), max_length=100, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    arrival_date = models.DateField(_("arrival in Germany"), null=True, blank=True)
    languages = models.CharField(_("languages spoken"), max_length=200, blank=True)
    letter_language = models.CharField(
        _("language for letters"),
        max_length=10,
        choices=LANGUAGE_CHOICES,
        default="de",
        help_text=_("Letters are printed in German and this language side by side."),
    )
    # The family language for the school statistics ("Verkehrssprache"): a code of newcomers/catalogues.py.
    home_language = models.CharField(_("language spoken at home"), max_length=3, blank=True)
    needs_interpreter = models.BooleanField(_("needs an interpreter"), default=False)
    interpreter_language = models.CharField(
        _("interpreter language"), max_length=10, choices=LANGUAGE_CHOICES, blank=True
    )
    consent_given_on = models.DateField(_("data-protection notice given and consent recorded on"))
    privacy_notice_language = models.CharField(
        _("language of the data-protection notice"), max_length=10, choices=LANGUAGE_CHOICES
    )
    note = models.CharField(
        _("note"),
        max_length=500,
        blank=True,
        help_text=_("Only what the school placement needs. No health or asylum details."),
    )
    # Set when every child has reached a final stage; the retention period counts from here.
    closed_on = models.DateField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("family")
        verbose_name_plural = _("families")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["centre", "closed_on"])]

    def __str__(self) -> str:
        return str(self.audit_label)

    @property
    def audit_label(self) -> str:
        return f"Family #{self.pk}"

    @property
    def language_codes(self) -> list[str]:
        return decode_codes(self.languages)

    @property
    def language_names(self) -> str:
        return ", ".join(language_label(code) for code in self.language_codes)

    def display_name(self) -> str:
        """The guardians' family names, for staff lists (never written to the audit trail)."""
        names = sorted({g.last_name for g in self.guardians.all()} | {c.last_name for c in self.children.all()})
        return " / ".join(names) or _("Family %(number)s") % {"number": self.pk}


class Guardian(models.Model):
    """A parent or legal guardian (Sorgeberechtigte) — the family's contact."""

    class Relation(models.TextChoices):
        MOTHER = "mother", _("Mother")
        FATHER = "father", _("Father")
        GUARDIAN = "guardian", _("Other legal guardian")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="guardians")
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices, default=Relation.GUARDIAN)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("guardian")
        verbose_name_plural = _("guardians")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def audit_label(self) -> str:
        return f"Guardian #{self.pk} (family #{self.family_id})"


class Child(models.Model):
    """A school-age newcomer (Seiteneinsteiger/in) and where they are on the way to a school place."""

    # Set where a selector prefetches them (`Prefetch(to_attr=…)`): placements newest first, open appointments.
    placement_list: list[Placement]
    open_slots: list[AppointmentSlot]

    class Stage(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        COUNSELLING_BOOKED = "counselling_booked", _("Counselling booked")
        COUNSELLED = "counselled", _("Counselled")
        HEALTH_EXAM_BOOKED = "health_exam_booked", _("Health exam booked")
        HEALTH_EXAM_DONE = "health_exam_done", _("Health exam done")
        PLACEMENT_PROPOSED = "placement_proposed", _("Placement proposed")
        APPROVED = "approved", _("Approved by the school authority")
        ACCEPTED = "accepted", _("Accepted by the school")
        ATTENDING = "attending", _("First school day")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        MOVED_AWAY = "moved_away", _("Moved away")

    class Gender(models.TextChoices):
        FEMALE = "f", _("female")
        MALE = "m", _("male")
        DIVERSE = "d", _("diverse")
        UNSPECIFIED = "x", _("not specified")

    class Schooling(models.TextChoices):
        REGULAR = "regular", _("Regular schooling")
        INTERRUPTED = "interrupted", _("Interrupted schooling")
        INFORMAL = "informal", _("Informal or home schooling")
        NONE = "none", _("No schooling yet")

    class Literacy(models.TextChoices):
        YES = "yes", _("Reads and writes Latin script")
        PARTLY = "partly", _("Partly")
        NO = "no", _("Not yet in Latin script")

    class German(models.TextChoices):
        NONE = "none", _("No German yet")
        A1 = "a1", _("A1 (beginner)")
        A2 = "a2", _("A2")
        B1 = "b1", _("B1")
        B2 = "b2", _("B2 or better")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="children")
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("date of birth"))
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, default=Gender.UNSPECIFIED)
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    schooling_years = models.PositiveSmallIntegerField(
        _("years of prior schooling"), default=0, validators=[MaxValueValidator(13)]
    )
    schooling_kind = models.CharField(
        _("kind of prior schooling"), max_length=20, choices=Schooling.choices, default=Schooling.REGULAR
    )
    last_grade = models.PositiveSmallIntegerField(
        _("last grade attended"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(13)]
    )
    schooling_country = models.CharField(_("country of schooling"), max_length=100, blank=True)
    # For the school statistics, handed over to the school's administration software (decision 0013).
    # Destatis codes from newcomers/data (catalogues.py); kept as codes, so no migration per catalogue update.
    nationality = models.CharField(_("nationality"), max_length=3, blank=True)
    second_nationality = models.CharField(_("second nationality"), max_length=3, blank=True)
    birth_country = models.CharField(_("country of birth"), max_length=3, blank=True)
    birth_place = models.CharField(_("place of birth"), max_length=30, blank=True)
    latin_literacy = models.CharField(
        _("literacy in Latin script"), max_length=10, choices=Literacy.choices, default=Literacy.YES
    )
    german_level = models.CharField(_("German (estimate)"), max_length=10, choices=German.choices, default=German.NONE)
    support_needs = models.CharField(
        _("support needs"),
        max_length=300,
        blank=True,
        help_text=_("Only what the school must know to place the child (e.g. wheelchair access)."),
    )
    registered_on = models.DateField(_("registered on"), default=timezone.localdate)
    stage = models.CharField(_("stage"), max_length=30, choices=Stage.choices, default=Stage.REGISTERED)
    stage_since = models.DateField(_("stage since"), default=timezone.localdate)
    first_school_day = models.DateField(_("first school day"), null=True, blank=True)
    # The caseworker's decisions for the next placement run.
    pinned_quota = models.ForeignKey(
        "newcomers.SeatQuota",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pinned to"),
    )
    excluded_schools = models.ManyToManyField(
        "partners.Organisation", blank=True, related_name="+", verbose_name=_("schools ruled out")
    )

    objects = ScopedManager(centre="centre", _manager_class=models.Manager.from_queryset(ChildQuerySet))

    FINAL_STAGES = frozenset({Stage.ATTENDING, Stage.WITHDRAWN, Stage.MOVED_AWAY})
    PLACED_STAGES = frozenset({Stage.APPROVED, Stage.ACCEPTED, Stage.ATTENDING})

    class Meta:
        verbose_name = _("child")
        verbose_name_plural = _("children")
        ordering = ["registered_on", "id"]
        indexes = [models.Index(fields=["centre", "stage", "registered_on"])]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def audit_label(self) -> str:
        return f"Child #{self.pk} (family #{self.family_id})"

    @property
    def language_codes(self) -> list[str]:
        return decode_codes(self.languages)

    @property
    def schooling_country_name(self) -> str:
        """The country of schooling as people read it (a catalogue code, or text typed before the catalogue)."""
        found = state(self.schooling_country)
        return found.name if found else self.schooling_country

    def age_on(self, day: datetime.date) -> int:
        years = day.year - self.birth_date.year
        return years - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))

    def waiting_days(self, today: datetime.date | None = None) -> int:
        """Days from registration to the first school day, or to today while still waiting."""
        end = self.first_school_day or today or timezone.localdate()
        return max((end - self.registered_on).days, 0)

    @property
    def is_final(self) -> bool:
        return self.stage in self.FINAL_STAGES


class StageEvent(models.Model):
    """One step of a child's way, with the date it happened (the history behind `Child.stage`)."""

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="stage_events")
    stage = models.CharField(_("stage"), max_length=30, choices=Child.Stage.choices)
    happened_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    # The appointment a booking step is about (shown in the reader's local time, never as text).
    appointment_at = models.DateTimeField(_("appointment"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("stage event")
        verbose_name_plural = _("stage events")
        ordering = ["happened_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.happened_on}"

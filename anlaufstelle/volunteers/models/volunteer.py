"""A volunteer (Sprachlotsin, Bildungspate, Familienlotse …): languages, reach, availability, onboarding."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from anlaufstelle.core.bidi import address_line
from anlaufstelle.core.languages import OFFER_LANGUAGES, decode_codes


class Pool(models.Model):
    """A group of volunteers the centre coordinates (e.g. "Sprachlotsen", "Bildungspaten")."""

    class Kind(models.TextChoices):
        INTERPRETING = "interpreting", _("Interpreting")
        LEARNING = "learning", _("Learning mentors")
        FAMILY = "family", _("Family guides")
        INTEGRATION = "integration", _("Integration guides")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    works_with_children = models.BooleanField(
        _("works with children"), default=False, help_text=_("Members must show an extended police certificate.")
    )

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("pool")
        verbose_name_plural = _("pools")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["centre", "name"], name="pool_unique_name")]

    def __str__(self) -> str:
        return self.name


class Volunteer(models.Model):
    """A person who volunteers with the centre; contacted and booked only while active."""

    # Set by `selectors.candidates` (annotations of its one query) when ranking for a request.
    level: str
    dialect: str
    window_start: datetime.time
    window_end: datetime.time
    recent_load: int | None
    recent_last: datetime.datetime | None
    clashes: bool
    recent: int

    class Status(models.TextChoices):
        APPLIED = "applied", _("Signed up")
        ONBOARDING = "onboarding", _("Onboarding")
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        ENDED = "ended", _("Ended")

    class Gender(models.TextChoices):
        UNSPECIFIED = "", _("not specified")
        FEMALE = "f", _("female")
        MALE = "m", _("male")
        DIVERSE = "d", _("diverse")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="volunteer"
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    # The postal address: printed on the yearly statement of allowances for the tax office.
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    gender = models.CharField(
        _("gender"),
        max_length=1,
        choices=Gender.choices,
        blank=True,
        help_text=_("Only asked because some families ask for an interpreter of a certain gender."),
    )
    districts = models.CharField(_("districts I can reach"), max_length=500, blank=True)
    pools = models.ManyToManyField(Pool, blank=True, related_name="volunteers", verbose_name=_("pools"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.APPLIED)
    signup_language = models.CharField(max_length=10, blank=True, editable=False)
    consent_given_on = models.DateField(_("agreed to the data-protection notice on"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    # Onboarding, each step with the date it happened.
    conversation_on = models.DateField(_("first conversation"), null=True, blank=True)
    confidentiality_signed_on = models.DateField(_("confidentiality agreement signed"), null=True, blank=True)
    training_completed_on = models.DateField(_("training completed"), null=True, blank=True)
    police_certificate_seen_on = models.DateField(
        _("extended police certificate seen on"),
        null=True,
        blank=True,
        help_text=_("Only the date is recorded, never the certificate or its content."),
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    # The volunteer's personal page and calendar feed: only the SHA-256 of the random token is kept.
    personal_token_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["last_name", "first_name", "id"]
        indexes = [models.Index(fields=["centre", "status"])]
        constraints = [models.UniqueConstraint(fields=["centre", "email"], name="volunteer_unique_email")]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def audit_label(self) -> str:
        return f"Volunteer #{self.pk}"

    @property
    def postal_address(self) -> str:
        """ "Street 1, 12345 City", leaving out what is missing."""
        return address_line(self.street, self.postcode, self.city)

    @property
    def district_list(self) -> list[str]:
        return decode_codes(self.districts)

    def needs_police_certificate(self) -> bool:
        return any(pool.works_with_children for pool in self.pools.all())

    def police_certificate_due(self) -> datetime.date | None:
        """When the extended police certificate must be seen again (None: not needed or not seen yet)."""
        if not self.police_certificate_seen_on:
            return None
        years = settings.VOLUNTEER_POLICE_CERTIFICATE_YEARS
        seen = self.police_certificate_seen_on
        try:
            return seen.replace(year=seen.year + years)
        except ValueError:  # 29 February
            return seen.replace(year=seen.year + years, day=28)

    def onboarding_missing(self) -> list[str]:
        """The onboarding steps still open, as translated labels (empty: ready to be active)."""
        missing = []
        if not self.conversation_on:
            missing.append(str(_("first conversation")))
        if not self.confidentiality_signed_on:
            missing.append(str(_("confidentiality agreement")))
        if not self.training_completed_on:
            missing.append(str(_("training")))
        due = self.police_certificate_due()
        if self.needs_police_certificate() and (due is None or due <= timezone.localdate()):
            missing.append(str(_("extended police certificate")))
        return missing


class VolunteerLanguage(models.Model):
    class Level(models.TextChoices):
        BASIC = "basic", _("basic")
        GOOD = "good", _("good")
        FLUENT = "fluent", _("fluent")
        NATIVE = "native", _("native language")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="languages")
    code = models.CharField(_("language"), max_length=10, choices=OFFER_LANGUAGES)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, default=Level.FLUENT)
    dialect = models.CharField(_("dialect"), max_length=60, blank=True, help_text=_("e.g. Sorani, Dari, Levantine"))

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["id"]
        indexes = [models.Index(fields=["centre", "code"])]

    def __str__(self) -> str:
        return f"{self.get_code_display()} ({self.get_level_display()})"

    @property
    def dialect_label(self) -> str:
        from anlaufstelle.volunteers.dialect_names import dialect_label

        return dialect_label(self.dialect)


class AvailabilityWindow(models.Model):
    """A weekly time the volunteer can usually take appointments."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="windows")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start = models.TimeField(_("from"))
    end = models.TimeField(_("until"))

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("availability")
        verbose_name_plural = _("availability")
        ordering = ["weekday", "start"]
        constraints = [models.CheckConstraint(condition=models.Q(start__lt=models.F("end")), name="window_order")]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"


class Absence(models.Model):
    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="absences")
    first_day = models.DateField(_("from"))
    last_day = models.DateField(_("until (inclusive)"))

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["first_day"]
        constraints = [
            models.CheckConstraint(condition=models.Q(first_day__lte=models.F("last_day")), name="absence_order")
        ]

    def __str__(self) -> str:
        return f"{self.first_day}–{self.last_day}"


class Qualification(models.Model):
    """What a volunteer has learnt or proved: a training, a language certificate, a course taken.

    Recorded by the coordinator, or by the events module when the volunteer completes a
    qualification course (see `volunteers.qualifications.record_completion`).
    """

    class Source(models.TextChoices):
        MANUAL = "manual", _("entered by the coordinator")
        EVENT = "event", _("course completed")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="qualifications")
    name = models.CharField(_("qualification"), max_length=200)
    obtained_on = models.DateField(_("obtained on"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL, editable=False)
    source_ref = models.CharField(max_length=100, blank=True, editable=False)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        ordering = ["-obtained_on", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "source_ref"],
                condition=~models.Q(source_ref=""),
                name="qualification_once_per_source",
            )
        ]

    def __str__(self) -> str:
        return self.name

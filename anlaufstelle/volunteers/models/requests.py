"""Interpreting requests, offers to volunteers (single-use links) and the resulting assignments."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from anlaufstelle.core.languages import OFFER_LANGUAGES, decode_codes


class InterpretingRequest(models.Model):
    """A request for an interpreter (Dolmetschanfrage): what, when, where — no case details."""

    class Setting(models.TextChoices):
        ON_SITE = "on_site", _("On site")
        PHONE = "phone", _("By phone")
        VIDEO = "video", _("By video")

    class Kind(models.TextChoices):
        SCHOOL = "school", _("School or Kita")
        AUTHORITY = "authority", _("Public office")
        HEALTH_OFFICE = "health_office", _("Health office (examination)")
        COUNSELLING = "counselling", _("Counselling service")
        CENTRE = "centre", _("Integration centre")
        JOBCENTRE = "jobcentre", _("Jobcentre or employment agency")
        POLICE = "police", _("Police")
        COURT = "court", _("Court or lawyer")
        MEDICAL = "medical", _("Medical treatment or therapy")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        OFFERED = "offered", _("Offered")
        BOOKED = "booked", _("Booked")
        CANCELLED = "cancelled", _("Cancelled")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("institution"),
    )
    need = models.OneToOneField(
        "newcomers.InterpreterNeed", on_delete=models.SET_NULL, null=True, blank=True, related_name="request"
    )
    language = models.CharField(_("language"), max_length=10, choices=OFFER_LANGUAGES)
    dialect = models.CharField(_("dialect"), max_length=60, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("expected duration (minutes)"), default=60, validators=[MinValueValidator(15), MaxValueValidator(480)]
    )
    setting = models.CharField(_("setting"), max_length=10, choices=Setting.choices, default=Setting.ON_SITE)
    place = models.CharField(_("place"), max_length=200, blank=True)
    district = models.CharField(_("district"), max_length=100, blank=True)
    kind = models.CharField(_("kind of appointment"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    gender = models.CharField(_("preferred gender"), max_length=1, blank=True)
    gender_required = models.BooleanField(_("gender is required"), default=False)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    notes = models.CharField(
        _("notes"),
        max_length=500,
        blank=True,
        help_text=_("No names or case details: only what the interpreter needs."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    # When it was first booked (time to fulfilment) and, if so, why it was called off.
    booked_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("interpreting request")
        verbose_name_plural = _("interpreting requests")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["centre", "status", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.get_language_display()} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)

    @property
    def dialect_label(self) -> str:
        from anlaufstelle.volunteers.dialect_names import dialect_label

        return dialect_label(self.dialect)


class Offer(models.Model):
    """A request offered to one volunteer; answered once through an unguessable, expiring link."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Taken by someone else or withdrawn")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    request = models.ForeignKey(InterpretingRequest, on_delete=models.CASCADE, related_name="offers")
    volunteer = models.ForeignKey("volunteers.Volunteer", on_delete=models.CASCADE, related_name="offers")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField()
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["request", "volunteer"], name="offer_once_per_volunteer")]

    def __str__(self) -> str:
        return f"{self.request_id} → {self.volunteer_id} ({self.status})"


class Assignment(models.Model):
    """A volunteer booked for a request (Einsatz). Times are copied so overlaps are checked on one table."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        CANCELLED = "cancelled", _("Cancelled")
        NO_SHOW = "no_show", _("Volunteer did not come")
        DONE = "done", _("Done")

    class CancelledBy(models.TextChoices):
        VOLUNTEER = "volunteer", _("the volunteer")
        CENTRE = "centre", _("the centre")
        REQUESTER = "requester", _("the requesting institution")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    request = models.ForeignKey(InterpretingRequest, on_delete=models.CASCADE, related_name="assignments")
    volunteer = models.ForeignKey("volunteers.Volunteer", on_delete=models.CASCADE, related_name="assignments")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    # The expected length (copied like the times): the fairness counts sum it without a join.
    planned_minutes = models.PositiveSmallIntegerField(default=60)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.BOOKED)
    # Reported by the volunteer after the job, approved by the coordinator (the basis of allowances).
    minutes_worked = models.PositiveSmallIntegerField(
        _("minutes worked"), null=True, blank=True, validators=[MinValueValidator(5), MaxValueValidator(720)]
    )
    travel_minutes = models.PositiveSmallIntegerField(
        _("travel time (minutes)"), null=True, blank=True, validators=[MaxValueValidator(600)]
    )
    travel_km = models.DecimalField(
        _("kilometres travelled"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1000)],
    )
    reported_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Fixed when the hours are approved, so a later change of the centre's rule leaves
    # statements already issued as they were. Travel costs are reimbursed expenses and
    # do not count towards the tax-free allowance.
    allowance_amount = models.DecimalField(_("allowance (EUR)"), max_digits=8, decimal_places=2, null=True, blank=True)
    travel_amount = models.DecimalField(_("travel costs (EUR)"), max_digits=8, decimal_places=2, null=True, blank=True)
    cancelled_by = models.CharField(_("cancelled by"), max_length=10, choices=CancelledBy.choices, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["volunteer", "starts_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["request"], condition=models.Q(status="booked"), name="assignment_one_booked_per_request"
            )
        ]

    def __str__(self) -> str:
        return f"{self.volunteer_id} {self.starts_at:%Y-%m-%d %H:%M}"


class InterpretingSettings(models.Model):
    """A centre's rules for interpreting: lead time, kinds it does not serve, the allowance rule."""

    class Rule(models.TextChoices):
        FLAT_THEN_HOURLY = "flat_hourly", _("Flat amount for the first hours, then per further started hour")
        PER_HALF_HOUR = "half_hour", _("Amount per started half hour")
        NONE = "none", _("No allowance (travel costs only)")

    centre = models.OneToOneField("core.Centre", on_delete=models.CASCADE, related_name="+")
    lead_working_days = models.PositiveSmallIntegerField(
        _("lead time (working days)"),
        default=5,
        validators=[MaxValueValidator(60)],
        help_text=_(
            "Institutions must ask at least this many working days ahead (weekends and NRW holidays do not count)."
        ),
    )
    excluded_kinds = models.CharField(_("kinds of appointment not served"), max_length=200, blank=True)
    exclusion_note = models.CharField(
        _("explanation for institutions"),
        max_length=500,
        blank=True,
        help_text=_("Shown on the request form, e.g. where to find a sworn interpreter instead."),
    )
    rule = models.CharField(_("allowance rule"), max_length=12, choices=Rule.choices, default=Rule.FLAT_THEN_HOURLY)
    flat_minutes = models.PositiveSmallIntegerField(_("minutes covered by the flat amount"), default=120)
    flat_amount = models.DecimalField(_("flat amount (EUR)"), max_digits=6, decimal_places=2, default=Decimal("20.00"))
    hourly_amount = models.DecimalField(
        _("per further started hour (EUR)"), max_digits=6, decimal_places=2, default=Decimal("10.00")
    )
    half_hour_amount = models.DecimalField(
        _("per started half hour (EUR)"), max_digits=6, decimal_places=2, default=Decimal("5.00")
    )
    half_hour_includes_travel = models.BooleanField(_("half hours include travel time"), default=True)
    km_rate = models.DecimalField(_("per kilometre (EUR)"), max_digits=4, decimal_places=2, default=Decimal("0.30"))
    yearly_limit = models.DecimalField(
        _("tax-free yearly limit (EUR)"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("840.00"),
        help_text=_("The Ehrenamtspauschale (§ 3 No. 26a EStG); travel costs do not count towards it."),
    )
    warn_percent = models.PositiveSmallIntegerField(
        _("warn from (per cent of the limit)"), default=80, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("interpreting settings")
        verbose_name_plural = _("interpreting settings")

    def __str__(self) -> str:
        return f"{self.centre_id}"

    @property
    def excluded_kind_list(self) -> list[str]:
        return decode_codes(self.excluded_kinds)

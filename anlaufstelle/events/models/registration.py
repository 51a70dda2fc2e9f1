"""Registrations (with double opt-in and a waiting list), attendance per date, feedback."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from anlaufstelle.events.querysets import RegistrationQuerySet
from anlaufstelle.partners.models import Organisation

from .event import EventDate, Session


class RegistrationGroup(models.Model):
    """One submission: a person registering themselves, or a school registering several staff.

    The contact person confirms by e-mail (double opt-in) and manages every registration of the
    group through a personal link; only the SHA-256 of each random token is stored.
    """

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("e-mail"))
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    language = models.CharField(max_length=10, blank=True, editable=False)
    confirm_token_hash = models.CharField(max_length=64, unique=True, editable=False)
    manage_token_hash = models.CharField(max_length=64, unique=True, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")

    def __str__(self) -> str:
        return f"{self.contact_name} ({self.pk})"

    @property
    def audit_label(self) -> str:
        return f"Registration group #{self.pk}"


class Registration(models.Model):
    """One participant in one session: waiting for confirmation, confirmed, waiting list, cancelled."""

    # Set by `selectors.group_registrations` on the personal page: people ahead on the waiting list.
    ahead: int | None

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("E-mail not confirmed yet")
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("Waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(RegistrationGroup, on_delete=models.CASCADE, related_name="registrations")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="registrations")
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    institution_kind = models.CharField(
        _("kind of institution"), max_length=20, choices=Organisation.Kind.choices, blank=True
    )
    role = models.CharField(_("role"), max_length=100, blank=True)
    dietary = models.CharField(_("dietary needs"), max_length=200, blank=True)
    access_needs = models.CharField(_("access needs"), max_length=200, blank=True)
    extra_answer = models.CharField(_("answer"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.UNCONFIRMED)
    # Came on the day without registering; added by the organiser at check-in.
    walk_in = models.BooleanField(_("came without registering"), default=False)
    # The participant's own link (certificate, feedback): only the SHA-256 of the token is kept.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The moment the seat was decided (under the session's lock): the order of the waiting list.
    placed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    certificate_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(centre="centre", _manager_class=models.Manager.from_queryset(RegistrationQuerySet))

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["placed_at", "id"]
        indexes = [models.Index(fields=["session", "status", "placed_at"])]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def audit_label(self) -> str:
        return f"Participant #{self.pk}"


class Attendance(models.Model):
    """A participant was there on one date (ticked on the check-in page)."""

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="attendances")
    date = models.ForeignKey(EventDate, on_delete=models.CASCADE, related_name="attendances")
    checked_in_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["registration", "date"], name="attendance_once")]

    def __str__(self) -> str:
        return f"{self.registration_id} @ {self.date_id}"


class Feedback(models.Model):
    """A short, anonymous-in-the-figures answer after the event (one per participant)."""

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="feedback")
    overall = models.PositiveSmallIntegerField(_("overall"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    useful = models.PositiveSmallIntegerField(
        _("useful for my work"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def __str__(self) -> str:
        return f"{self.registration_id}: {self.overall}/{self.useful}"

"""Counselling and health-exam appointment slots, and the interpreter needs a booking raises."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from anlaufstelle.newcomers.models.family import LANGUAGE_CHOICES


def local_datetime(moment: datetime.datetime) -> str:
    """A moment in local time, in the active language's short format."""
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


class AppointmentSlot(models.Model):
    """A time at which one child (or, for counselling, one whole family) is seen.

    Booked when `child` is set, or `family` for a counselling conversation with the whole family
    (it counts for every child). A child has at most one open appointment of each kind: open means
    booked and without an outcome yet (enforced by the booking action under the family's row lock,
    and by the constraints below).
    """

    class Kind(models.TextChoices):
        COUNSELLING = "counselling", _("Counselling")
        HEALTH_EXAM = "health_exam", _("School-entry health exam")

    class Outcome(models.TextChoices):
        OPEN = "", _("open")
        DONE = "done", _("took place")
        MISSED = "missed", _("missed")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=45, validators=[MinValueValidator(5), MaxValueValidator(480)]
    )
    place = models.CharField(_("place"), max_length=200)
    organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("held by"),
    )
    child = models.ForeignKey(
        "newcomers.Child", on_delete=models.SET_NULL, null=True, blank=True, related_name="appointments"
    )
    family = models.ForeignKey(
        "newcomers.Family",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="family_appointments",
        verbose_name=_("booked for the whole family"),
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    booked_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default="", blank=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("appointment slot")
        verbose_name_plural = _("appointment slots")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["centre", "kind", "starts_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "kind"],
                condition=models.Q(child__isnull=False, outcome=""),
                name="slot_one_open_per_child_and_kind",
            ),
            models.UniqueConstraint(
                fields=["family", "kind"],
                condition=models.Q(family__isnull=False, outcome=""),
                name="slot_one_open_per_family_and_kind",
            ),
            # A family is booked only for counselling, and then instead of a single child.
            models.CheckConstraint(
                condition=models.Q(family__isnull=True) | models.Q(child__isnull=True, kind="counselling"),
                name="slot_family_booking_is_counselling",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {local_datetime(self.starts_at)}"

    @property
    def is_booked(self) -> bool:
        return self.child_id is not None or self.family_id is not None

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)


def child_appointments(child: Any) -> models.QuerySet[AppointmentSlot]:
    """A child's own appointments and the counselling booked for its whole family."""
    return AppointmentSlot.objects.filter(
        models.Q(child_id=child.pk) | models.Q(family_id=child.family_id, child__isnull=True)
    )


class InterpreterNeed(models.Model):
    """An interpreter is needed at a booked appointment: the interface the volunteers module picks up.

    It names only what an interpreter must know (language, time, place, kind of appointment);
    nothing about the family. `status` is set by whoever covers it.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        COVERED = "covered", _("covered")
        CANCELLED = "cancelled", _("cancelled")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    slot = models.ForeignKey(AppointmentSlot, on_delete=models.CASCADE, related_name="interpreter_needs")
    language = models.CharField(_("language"), max_length=10, choices=LANGUAGE_CHOICES)
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    place = models.CharField(_("place"), max_length=200)
    setting = models.CharField(_("kind of appointment"), max_length=100)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    covered_by = models.CharField(_("covered by"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("interpreter need")
        verbose_name_plural = _("interpreter needs")
        ordering = ["starts_at", "id"]

    def __str__(self) -> str:
        return f"{self.language} {local_datetime(self.starts_at)}"

"""Counselling and health-exam appointment slots, and the interpreter needs a booking raises."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from anlaufstelle.newcomers.models.family import LANGUAGE_CHOICES


class AppointmentSlot(models.Model):
    """A time at which one child can be counselled or examined; booked when `child` is set."""

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

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)


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
        return f"{self.language} {self.starts_at:%Y-%m-%d %H:%M}"

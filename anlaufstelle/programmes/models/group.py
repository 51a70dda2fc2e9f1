"""Groups per programme year with their schedule, languages and facilitators, and their sessions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from anlaufstelle.core.languages import decode_codes
from anlaufstelle.programmes.models.programme import Site
from anlaufstelle.programmes.schedule import year_label

if TYPE_CHECKING:
    from anlaufstelle.core.models import User


class Group(models.Model):
    """A group at a site in one programme year (Kita year or school year)."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="groups", verbose_name=_("site"))
    year = models.PositiveSmallIntegerField(_("programme year"), help_text=_("The year in which it starts (August)."))
    name = models.CharField(_("name"), max_length=200)
    age_band = models.CharField(_("age band"), max_length=40, blank=True)
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("until"))
    first_day = models.DateField(_("first session"))
    last_day = models.DateField(_("last session"))
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    facilitating_volunteers = models.ManyToManyField(
        "volunteers.Volunteer", blank=True, related_name="+", verbose_name=_("parent facilitators (volunteers)")
    )
    facilitating_staff: models.ManyToManyField[User, Any] = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("facilitators (staff)")
    )

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["-year", "name", "id"]
        indexes = [models.Index(fields=["centre", "year"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(first_day__lte=models.F("last_day")), name="group_day_order"),
            models.CheckConstraint(condition=models.Q(starts_at__lt=models.F("ends_at")), name="group_time_order"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({year_label(self.year)})"

    @property
    def language_list(self) -> list[str]:
        return decode_codes(self.languages)


class Session(models.Model):
    """One meeting of a group: planned from the schedule, then recorded as held or cancelled.

    Counts only (adults, children): no names are kept (data minimisation)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    class Reason(models.TextChoices):
        ILLNESS = "illness", _("facilitator ill or absent")
        FEW = "few", _("too few participants")
        SITE = "site", _("site closed or room not available")
        WEATHER = "weather", _("weather or strike")
        OTHER = "other", _("other reason")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices, blank=True)
    adults = models.PositiveSmallIntegerField(_("adults present"), default=0)
    children = models.PositiveSmallIntegerField(_("children present"), default=0)
    languages = models.CharField(_("languages used"), max_length=200, blank=True)
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    recorded_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["group", "date"], name="programme_session_once_a_day"),
            models.CheckConstraint(
                condition=~models.Q(status="cancelled") | ~models.Q(reason=""), name="programme_session_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group.name} {self.date:%d.%m.%Y}"

    @property
    def language_list(self) -> list[str]:
        return decode_codes(self.languages)

"""An event (Veranstaltung, Fortbildung, DaZ-Tag): its dates and its sessions with seats."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from anlaufstelle.core.languages import OFFER_LANGUAGES, decode_codes
from anlaufstelle.events.querysets import EventQuerySet


class TargetGroup(models.TextChoices):
    TEACHERS = "teachers", _("Teachers")
    DAYCARE = "daycare", _("Daycare staff")
    PEDAGOGICAL = "pedagogical", _("Pedagogical staff")
    VOLUNTEERS = "volunteers", _("Volunteers")
    PARENTS = "parents", _("Parents")
    NEWCOMERS = "newcomers", _("Newcomers")
    ADMINISTRATION = "administration", _("Public administration")
    PUBLIC = "public", _("Everyone")


class Topic(models.TextChoices):
    DIVERSITY = "diversity", _("Diversity and discrimination")
    LANGUAGE = "language", _("German as a second language")
    RELIGION = "religion", _("Religion and society")
    CULTURE = "culture", _("Culture and encounter")
    QUALIFICATION = "qualification", _("Qualification for volunteers")
    PARENTS = "parents", _("Parents and education")
    OTHER = "other", _("Other")


class Event(models.Model):
    """One event: a single date, a course of several dates, or a day with parallel sessions."""

    # Set by `selectors.calendar_events` for the calendar: free seats over its sessions.
    seats_free: int

    class Kind(models.TextChoices):
        SINGLE = "single", _("A single date")
        SERIES = "series", _("A course with several dates")
        DAY = "day", _("A day with parallel sessions")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SINGLE)
    target_groups = models.CharField(_("target groups"), max_length=300, blank=True)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices, default=Topic.OTHER)
    organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("venue (from the partner register)"),
    )
    address = models.ForeignKey(
        "partners.Address",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("address"),
    )
    room = models.CharField(_("room"), max_length=100, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    language = models.CharField(_("language"), max_length=10, choices=OFFER_LANGUAGES, default="de")
    fee = models.DecimalField(
        _("fee (EUR)"), max_digits=7, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    registration_deadline = models.DateTimeField(_("registration until"), null=True, blank=True)
    # What is asked at registration besides name and e-mail.
    ask_institution = models.BooleanField(_("ask for the institution"), default=True)
    ask_role = models.BooleanField(_("ask for the role"), default=False)
    ask_dietary = models.BooleanField(_("ask about dietary needs"), default=False)
    ask_access = models.BooleanField(_("ask about access needs"), default=True)
    extra_question = models.CharField(_("own question"), max_length=200, blank=True)
    # For the participation certificate.
    hours = models.DecimalField(
        _("hours (for the certificate)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(500)],
    )
    certificate_content = models.TextField(_("content (for the certificate)"), blank=True)
    signatory = models.CharField(_("signed by"), max_length=200, blank=True)
    is_qualification = models.BooleanField(
        _("qualification course for volunteers"),
        default=False,
        help_text=_("Completing it is recorded on the volunteer's profile."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(centre="centre", _manager_class=models.Manager.from_queryset(EventQuerySet))

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["centre", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def target_group_list(self) -> list[str]:
        return decode_codes(self.target_groups)

    @property
    def target_group_labels(self) -> list[str]:
        labels = dict(TargetGroup.choices)
        return [str(labels[code]) for code in self.target_group_list if code in labels]


class EventDate(models.Model):
    """One date of an event (a course has several; a single event or a day has one)."""

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="dates")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("date")
        verbose_name_plural = _("dates")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["centre", "starts_at"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(starts_at__lt=models.F("ends_at")), name="eventdate_order")
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M}"


class Session(models.Model):
    """What people register for, with its own seats: the event itself, or one parallel session of a day."""

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("session"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    room = models.CharField(_("room"), max_length=100, blank=True)
    # Its own msgid: the newcomers' "seats" are school seats ("Schulplätze") in German.
    capacity = models.PositiveIntegerField(
        _("number of seats"), validators=[MinValueValidator(1), MaxValueValidator(5000)]
    )
    position = models.PositiveSmallIntegerField(default=0)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["position", "starts_at", "id"]

    def __str__(self) -> str:
        return self.title or str(self.event)

"""Meetings: where, when and in which state, the agenda in order (public and non-public items),
each item's minutes, outcome and resolution, and the follow-up of resolutions."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from anlaufstelle.council.models.base import Published
from anlaufstelle.council.models.body import Committee
from anlaufstelle.council.querysets import AgendaItemQuerySet, CentreQuerySet, FollowUpQuerySet, MeetingQuerySet


class Location(Published):
    """A meeting place (OParl Location)."""

    description = models.CharField(_("description"), max_length=200)
    street_address = models.CharField(_("street and number"), max_length=200, blank=True)
    room = models.CharField(_("room"), max_length=100, blank=True)
    postal_code = models.CharField(_("postcode"), max_length=5, blank=True)
    locality = models.CharField(_("city"), max_length=100, blank=True)

    objects = ScopedManager(centre="centre", _manager_class=models.Manager.from_queryset(CentreQuerySet))

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["description", "id"]

    def __str__(self) -> str:
        return self.description


class Meeting(Published):
    class State(models.TextChoices):
        PLANNED = "planned", _("planned")
        INVITED = "invited", _("invited")
        HELD = "held", _("held")
        MINUTES_APPROVED = "minutes_approved", _("minutes approved")

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("committee")
    )
    name = models.CharField(_("name"), max_length=200)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"), null=True, blank=True)
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, null=True, blank=True, related_name="meetings", verbose_name=_("place")
    )
    online_url = models.URLField(_("online meeting link"), blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.PLANNED)
    cancelled = models.BooleanField(_("cancelled"), default=False)

    objects = ScopedManager(centre="centre", _manager_class=models.Manager.from_queryset(MeetingQuerySet))

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-start", "id"]
        indexes = [models.Index(fields=["centre", "start"])]

    def __str__(self) -> str:
        return self.name


class AgendaItem(Published):
    class Result(models.TextChoices):
        ADOPTED = "adopted", _("adopted")
        REJECTED = "rejected", _("rejected")
        DEFERRED = "deferred", _("deferred")
        NOTED = "noted", _("taken note")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items", verbose_name=_("meeting"))
    order = models.PositiveSmallIntegerField(_("order"))
    number = models.CharField(_("number"), max_length=20, blank=True)
    name = models.CharField(_("title"), max_length=300)
    public = models.BooleanField(_("public"), default=True)
    ever_public = models.BooleanField(default=False, editable=False)  # once public, depublishing shows it deleted
    minutes = models.TextField(_("minutes"), blank=True)
    result = models.CharField(_("outcome"), max_length=20, choices=Result.choices, blank=True)
    votes_yes = models.PositiveSmallIntegerField(_("yes votes"), null=True, blank=True)
    votes_no = models.PositiveSmallIntegerField(_("no votes"), null=True, blank=True)
    votes_abstain = models.PositiveSmallIntegerField(_("abstentions"), null=True, blank=True)
    resolution_text = models.TextField(_("resolution text"), blank=True)

    objects = ScopedManager(centre="centre", _manager_class=models.Manager.from_queryset(AgendaItemQuerySet))

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting_id", "order", "id"]

    def __str__(self) -> str:
        return f"{self.number or self.order}. {self.name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.ever_public = self.ever_public or self.public
        super().save(*args, **kwargs)

    @property
    def is_resolution(self) -> bool:
        return self.result == self.Result.ADOPTED and bool(self.resolution_text)


class FollowUp(models.Model):
    """Umsetzung eines Beschlusses: who carries a resolution out, by when, and how far it got."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        NOT_FEASIBLE = "not_feasible", _("not feasible")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("resolution")
    )
    task = models.CharField(_("task"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible"),
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    note = models.TextField(_("note"), blank=True)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    objects = ScopedManager(centre="centre", _manager_class=models.Manager.from_queryset(FollowUpQuerySet))

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.task

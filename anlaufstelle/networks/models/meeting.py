"""Network meetings with their agenda, minutes and action items."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


class Meeting(models.Model):
    """One meeting of a network: when and where, the minutes, and when invitation and minutes went out."""

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    invited_at = models.DateTimeField(_("invitation sent"), null=True, blank=True)
    minutes_sent_at = models.DateTimeField(_("minutes sent"), null=True, blank=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("network meeting")
        verbose_name_plural = _("network meetings")
        ordering = ["-starts_at", "id"]

    def __str__(self) -> str:
        return f"{self.network} {self.starts_at:%Y-%m-%d}"


class AgendaItem(models.Model):
    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("agenda item"), max_length=300)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class ActionItem(models.Model):
    """What someone of the centre's staff is to do after a meeting, by when."""

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items")
    task = models.CharField(_("task"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["centre", "owner", "done_on", "due_on"])]

    def __str__(self) -> str:
        return self.task

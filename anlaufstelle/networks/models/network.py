"""Networks and working groups, and their members: organisations and contact persons from the partner register."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_scopes import ScopedManager


class Network(models.Model):
    """A network or working group (Facharbeitskreis) the centre leads or takes part in."""

    class Kind(models.TextChoices):
        NETWORK = "network", _("Network")
        WORKING_GROUP = "working_group", _("Working group")

    class Level(models.TextChoices):
        LOCAL = "local", _("local")
        REGIONAL = "regional", _("regional")
        STATE = "state", pgettext_lazy("level", "state")

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("network", "planned")
        ACTIVE = "active", pgettext_lazy("network", "active")
        PAUSED = "paused", pgettext_lazy("network", "paused")
        ENDED = "ended", pgettext_lazy("network", "ended")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.WORKING_GROUP)
    topic = models.CharField(_("topic"), max_length=200)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, default=Level.LOCAL)
    led_by_centre = models.BooleanField(_("led by the integration centre"), default=True)
    lead = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_networks",  # not "+": the register's merge moves what its related objects list
        verbose_name=_("led by (organisation)"),
        help_text=_("When an organisation from the partner register leads it."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["centre", "level"])]

    def __str__(self) -> str:
        return self.name


class Member(models.Model):
    """An organisation in a network, optionally with the contact person who attends, a role and a time."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("chair")
        MEMBER = "member", pgettext_lazy("network role", "member")
        GUEST = "guest", _("guest")
        ADVISORY = "advisory", _("advisory member")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.CASCADE,
        related_name="network_memberships",
        verbose_name=_("organisation"),
    )
    # The person goes with their erasure from the register (Art. 17); the organisation stays a member.
    contact = models.ForeignKey(
        "partners.ContactPerson",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contact person"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_on = models.DateField(_("member since"), null=True, blank=True)
    left_on = models.DateField(_("member until"), null=True, blank=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("network member")
        verbose_name_plural = _("network members")
        ordering = ["organisation__name", "id"]

    def __str__(self) -> str:
        return str(self.organisation)

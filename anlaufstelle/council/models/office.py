"""The office's own records around meetings: the centre's council settings (notice period,
attendance allowances), who attended, forwardings of topics to other bodies, and what was read
from the town's own council system by OParl."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from anlaufstelle.council.models.body import Person
from anlaufstelle.council.models.meeting import AgendaItem, Meeting


class CouncilSettings(models.Model):
    """Per centre: the notice period of invitations, whether members may read non-public items,
    and the attendance allowance (Sitzungsgeld) per kind of meeting."""

    centre = models.OneToOneField("core.Centre", on_delete=models.CASCADE, related_name="+")
    notice_days = models.PositiveSmallIntegerField(_("notice period in days"), default=7)
    members_see_non_public = models.BooleanField(
        _("members receive the non-public items with their invitation"), default=True
    )
    allowance_council = models.DecimalField(
        _("attendance allowance per council meeting (EUR)"), max_digits=7, decimal_places=2, default=Decimal("0.00")
    )
    allowance_working_group = models.DecimalField(
        _("attendance allowance per working group meeting (EUR)"),
        max_digits=7,
        decimal_places=2,
        default=Decimal("0.00"),
    )

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("council settings")
        verbose_name_plural = _("council settings")

    def __str__(self) -> str:
        return f"Council settings #{self.pk}"

    def amount_for(self, committee_kind: str) -> Decimal:
        if committee_kind == "working_group":
            return Decimal(self.allowance_working_group)
        return Decimal(self.allowance_council)


class Attendance(models.Model):
    """Who took part in a meeting, from when to when; a deputy standing in names the member. The
    allowance is fixed when the attendance is recorded, so a later change of the amounts leaves
    statements as they were (as the volunteers' allowances do)."""

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("person"))
    stands_in_for = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stood_in_by",
        verbose_name=_("standing in for"),
    )
    arrived = models.TimeField(_("from"), null=True, blank=True)
    left = models.TimeField(_("until"), null=True, blank=True)
    allowance = models.DecimalField(max_digits=7, decimal_places=2, default=Decimal("0.00"))
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["meeting_id", "person__family_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="council_attendance_once_per_meeting")
        ]

    def __str__(self) -> str:
        return str(self.person)


class ExternalObject(models.Model):
    """An organization, meeting or paper read from the town's council system by OParl (read-only):
    what a forwarding links to."""

    class Kind(models.TextChoices):
        ORGANIZATION = "organization", _("committee")
        MEETING = "meeting", _("meeting")
        PAPER = "paper", _("paper")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    source = models.URLField(_("OParl system"), max_length=500)
    oparl_id = models.URLField(max_length=500)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=300)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    web = models.URLField(max_length=500, blank=True)
    organization_name = models.CharField(max_length=300, blank=True)
    imported = models.DateTimeField(auto_now=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("object of the town's council system")
        verbose_name_plural = _("objects of the town's council system")
        ordering = ["kind", "-date", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "oparl_id"], name="council_external_unique_per_centre")
        ]

    def __str__(self) -> str:
        return " ".join(part for part in (self.reference, self.name) if part)

    @property
    def link(self) -> str:
        return self.web or self.oparl_id


class Forwarding(models.Model):
    """A topic handed on to a committee or the town council, and what became of it there."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("pending")
        ADOPTED = "adopted", _("adopted")
        REJECTED = "rejected", _("rejected")
        NOTED = "noted", _("taken note")
        WITHDRAWN = "withdrawn", _("withdrawn")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="forwardings", verbose_name=_("agenda item")
    )
    recipient = models.CharField(_("forwarded to"), max_length=200)
    forwarded_on = models.DateField(_("forwarded on"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING)
    note = models.TextField(_("note"), blank=True)
    external = models.ForeignKey(
        ExternalObject,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forwardings",
        verbose_name=_("in the town's council system"),
    )
    url = models.URLField(_("link (e.g. its OParl URL)"), max_length=500, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("forwarding")
        verbose_name_plural = _("forwardings")
        ordering = ["forwarded_on", "id"]

    def __str__(self) -> str:
        return self.recipient

    @property
    def link(self) -> str:
        return self.url or (self.external.link if self.external else "")

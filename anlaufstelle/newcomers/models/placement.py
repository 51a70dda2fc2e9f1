"""Placement runs and the placement of one child in one seat quota, with its decisions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from anlaufstelle.newcomers.models.appointments import local_datetime


class Policy(models.TextChoices):
    """How a run places the children (issue 17): the trade-off between fairness and places."""

    SENIORITY = "seniority", _("As many children as possible, those who waited longest first")
    FAIR = "fair", _("As many children as possible, as few overtaken as possible")
    STABLE = "stable", _("Nobody overtaken by a child who waited less")


class PlacementSettings(models.Model):
    """The centre's choice of placement policy; without a row the default is SENIORITY."""

    centre = models.OneToOneField("core.Centre", on_delete=models.CASCADE, related_name="+")
    policy = models.CharField(_("way of placing"), max_length=20, choices=Policy.choices, default=Policy.SENIORITY)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("placement settings")
        verbose_name_plural = _("placement settings")

    def __str__(self) -> str:
        return str(self.get_policy_display())


class PlacementRun(models.Model):
    """One run of the solver over all waiting children; its proposals are drafts until released."""

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    job = models.ForeignKey("core.BackgroundJob", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    children = models.PositiveIntegerField(default=0)
    placed = models.PositiveIntegerField(default=0)
    total_km = models.FloatField(default=0)
    split_families = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)
    released_at = models.DateTimeField(null=True, blank=True)
    policy = models.CharField(_("way of placing"), max_length=20, choices=Policy.choices, default=Policy.SENIORITY)
    # child id -> reason codes, for the children the run could not place
    unplaced = models.JSONField(default=dict, blank=True)
    # fairness against places (issue 17): [{"policy", "placed", "overtaken", "km"}, ...], fewest placed first,
    # then this run's own proposals (policy "proposals"); see placement.frontier
    frontier = models.JSONField(default=list, blank=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("placement run")
        verbose_name_plural = _("placement runs")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return local_datetime(self.started_at)


class Placement(models.Model):
    """A child's school place: proposed by a run, decided by the school authority, confirmed by the school."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft proposal")
        PROPOSED = "proposed", _("Proposed to the school authority")
        APPROVED = "approved", _("Approved by the school authority")
        ACCEPTED = "accepted", _("Accepted by the school")
        REDIRECTED = "redirected", _("Redirected by the school authority")
        DECLINED = "declined", _("Declined by the school")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    OPEN = (Status.DRAFT, Status.PROPOSED, Status.APPROVED, Status.ACCEPTED)
    # Statuses that hold a seat: the solver counts them, approvals re-check them under a lock.
    HOLDS_SEAT = (Status.PROPOSED, Status.APPROVED, Status.ACCEPTED)
    TAKES_SEAT = (Status.APPROVED, Status.ACCEPTED)

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    child = models.ForeignKey("newcomers.Child", on_delete=models.CASCADE, related_name="placements")
    quota = models.ForeignKey(
        "newcomers.SeatQuota", on_delete=models.PROTECT, related_name="placements", verbose_name=_("seats")
    )
    run = models.ForeignKey(PlacementRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="placements")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    distance_km = models.FloatField(_("distance (km)"), null=True, blank=True)
    # door to door (routing server or straight-line estimate, see core/travel.py); None: not known
    travel_minutes = models.PositiveSmallIntegerField(_("travel time (minutes)"), null=True, blank=True)
    # the run's policy that placed the child; blank for places set by hand (redirected)
    policy = models.CharField(_("way of placing"), max_length=20, choices=Policy.choices, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    first_school_day = models.DateField(_("first school day"), null=True, blank=True)
    decision_note = models.CharField(_("reason"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=models.Q(status__in=["draft", "proposed", "approved", "accepted"]),
                name="placement_one_open_per_child",
            )
        ]
        indexes = [models.Index(fields=["quota", "status"]), models.Index(fields=["centre", "status"])]

    def __str__(self) -> str:
        return f"{self.child_id} → {self.quota_id} ({self.status})"

    @property
    def audit_label(self) -> str:
        return f"Placement #{self.pk} (child #{self.child_id})"

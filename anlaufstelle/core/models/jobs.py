"""Background jobs as the user sees them: progress, outcome and the file they produced."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


class BackgroundJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="jobs")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    kind = models.CharField(max_length=100)
    title = models.CharField(max_length=200)
    # Messages the job writes (progress, problems) are in the language of the person who started it.
    language = models.CharField(max_length=10, default="de")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    done_steps = models.PositiveIntegerField(default=0)
    total_steps = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)
    # Input the job works on (e.g. an uploaded spreadsheet); private, never served directly.
    input_file = models.FileField(upload_to="jobs/input/", blank=True)
    result_file = models.FileField(upload_to="jobs/result/", blank=True)
    # What the job was asked to do (e.g. the brochure's categories and language).
    params = models.JSONField(default=dict, blank=True)
    # What the job reports back: counts, problems, a link target.
    result = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # When a worker claimed it; the periodic sweep marks a job failed that runs too long (its worker died).
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.total_steps:
            return 0
        return min(100, int(100 * self.done_steps / self.total_steps))

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

"""Indicator values imported from IT.NRW or the Federal Employment Agency, per period and AGS area."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


class ImportBatch(models.Model):
    """One accepted import file: what it was, who brought it in, how many values it held."""

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    series = models.CharField(_("series"), max_length=100)
    label = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    source = models.CharField(_("source of the data"), max_length=200, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    rows = models.PositiveIntegerField(default=0)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-imported_at", "id"]

    def __str__(self) -> str:
        return f"{self.label} ({self.series})"


class ExternalValue(models.Model):
    """One figure of an imported series: a period ("2025" or "2025-06"), an area (AGS key) and a value."""

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="values")
    series = models.CharField(max_length=100)
    period = models.CharField(max_length=7)
    area = models.CharField(max_length=12)
    group = models.CharField(max_length=100, blank=True)
    value = models.DecimalField(max_digits=16, decimal_places=3)

    objects = ScopedManager(centre="centre")

    class Meta:
        ordering = ["series", "period", "area", "group"]
        indexes = [models.Index(fields=["centre", "series", "period"])]

    def __str__(self) -> str:
        return f"{self.series} {self.period} {self.area}: {self.value}"

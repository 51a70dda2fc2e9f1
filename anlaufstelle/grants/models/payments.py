"""Money going out: drawdown requests and the payment orders that bundle approved drawdowns for the
town's treasury (SEPA pain.001 and CSV)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from anlaufstelle.grants.models.applications import Application


class PaymentOrder(models.Model):
    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    source = models.ForeignKey("grants.FundingSource", on_delete=models.PROTECT, related_name="+")
    message_id = models.CharField(max_length=35, unique=True)
    execution_date = models.DateField(_("execution date"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("payment order")
        verbose_name_plural = _("payment orders")
        ordering = ["-created_at", "id"]

    def __str__(self) -> str:
        return self.message_id


class Drawdown(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("requested")
        APPROVED = "approved", _("approved")
        ORDERED = "ordered", _("payment ordered")
        REFUSED = "refused", _("refused")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="drawdowns")
    amount_cents = models.BigIntegerField(_("amount"))
    needed_on = models.DateField(_("needed on"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    order = models.ForeignKey(PaymentOrder, on_delete=models.PROTECT, null=True, blank=True, related_name="drawdowns")

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("drawdown")
        verbose_name_plural = _("drawdowns")
        ordering = ["requested_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_cents__gt=0), name="grants_drawdown_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.amount_cents}"

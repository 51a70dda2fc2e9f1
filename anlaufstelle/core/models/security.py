"""Sign-in throttling per account, across every client address (see core/login_throttle.py)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class LoginThrottle(models.Model):
    """Failed sign-ins for one e-mail address, whether an account has it or not.

    The address is stored only as a keyed hash, so the table reveals nobody's address.
    """

    key = models.CharField(max_length=64, unique=True)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField()

    class Meta:
        verbose_name = _("sign-in throttle")
        verbose_name_plural = _("sign-in throttles")

    def __str__(self) -> str:
        return f"{self.key[:8]}… ({self.failures})"

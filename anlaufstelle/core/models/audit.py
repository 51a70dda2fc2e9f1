"""The audit trail: append-only records of who did or saw what, when, in which centre."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


class AuditTrailIsAppendOnly(Exception):
    """Raised on any attempt to change or delete audit entries through the application."""


class AuditQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AuditTrailIsAppendOnly("Audit entries cannot be changed.")

    def delete(self) -> NoReturn:  # type: ignore[override]
        raise AuditTrailIsAppendOnly("Audit entries cannot be deleted.")


class AuditEntry(models.Model):
    class Kind(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")
        READ = "read", _("viewed")
        EXPORT = "export", _("exported")
        IMPORT = "import", _("imported")
        MERGE = "merge", _("merged")
        LOGIN = "login", _("signed in")
        LOGIN_FAILED = "login_failed", _("sign-in failed")
        LOGOUT = "logout", _("signed out")
        SECURITY = "security", _("security setting")

    centre = models.ForeignKey("core.Centre", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # No database constraint: deleting an account must not rewrite the append-only trail.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    # Kept even when the account is deleted later.
    actor_label = models.CharField(max_length=254, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    action = models.CharField(max_length=100)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_repr = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = ScopedManager(centre="centre", _manager_class=models.Manager.from_queryset(AuditQuerySet))

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["centre", "-created_at"]),
            models.Index(fields=["target_type", "target_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise AuditTrailIsAppendOnly("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:  # type: ignore[override]
        raise AuditTrailIsAppendOnly("Audit entries cannot be deleted.")

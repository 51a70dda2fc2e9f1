"""Staff and partner accounts, and their memberships (role per centre)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from anlaufstelle.core.roles import Role


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. What they may do is decided by their memberships, per centre."""

    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    is_active = models.BooleanField(_("active"), default=True)
    # Only for the installation operator (Django admin is not exposed to centres).
    is_staff = models.BooleanField(_("installation operator"), default=False)
    preferred_language = models.CharField(_("preferred language"), max_length=10, default="de")
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def audit_label(self) -> str:
        # The address, not the account's name: another centre may have given that name.
        return self.email


class Membership(models.Model):
    """One role of one person in one centre. A person may hold several roles in several centres.

    Memberships are the tenancy mechanism itself, so they are not scoped by django-scopes;
    every query on them filters by user or by centre explicitly.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    # For partner and school-contact roles: the organisation the person acts for.
    organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # The name this centre knows the person by: given by the person on accepting the invitation,
    # never taken from the account (which another centre may have named).
    full_name = models.CharField(_("name in this centre"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "centre", "role"], name="membership_unique_role")]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} ({self.centre_id})"


class Invitation(models.Model):
    """An invitation by e-mail to take roles in a centre, accepted through a single-use link.

    Until the person accepts, the centre knows the address only: not whether an account exists
    for it, nor any name. Only the SHA-256 of the link's token is stored (core.tokens).
    """

    VALID_FOR = datetime.timedelta(days=7)

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        ACCEPTED = "accepted", _("accepted")
        WITHDRAWN = "withdrawn", _("withdrawn")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"))
    roles = models.JSONField(_("roles"), default=list)
    organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    language = models.CharField(max_length=10, default="de")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("valid until"))
    accepted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "email"],
                condition=models.Q(status="pending"),
                name="invitation_one_open_per_address",
            )
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def audit_label(self) -> str:
        return self.email

    @property
    def is_expired(self) -> bool:
        return self.status == self.Status.PENDING and self.expires_at <= timezone.now()

    @property
    def is_open(self) -> bool:
        """Pending and not expired: the link can still be used."""
        return self.status == self.Status.PENDING and not self.is_expired

    def role_labels(self) -> list[str]:
        labels = dict(Role.choices)
        return [str(labels.get(role, role)) for role in self.roles]

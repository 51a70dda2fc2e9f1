"""A centre's identity provider and the external identities signed in through it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IdentityProvider(models.Model):
    """The town's OpenID Connect provider for one centre's staff.

    The provider of a centre signs people into that centre only: a session begun through it grants
    roles in that centre and nowhere else (see `anlaufstelle.sso.middleware`). The client secret is
    never stored here: `client_secret_env` names the environment variable that holds it (blank for
    a public client, which relies on PKCE alone).
    """

    class Kind(models.TextChoices):
        OIDC = "oidc", _("OpenID Connect")
        LDAP = "ldap", _("LDAP / Active Directory")

    centre = models.OneToOneField("core.Centre", on_delete=models.CASCADE, related_name="identity_provider")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OIDC)
    enabled = models.BooleanField(_("enabled"), default=False)
    label = models.CharField(
        _("button label"), max_length=100, blank=True, help_text=_("For example “Stadt Krefeld account”.")
    )
    issuer = models.URLField(
        _("issuer"), max_length=300, blank=True, help_text=_("The provider's issuer URL, as in its discovery document.")
    )
    client_id = models.CharField(_("client ID"), max_length=200, blank=True)
    client_secret_env = models.CharField(
        _("environment variable with the client secret"),
        max_length=100,
        blank=True,
        help_text=_("Leave empty for a public client (PKCE only)."),
    )
    scopes = models.CharField(_("scopes"), max_length=300, default="openid email profile")
    groups_claim = models.CharField(_("claim with the groups"), max_length=100, default="groups")
    # {"directory group": ["role", ...]}
    role_map = models.JSONField(_("roles per directory group"), default=dict, blank=True)
    create_accounts = models.BooleanField(
        _("create accounts on first sign-in"),
        default=False,
        help_text=_("Otherwise only people who are already members of this centre may sign in this way."),
    )
    mfa_amr_values = models.CharField(
        _("amr values that count as a second factor"), max_length=200, default="mfa otp hwk swk"
    )
    mfa_acr_values = models.CharField(_("acr values that count as a second factor"), max_length=300, blank=True)
    # LDAP / Active Directory (kind LDAP). The bind password, like the client secret, only from the
    # environment: the field names the variable.
    ldap_uri = models.CharField(_("LDAP server"), max_length=300, blank=True, help_text=_("ldaps://… or ldap://…"))
    ldap_start_tls = models.BooleanField(_("StartTLS"), default=True)
    ldap_ca_file = models.CharField(_("CA certificate file on the server"), max_length=300, blank=True)
    ldap_bind_dn = models.CharField(_("service account DN"), max_length=300, blank=True)
    ldap_bind_password_env = models.CharField(
        _("environment variable with the service account's password"), max_length=100, blank=True
    )
    ldap_user_base = models.CharField(_("where people are"), max_length=300, blank=True)
    ldap_user_filter = models.CharField(
        _("filter for a sign-in name"),
        max_length=300,
        default="(|(uid={login})(mail={login}))",
        help_text=_("{login} stands for what the person types. Active Directory: (sAMAccountName={login})."),
    )
    ldap_group_base = models.CharField(
        _("where groups are"), max_length=300, blank=True, help_text=_("Empty: read the person's memberOf.")
    )
    ldap_id_attribute = models.CharField(_("attribute with a stable id"), max_length=100, default="entryUUID")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")

    def __str__(self) -> str:
        return self.label or self.issuer


class ExternalIdentity(models.Model):
    """One person at one provider (its `sub`), linked to one account."""

    provider = models.ForeignKey(IdentityProvider, on_delete=models.CASCADE, related_name="identities")
    subject = models.CharField(max_length=255)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_identities")
    created_at = models.DateTimeField(auto_now_add=True)
    last_sign_in = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("external identity")
        verbose_name_plural = _("external identities")
        constraints = [models.UniqueConstraint(fields=["provider", "subject"], name="sso_identity_unique_subject")]

    def __str__(self) -> str:
        return f"{self.subject} ({self.provider_id})"

"""The centre admin keeps the centre's identity provider."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from anlaufstelle.core.audit import audit_record, diff, snapshot
from anlaufstelle.core.models import AuditEntry, Centre, User
from anlaufstelle.sso.models import IdentityProvider

FIELDS = (
    "kind",
    "enabled",
    "label",
    "issuer",
    "client_id",
    "client_secret_env",
    "scopes",
    "groups_claim",
    "role_map",
    "create_accounts",
    "mfa_amr_values",
    "mfa_acr_values",
    "ldap_uri",
    "ldap_start_tls",
    "ldap_ca_file",
    "ldap_bind_dn",
    "ldap_bind_password_env",
    "ldap_user_base",
    "ldap_user_filter",
    "ldap_group_base",
    "ldap_id_attribute",
)


@transaction.atomic
def provider_save(*, centre: Centre, actor: User, data: dict[str, Any]) -> IdentityProvider:
    provider = IdentityProvider.objects.select_for_update().filter(centre=centre).first()
    created = provider is None
    if provider is None:
        provider = IdentityProvider(centre=centre)
    before = snapshot(provider, FIELDS) if not created else {}
    for name in FIELDS:
        if name in data:
            setattr(provider, name, data[name])
    provider.issuer = provider.issuer.rstrip("/")
    provider.save()
    audit_record(
        actor=actor,
        centre=centre,
        kind=AuditEntry.Kind.CREATE if created else AuditEntry.Kind.UPDATE,
        action="sso.provider.save",
        target=provider,
        changes=diff(before, snapshot(provider, FIELDS)),
    )
    return provider

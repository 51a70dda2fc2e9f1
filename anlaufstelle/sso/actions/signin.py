"""A person signs in through their centre's provider: find or make the account, set the roles."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.audit import audit_record
from anlaufstelle.core.models import AuditEntry, Membership, User
from anlaufstelle.core.roles import STAFF_ROLES
from anlaufstelle.sso.models import ExternalIdentity, IdentityProvider
from anlaufstelle.sso.oidc import SignInRefused


def mapped_roles(provider: IdentityProvider, claims: dict[str, Any]) -> set[str]:
    """The staff roles the person's directory groups give in this centre."""
    groups = claims.get(provider.groups_claim) or []
    if isinstance(groups, str):
        groups = [groups]
    roles: set[str] = set()
    for group in groups:
        for role in provider.role_map.get(str(group), []):
            if role in STAFF_ROLES:
                roles.add(role)
    return roles


def _display_name(claims: dict[str, Any]) -> str:
    name = str(claims.get("name") or "").strip()
    if not name:
        name = " ".join(str(claims.get(part) or "").strip() for part in ("given_name", "family_name")).strip()
    return name[:200]


def _account(provider: IdentityProvider, claims: dict[str, Any]) -> tuple[User, bool]:
    """The account for this person; refused rather than guessed."""
    identity = (
        ExternalIdentity.objects.select_for_update()
        .select_related("user")
        .filter(provider=provider, subject=str(claims["sub"]))
        .first()
    )
    if identity is not None:
        identity.last_sign_in = timezone.now()
        identity.save(update_fields=["last_sign_in"])
        return identity.user, False
    email = str(claims.get("email") or "").strip().lower()
    if not email or claims.get("email_verified") is False:
        raise SignInRefused(_("The town's sign-in service did not give a confirmed e-mail address."))
    existing = User.objects.filter(email=email).first()
    if existing is not None:
        # Linked only where this centre already knows the person: the provider of one centre
        # never takes over an account that only another centre knows.
        if not Membership.objects.filter(user=existing, centre=provider.centre, is_active=True).exists():
            raise SignInRefused(
                _("An account with this e-mail address exists, but not in this centre. Please ask the centre's admin.")
            )
        user = existing
    elif provider.create_accounts:
        user = User.objects.create_user(email=email, password=None, full_name=_display_name(claims))
    else:
        raise SignInRefused(_("Your account is not yet a member of this centre. Please ask the centre's admin."))
    ExternalIdentity.objects.create(
        provider=provider, subject=str(claims["sub"]), user=user, last_sign_in=timezone.now()
    )
    return user, existing is None


@transaction.atomic
def external_sign_in(*, provider: IdentityProvider, claims: dict[str, Any]) -> User:
    """The account to sign in, with its staff roles in the provider's centre set from the groups."""
    roles = mapped_roles(provider, claims)
    if not roles:
        raise SignInRefused(_("Your directory account has no role in this centre. Please ask the centre's admin."))
    user, created = _account(provider, claims)
    if not user.is_active:
        raise SignInRefused(_("This account is switched off."))
    centre = provider.centre
    current = {
        membership.role: membership
        for membership in Membership.objects.select_for_update().filter(user=user, centre=centre)
    }
    added, removed = [], []
    name = _display_name(claims)
    for role in sorted(roles):
        membership = current.get(role)
        if membership is None:
            Membership.objects.create(user=user, centre=centre, role=role, full_name=name)
            added.append(role)
        elif not membership.is_active:
            membership.is_active = True
            membership.save(update_fields=["is_active"])
            added.append(role)
    for role, membership in current.items():
        if role in STAFF_ROLES and role not in roles and membership.is_active:
            membership.is_active = False
            membership.save(update_fields=["is_active"])
            removed.append(role)
    before = sorted(role for role, m in current.items() if role in STAFF_ROLES and (m.is_active or role in removed))
    before = sorted((set(before) - set(added)) | set(removed))
    after = sorted(roles)
    changes: dict[str, Any] = {"roles": [before, after]} if before != after else {}
    if created:
        changes["account"] = ["", "created"]
    audit_record(
        actor=user, centre=centre, kind=AuditEntry.Kind.LOGIN, action="sso.sign_in", target=provider, changes=changes
    )
    return user

"""Every write of the core app: atomic, keyword-only, audited in the same transaction."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from anlaufstelle.core.audit import audit_record, diff, snapshot
from anlaufstelle.core.errors import Refused
from anlaufstelle.core.models import (
    AuditEntry,
    Centre,
    CentreContent,
    Funder,
    Invitation,
    Membership,
    TeamMember,
    TeamMemberTranslation,
    User,
)
from anlaufstelle.core.public_cache import public_changed
from anlaufstelle.core.tokens import new_token, plausible, token_hash
from anlaufstelle.core.translation import SOURCE_LANGUAGE


def _source_digest(rows: dict[str, Any]) -> str:
    source = rows.get(SOURCE_LANGUAGE)
    return source.digest() if source is not None else ""


@transaction.atomic
def centre_content_update(*, centre: Centre, language: str, data: dict[str, Any], actor: User) -> CentreContent:
    """Save the public page texts of `centre` in `language`; translations are stamped with
    the digest of the German texts they were made from. The notice banner's first and last day
    are kept on the German row only (they hold for every language)."""
    content, created = CentreContent.objects.select_for_update().get_or_create(centre=centre, language=language)
    audited = (
        (*content.translated_fields, *content.schedule_fields)
        if language == SOURCE_LANGUAGE
        else content.translated_fields
    )
    before = {} if created else snapshot(content, audited)
    for name in content.translated_fields:
        if name in data:
            setattr(content, name, data[name])
    if language == SOURCE_LANGUAGE:
        for name in content.schedule_fields:
            if name in data:
                setattr(content, name, data[name])
    if language != SOURCE_LANGUAGE:
        source = CentreContent.objects.filter(centre=centre, language=SOURCE_LANGUAGE).first()
        content.source_digest = source.digest() if source else ""
        content.machine_translated = False
    content.save()
    audit_record(
        actor=actor,
        centre=centre,
        kind=AuditEntry.Kind.CREATE if created else AuditEntry.Kind.UPDATE,
        action="core.centre_content.update",
        target=content,
        changes=diff(before, snapshot(content, audited)),
    )
    public_changed(centre_id=centre.pk)
    return content


TEAM_FIELDS = ("name", "email", "phone", "position", "is_public")


@transaction.atomic
def team_member_save(
    *,
    centre: Centre,
    actor: User,
    data: dict[str, Any],
    texts: dict[str, dict[str, str]],
    member: TeamMember | None = None,
) -> TeamMember:
    """Create or change a team member with job title and tasks per language."""
    created = member is None
    if member is None:
        member = TeamMember(centre=centre)
        before: dict[str, Any] = {}
    else:
        before = snapshot(member, TEAM_FIELDS)
    for name in TEAM_FIELDS:
        if name in data:
            setattr(member, name, data[name])
    member.save()
    after = snapshot(member, TEAM_FIELDS)
    existing = {row.language: row for row in member.translations.all()} if not created else {}
    changed: set[str] = set()
    for language, values in texts.items():
        row = existing.get(language) or TeamMemberTranslation(member=member, language=language)
        for name in TeamMemberTranslation.translated_fields:
            old = getattr(row, name)
            new = values.get(name, "")
            if old != new:
                before[f"{language}.{name}"] = old if row.pk else None
                after[f"{language}.{name}"] = new
                changed.add(language)
            setattr(row, name, new)
        if row.pk or not row.is_empty():
            existing[language] = row
    source_digest = _source_digest(existing)
    for language in changed & set(existing):
        row = existing[language]
        # A translation edited now is made from the current German text; one left alone keeps
        # its old stamp and so shows as outdated when the German text changed.
        if language != SOURCE_LANGUAGE:
            row.source_digest = source_digest
            row.machine_translated = False
        row.save()
    audit_record(
        actor=actor,
        centre=centre,
        kind=AuditEntry.Kind.CREATE if created else AuditEntry.Kind.UPDATE,
        action="core.team_member.save",
        target=member,
        changes=diff(before, after),
    )
    public_changed(centre_id=centre.pk)
    return member


@transaction.atomic
def team_member_delete(*, member: TeamMember, actor: User) -> None:
    """Remove a team member from the public page."""
    audit_record(
        actor=actor,
        centre=member.centre,
        kind=AuditEntry.Kind.DELETE,
        action="core.team_member.delete",
        target=member,
        changes=diff(snapshot(member, TEAM_FIELDS), {}),
    )
    public_changed(centre_id=member.centre_id)
    member.delete()


FUNDER_FIELDS = ("name", "url", "logo", "position")


@transaction.atomic
def funder_save(*, centre: Centre, actor: User, data: dict[str, Any], funder: Funder | None = None) -> Funder:
    """Create or change a funder shown with its logo on the public page."""
    created = funder is None
    funder = funder or Funder(centre=centre)
    before = {} if created else snapshot(funder, FUNDER_FIELDS)
    for name in FUNDER_FIELDS:
        if name in data and not (name == "logo" and not data[name]):
            setattr(funder, name, data[name])
    funder.save()
    audit_record(
        actor=actor,
        centre=centre,
        kind=AuditEntry.Kind.CREATE if created else AuditEntry.Kind.UPDATE,
        action="core.funder.save",
        target=funder,
        changes=diff(before, snapshot(funder, FUNDER_FIELDS)),
    )
    public_changed(centre_id=centre.pk)
    return funder


@transaction.atomic
def funder_delete(*, funder: Funder, actor: User) -> None:
    """Remove a funder and its logo."""
    audit_record(
        actor=actor,
        centre=funder.centre,
        kind=AuditEntry.Kind.DELETE,
        action="core.funder.delete",
        target=funder,
        changes=diff(snapshot(funder, FUNDER_FIELDS), {}),
    )
    public_changed(centre_id=funder.centre_id)
    logo = funder.logo
    funder.delete()
    if logo:
        transaction.on_commit(lambda: logo.storage.delete(logo.name))


class CodedRefusal(Refused):
    """A refusal named by a short code (`str()` and `code` give it, as callers and tests check it),
    with the translated sentence for the person in `message`."""

    MESSAGES: dict[str, Promise] = {}
    DEFAULT: Promise | None = None  # the sentence for codes without their own; None: every code has one
    FIELDS: dict[str, str] = {}

    def __init__(self, code: str) -> None:
        message = self.MESSAGES.get(code, self.DEFAULT)
        if message is None:
            raise KeyError(f"{type(self).__name__} has no message for {code!r}.")
        super().__init__(message, field=self.FIELDS.get(code))
        self.code = code
        self.args = (code,)

    def __str__(self) -> str:
        return self.code


class RoleChangeRefused(CodedRefusal):
    """A role change that would lock the centre out; the code names the rule."""

    MESSAGES = {
        "own_admin": gettext_lazy("You cannot remove your own admin role."),
        "last_admin": gettext_lazy("A centre keeps at least one admin."),
    }
    FIELDS = {"own_admin": "roles", "last_admin": "roles"}


# Roles that act for an organisation of the partner register.
ORGANISATION_ROLES = {"partner", "school_contact"}


def _role_list(user: User, centre: Centre) -> list[str]:
    return sorted(user.memberships.filter(centre=centre, is_active=True).values_list("role", flat=True))


class InvitationError(CodedRefusal):
    """An invitation that cannot be made or used; the code names the rule ("member", "busy",
    "expired", "sign_in", "password", "other_account", or the state it is already in)."""

    MESSAGES = {
        "member": gettext_lazy("This person is already a member of this centre; change their roles on their page."),
        "busy": gettext_lazy("This address has just been invited by someone else; see the list of invitations."),
        Invitation.Status.ACCEPTED: gettext_lazy("This invitation has already been accepted or withdrawn."),
        Invitation.Status.WITHDRAWN: gettext_lazy("This invitation has already been accepted or withdrawn."),
    }
    DEFAULT = gettext_lazy("The invitation could not be accepted. Please sign in, or ask the centre to send it again.")
    FIELDS = {"member": "email", "busy": "email"}


def _invitation_url(token: str) -> str:
    from django.conf import settings
    from django.urls import reverse

    return settings.SITE_URL + reverse("core:invitation_accept", kwargs={"token": token})


def _send_invitation(invitation: Invitation, token: str) -> None:
    """Mail the link after the commit; a mail server outage never undoes the invitation."""
    from anlaufstelle.core.mail import send_invitation_mail

    url = _invitation_url(token)
    transaction.on_commit(lambda: send_invitation_mail(invitation=invitation, url=url), robust=True)


def _issue(invitation: Invitation) -> str:
    """A fresh link for `invitation` (any older one stops working), valid for VALID_FOR."""
    token, invitation.token_hash = new_token()
    invitation.sent_at = timezone.now()
    invitation.expires_at = invitation.sent_at + Invitation.VALID_FOR
    return token


@transaction.atomic
def invitation_create(
    *,
    centre: Centre,
    actor: User,
    email: str,
    roles: list[str],
    organisation: Any = None,
    language: str = "de",
) -> Invitation:
    """Invite an e-mail address to take `roles` in `centre`; the person accepts by a link.

    Whether the address has an account (here or in another centre) changes nothing: no roles are
    given and no name is shown before the person accepts. A still open invitation to the same
    address is replaced (new roles, new link). An address that is already a member here is
    refused with InvitationError("member"): its roles are changed on the person's page; two
    admins inviting the same address at once: the second gets InvitationError("busy").
    """
    email = email.strip().lower()
    if Membership.objects.filter(centre=centre, user__email__iexact=email, is_active=True).exists():
        raise InvitationError("member")
    invitation = (
        Invitation.objects.select_for_update()
        .filter(centre=centre, email=email, status=Invitation.Status.PENDING)
        .first()
    ) or Invitation(centre=centre, email=email)
    created = invitation.pk is None
    before = {} if created else {"roles": invitation.roles, "organisation": invitation.organisation_id}
    invitation.roles = sorted(set(roles))
    invitation.organisation = organisation if set(roles) & ORGANISATION_ROLES else None
    invitation.language = language[:10]
    invitation.created_by = actor
    token = _issue(invitation)
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError:  # another admin invited the same address in the same moment
        raise InvitationError("busy") from None
    audit_record(
        actor=actor,
        centre=centre,
        kind=AuditEntry.Kind.CREATE if created else AuditEntry.Kind.UPDATE,
        action="core.invitation.create" if created else "core.invitation.resend",
        target=invitation,
        changes=diff(before, {"roles": invitation.roles, "organisation": invitation.organisation_id}),
    )
    _send_invitation(invitation, token)
    return invitation


def _locked_pending(invitation: Invitation) -> Invitation:
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk, centre=invitation.centre)
    if locked.status != Invitation.Status.PENDING:
        raise InvitationError(locked.status)
    return locked


@transaction.atomic
def invitation_resend(*, invitation: Invitation, actor: User) -> Invitation:
    """Send a new link (also for an expired invitation); the old link stops working."""
    invitation = _locked_pending(invitation)
    token = _issue(invitation)
    invitation.save(update_fields=["token_hash", "sent_at", "expires_at"])
    audit_record(
        actor=actor,
        centre=invitation.centre,
        kind=AuditEntry.Kind.UPDATE,
        action="core.invitation.resend",
        target=invitation,
    )
    _send_invitation(invitation, token)
    return invitation


@transaction.atomic
def invitation_withdraw(*, invitation: Invitation, actor: User) -> Invitation:
    """Withdraw an invitation that has not been accepted; its link stops working."""
    invitation = _locked_pending(invitation)
    invitation.status = Invitation.Status.WITHDRAWN
    invitation.closed_at = timezone.now()
    invitation.save(update_fields=["status", "closed_at"])
    audit_record(
        actor=actor,
        centre=invitation.centre,
        kind=AuditEntry.Kind.DELETE,
        action="core.invitation.withdraw",
        target=invitation,
    )
    return invitation


def invitation_by_token(token: str) -> Invitation | None:
    """The invitation a link belongs to, in any state (None for an unknown link)."""
    from django_scopes import scopes_disabled

    if not plausible(token):
        return None
    # Needed: the link (/konto/einladung/<token>/) names no centre, and a person may be invited
    # before any centre of theirs is known; the token's hash is the only key, and it is unique.
    # The invitation found names its centre, and everything after this runs inside that scope.
    with scopes_disabled():
        return Invitation.objects.select_related("centre").filter(token_hash=token_hash(token)).first()


@transaction.atomic
def invitation_accept(
    *, invitation: Invitation, user: User | None, full_name: str, password: str | None = None
) -> User:
    """Accept an invitation: the memberships become active with the invited roles.

    `user` is the signed-in account whose address was invited. Without one (`user=None`) the
    person has no usable account yet: it is created, or an earlier invited account that never
    set a password gets one, with `full_name` and `password`. The name is kept per membership:
    it is what this centre shows, whatever other centres know the account by.
    """
    from django_scopes import scope

    with scope(centre=invitation.centre):
        invitation = _locked_pending(invitation)
        centre = invitation.centre
        if invitation.is_expired:
            raise InvitationError("expired")
        account = User.objects.select_for_update().filter(email__iexact=invitation.email).first()
        if user is None:
            if account is not None and account.has_usable_password():
                raise InvitationError("sign_in")
            if password is None:
                raise InvitationError("password")
            if account is None:
                try:
                    with transaction.atomic():
                        account = User.objects.create_user(invitation.email, password, full_name=full_name)
                except IntegrityError:  # created in the same moment: sign in instead
                    raise InvitationError("sign_in") from None
            else:
                account.full_name = full_name
                account.set_password(password)
                account.save(update_fields=["full_name", "password"])
            user = account
        elif account is None or account.pk != user.pk:
            raise InvitationError("other_account")
        before = _role_list(user, centre)
        _sync_roles(
            centre=centre,
            user=user,
            roles=sorted(set(invitation.roles) | set(before)),
            organisation=invitation.organisation,
            membership_model=Membership,
            full_name=full_name,
        )
        invitation.status = Invitation.Status.ACCEPTED
        invitation.accepted_by = user
        invitation.closed_at = timezone.now()
        invitation.save(update_fields=["status", "accepted_by", "closed_at"])
        audit_record(
            actor=user,
            centre=centre,
            kind=AuditEntry.Kind.UPDATE,
            action="core.invitation.accept",
            target=invitation,
            changes={"roles": [before, _role_list(user, centre)]},
        )
    return user


def _sync_roles(
    *,
    centre: Centre,
    user: User,
    roles: list[str],
    organisation: Any,
    membership_model: Any,
    full_name: str | None = None,
) -> None:
    existing = {m.role: m for m in membership_model.objects.filter(user=user, centre=centre)}
    if full_name is None:  # new roles carry the name this centre already knows the person by
        full_name = next((m.full_name for m in existing.values() if m.full_name), "")
    else:
        membership_model.objects.filter(user=user, centre=centre).update(full_name=full_name)
    for role, membership in existing.items():
        wanted = role in roles
        org = organisation if role in ORGANISATION_ROLES else None
        if membership.is_active != wanted or (wanted and membership.organisation_id != getattr(org, "pk", None)):
            membership.is_active = wanted
            membership.organisation = org if wanted else membership.organisation
            membership.save(update_fields=["is_active", "organisation"])
    for role in roles:
        if role not in existing:
            membership_model.objects.create(
                user=user,
                centre=centre,
                role=role,
                organisation=organisation if role in ORGANISATION_ROLES else None,
                full_name=full_name,
            )


@transaction.atomic
def member_set_roles(*, centre: Centre, actor: User, user: User, roles: list[str], organisation: Any = None) -> None:
    """Change a person's roles in `centre`; an empty list removes them from the centre."""
    from anlaufstelle.core.models import Membership

    if "centre_admin" not in roles and "centre_admin" in _role_list(user, centre):
        if actor.pk == user.pk:
            raise RoleChangeRefused("own_admin")
        # Lock the admin memberships so two admins cannot remove each other at the same moment.
        admins = list(
            Membership.objects.select_for_update()
            .filter(centre=centre, role="centre_admin", is_active=True, user__is_active=True)
            .values_list("user_id", flat=True)
        )
        if not [pk for pk in admins if pk != user.pk]:
            raise RoleChangeRefused("last_admin")
    before = _role_list(user, centre)
    _sync_roles(centre=centre, user=user, roles=roles, organisation=organisation, membership_model=Membership)
    audit_record(
        actor=actor,
        centre=centre,
        kind=AuditEntry.Kind.UPDATE,
        action="core.member.roles",
        target=user,
        changes={"roles": [before, _role_list(user, centre)]},
    )


CENTRE_FIELDS = ("name", "street", "postcode", "city", "email", "phone", "districts")


@transaction.atomic
def centre_update(*, centre: Centre, actor: User, data: dict[str, Any]) -> Centre:
    """Change the centre's name and contact data shown on its public page, and its district list."""
    # From the database: a bound ModelForm has already written the new values onto `centre`.
    before = snapshot(Centre.objects.get(pk=centre.pk), CENTRE_FIELDS)
    for name in CENTRE_FIELDS:
        if name in data:
            setattr(centre, name, data[name])
    centre.save()
    audit_record(
        actor=actor,
        centre=centre,
        kind=AuditEntry.Kind.UPDATE,
        action="core.centre.update",
        target=centre,
        changes=diff(before, snapshot(centre, CENTRE_FIELDS)),
    )
    public_changed(centre_id=centre.pk)
    return centre

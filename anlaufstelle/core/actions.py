"""Every write of the core app: atomic, keyword-only, audited in the same transaction."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from anlaufstelle.core.audit import audit_record, diff, snapshot
from anlaufstelle.core.models import (
    AuditEntry,
    Centre,
    CentreContent,
    Funder,
    TeamMember,
    TeamMemberTranslation,
    User,
)
from anlaufstelle.core.public_cache import public_changed
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


class RoleChangeRefused(ValueError):
    """A role change that would lock the centre out; the argument names the rule."""


# Roles that act for an organisation of the partner register.
ORGANISATION_ROLES = {"partner", "school_contact"}


def _role_list(user: User, centre: Centre) -> list[str]:
    return sorted(user.memberships.filter(centre=centre, is_active=True).values_list("role", flat=True))


@transaction.atomic
def member_invite(
    *,
    centre: Centre,
    actor: User,
    email: str,
    full_name: str,
    roles: list[str],
    organisation: Any = None,
    set_password_url: Any = None,
) -> User:
    """Give a person roles in `centre`, creating the account if needed; a new account gets an
    e-mail with a single-use link to set its password."""
    from anlaufstelle.core.models import Membership

    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if user is None:
        try:
            with transaction.atomic():
                user = User.objects.create_user(email, None, full_name=full_name)
        except IntegrityError:  # invited by someone else in the same moment
            user = User.objects.get(email__iexact=email)
            created = False
    before = _role_list(user, centre)
    # Inviting never takes roles away: an existing member keeps the roles they have.
    _sync_roles(
        centre=centre,
        user=user,
        roles=sorted(set(roles) | set(before)),
        organisation=organisation,
        membership_model=Membership,
    )
    audit_record(
        actor=actor,
        centre=centre,
        kind=AuditEntry.Kind.CREATE if created else AuditEntry.Kind.UPDATE,
        action="core.member.invite",
        target=user,
        changes={"roles": [before, _role_list(user, centre)]},
    )
    # New accounts, and invited ones that never set a password (link expired), get the link again.
    if set_password_url is not None and not user.has_usable_password():
        from anlaufstelle.core.mail import send_set_password_mail

        # robust: a mail server outage is logged and never turns the saved invitation into an error page.
        transaction.on_commit(
            lambda: send_set_password_mail(user=user, centre=centre, url_for=set_password_url), robust=True
        )
    return user


def _sync_roles(*, centre: Centre, user: User, roles: list[str], organisation: Any, membership_model: Any) -> None:
    existing = {m.role: m for m in membership_model.objects.filter(user=user, centre=centre)}
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

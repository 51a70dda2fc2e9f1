"""Every write of the core app: atomic, keyword-only, audited in the same transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction

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
from anlaufstelle.core.translation import SOURCE_LANGUAGE


def _source_digest(rows: dict[str, Any]) -> str:
    source = rows.get(SOURCE_LANGUAGE)
    return source.digest() if source is not None else ""


@transaction.atomic
def centre_content_update(*, centre: Centre, language: str, data: dict[str, str], actor: User) -> CentreContent:
    """Save the public page texts of `centre` in `language`; translations are stamped with
    the digest of the German texts they were made from."""
    content, created = CentreContent.objects.select_for_update().get_or_create(centre=centre, language=language)
    before = {} if created else snapshot(content, content.translated_fields)
    for name in content.translated_fields:
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
        changes=diff(before, snapshot(content, content.translated_fields)),
    )
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
    for language, values in texts.items():
        row = existing.get(language) or TeamMemberTranslation(member=member, language=language)
        for name in TeamMemberTranslation.translated_fields:
            old = getattr(row, name)
            new = values.get(name, "")
            if old != new:
                before[f"{language}.{name}"] = old if row.pk else None
                after[f"{language}.{name}"] = new
            setattr(row, name, new)
        existing[language] = row
    source_digest = _source_digest(existing)
    for language, row in existing.items():
        if language != SOURCE_LANGUAGE and language in texts:
            row.source_digest = source_digest
        if language in texts:
            row.save()
    audit_record(
        actor=actor,
        centre=centre,
        kind=AuditEntry.Kind.CREATE if created else AuditEntry.Kind.UPDATE,
        action="core.team_member.save",
        target=member,
        changes=diff(before, after),
    )
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
    logo = funder.logo
    funder.delete()
    if logo:
        transaction.on_commit(lambda: logo.storage.delete(logo.name))

"""Reads of the core app for views: the public centre page, the audit trail, memberships."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from anlaufstelle.core.models import (
    AuditEntry,
    Centre,
    CentreContent,
    Funder,
    Invitation,
    Membership,
    NoticeState,
    TeamMember,
    TeamMemberTranslation,
    User,
    notice_state,
)
from anlaufstelle.core.translation import SOURCE_LANGUAGE, Translated, pick_translation


@dataclass
class PublicTeamMember:
    member: TeamMember
    text: Translated


@dataclass
class PublicPage:
    centre: Centre
    content: Translated
    team: list[PublicTeamMember]
    funders: list[Funder]
    show_notice: bool = False  # the notice banner is current today


@dataclass(frozen=True)
class NoticeStatus:
    """The notice banner's schedule and where it stands today."""

    state: NoticeState
    starts_on: datetime.date | None
    ends_on: datetime.date | None


def _notice_status(source: CentreContent | None, text: str, today: datetime.date) -> NoticeStatus:
    starts_on = source.notice_starts_on if source else None
    ends_on = source.notice_ends_on if source else None
    return NoticeStatus(
        state=notice_state(text=text, starts_on=starts_on, ends_on=ends_on, today=today),
        starts_on=starts_on,
        ends_on=ends_on,
    )


def notice_status(*, centre: Centre, today: datetime.date | None = None) -> NoticeStatus:
    """The state of the centre's notice banner on `today` (the Berlin date by default)."""
    source = CentreContent.objects.filter(centre=centre, language=SOURCE_LANGUAGE).first()
    return _notice_status(source, source.notice if source else "", today or timezone.localdate())


def public_page_get(*, centre: Centre, language: str) -> PublicPage:
    """Everything the public centre page shows in `language`, German where a text is missing;
    the notice banner only on the days the German row's schedule names (Berlin dates)."""
    contents = list(CentreContent.objects.filter(centre=centre, language__in={language, SOURCE_LANGUAGE}))
    content = pick_translation(contents, language, CentreContent.translated_fields)
    source = next((row for row in contents if row.language == SOURCE_LANGUAGE), None)
    notice = _notice_status(source, content.values["notice"], timezone.localdate())
    members = TeamMember.objects.filter(centre=centre, is_public=True).prefetch_related(
        Prefetch(
            "translations",
            queryset=TeamMemberTranslation.objects.filter(language__in={language, SOURCE_LANGUAGE}),
        )
    )
    team = [
        PublicTeamMember(
            member=member,
            text=pick_translation(member.translations.all(), language, TeamMemberTranslation.translated_fields),
        )
        for member in members
    ]
    funders = list(Funder.objects.filter(centre=centre))
    return PublicPage(
        centre=centre,
        content=content,
        team=team,
        funders=funders,
        show_notice=notice.state == NoticeState.CURRENT,
    )


def user_centres(*, user: User) -> list[Centre]:
    """The active centres in which `user` holds at least one active role."""
    memberships = Membership.objects.filter(user=user, is_active=True)
    sso_centre_id = getattr(user, "sso_centre_id", None)
    if sso_centre_id is not None:
        # Signed in through one centre's identity provider: that centre only.
        memberships = memberships.filter(centre_id=sso_centre_id)
    return list(Centre.objects.filter(pk__in=memberships.values("centre_id"), is_active=True))


def audit_entries(
    *,
    centre: Centre,
    kind: str = "",
    actor: str = "",
    target_type: str = "",
    target_id: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditEntry]:
    """The centre's audit trail, newest first, filtered (by kind, person, record kind, one record, dates)."""
    entries = AuditEntry.objects.filter(centre=centre)
    filters: dict[str, Any] = {}
    if kind:
        filters["kind"] = kind
    if actor:
        filters["actor_label__icontains"] = actor
    if target_type:
        filters["target_type"] = target_type
    if target_id:
        filters["target_id"] = target_id
    if date_from:
        filters["created_at__date__gte"] = date_from
    if date_to:
        filters["created_at__date__lte"] = date_to
    return entries.filter(**filters).order_by("-created_at", "-id")


def page_contents(*, centre: Centre) -> dict[str, CentreContent]:
    """The public page's texts by language."""
    return {row.language: row for row in CentreContent.objects.filter(centre=centre)}


def page_content(*, centre: Centre, language: str) -> CentreContent | None:
    return CentreContent.objects.filter(centre=centre, language=language).first()


def team(*, centre: Centre) -> QuerySet[TeamMember]:
    return TeamMember.objects.filter(centre=centre).prefetch_related("translations")


def funders(*, centre: Centre) -> QuerySet[Funder]:
    return Funder.objects.filter(centre=centre)


def active_memberships(*, centre: Centre) -> QuerySet[Membership]:
    """Every active role held in the centre, with person and organisation, by name."""
    return (
        Membership.objects.filter(centre=centre, is_active=True)
        .select_related("user", "organisation")
        .order_by("full_name", "user__email", "role")
    )


def pending_invitations(*, centre: Centre) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(centre=centre, status=Invitation.Status.PENDING)
        .select_related("organisation")
        .order_by("email")
    )


def memberships_of(*, centre: Centre, user_id: int) -> list[Membership]:
    """One person's memberships (active or not) in the centre; empty for someone who has none here."""
    return list(Membership.objects.filter(centre=centre, user_id=user_id).select_related("user"))

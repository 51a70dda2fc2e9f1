"""Reads of the programmes module for views, exports and figures, with their prefetching."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from anlaufstelle.core.languages import decode_codes
from anlaufstelle.core.models import Centre, User
from anlaufstelle.programmes.indicators import GroupFact, SessionFact
from anlaufstelle.programmes.kinds import Indicator, parse_indicators
from anlaufstelle.programmes.models import Group, Holiday, Programme, ProgrammeKind, ProjectDay, Session, Site
from anlaufstelle.programmes.permissions import organisations_of
from anlaufstelle.volunteers.models import Volunteer


def kind_list(*, centre: Centre) -> QuerySet[ProgrammeKind]:
    return ProgrammeKind.objects.filter(centre=centre).annotate(programme_count=Count("programmes"))


def kind_get(*, centre: Centre, pk: int) -> ProgrammeKind:
    return ProgrammeKind.objects.get(centre=centre, pk=pk)


def programme_list(*, centre: Centre) -> QuerySet[Programme]:
    return (
        Programme.objects.filter(centre=centre)
        .select_related("kind")
        .annotate(site_count=Count("sites", distinct=True), group_count=Count("sites__groups", distinct=True))
    )


def programme_get(*, centre: Centre, pk: int) -> Programme:
    return Programme.objects.select_related("kind").get(centre=centre, pk=pk)


def programme_detail(*, programme: Programme, year: int) -> dict[str, Any]:
    """A programme's sites (with agreement state and project days) and the groups of `year`."""
    sites = list(
        programme.sites.select_related("organisation", "provider").prefetch_related(
            Prefetch("project_days", queryset=ProjectDay.objects.order_by("-held_on"))
        )
    )
    groups = list(
        Group.objects.filter(site__programme=programme, year=year)
        .select_related("site__organisation")
        .annotate(
            planned=Count("sessions", filter=Q(sessions__status=Session.Status.PLANNED)),
            held=Count("sessions", filter=Q(sessions__status=Session.Status.HELD)),
            cancelled=Count("sessions", filter=Q(sessions__status=Session.Status.CANCELLED)),
        )
    )
    return {"sites": sites, "groups": groups}


def site_get(*, centre: Centre, pk: int) -> Site:
    return Site.objects.select_related("programme__kind", "organisation").get(centre=centre, pk=pk)


def holiday_list(*, centre: Centre) -> QuerySet[Holiday]:
    return Holiday.objects.filter(centre=centre).select_related("site__organisation")


def holiday_get(*, centre: Centre, pk: int) -> Holiday:
    return Holiday.objects.get(centre=centre, pk=pk)


def qualified_facilitators(*, centre: Centre) -> QuerySet[Volunteer]:
    """Active volunteers with the qualification "Elternbegleitung" (any validity; the action checks dates)."""
    from anlaufstelle.programmes.actions import FACILITATOR_QUALIFICATION

    return Volunteer.objects.filter(
        centre=centre,
        status=Volunteer.Status.ACTIVE,
        qualifications__name__iexact=FACILITATOR_QUALIFICATION,
    ).distinct()


def staff_members(*, centre: Centre) -> QuerySet[User]:
    return (
        User.objects.filter(memberships__centre=centre, memberships__is_active=True)
        .exclude(memberships__role__in=["partner", "school_contact", "state_analyst", "volunteer"])
        .distinct()
        .order_by("email")
    )


def sites_for_choice(*, centre: Centre) -> QuerySet[Site]:
    return Site.objects.filter(centre=centre, ended_on__isnull=True).select_related("programme", "organisation")


# --- what a facilitator or site contact sees ----------------------------------------------------


def visible_groups(*, centre: Centre, user: Any) -> QuerySet[Group]:
    """The groups `user` may record sessions for: all for coordinators, else the groups at sites of the
    organisations the user acts for (as site or as its provider)."""
    groups = Group.objects.filter(centre=centre)
    organisations = organisations_of(user, centre)
    if organisations is not None:
        groups = groups.filter(Q(site__organisation__in=organisations) | Q(site__provider__in=organisations))
    return groups


def my_groups(*, centre: Centre, user: Any, year: int) -> list[Group]:
    return list(
        visible_groups(centre=centre, user=user)
        .filter(year=year)
        .select_related("site__organisation", "site__programme")
        .order_by("site__programme__name", "name")
    )


def group_get(*, centre: Centre, user: Any, pk: int) -> Group:
    """A group the user may see; any other id raises Group.DoesNotExist (404)."""
    return visible_groups(centre=centre, user=user).select_related("site__organisation", "site__programme").get(pk=pk)


def group_sessions(*, group: Group) -> list[Session]:
    return list(group.sessions.order_by("date"))


def session_get(*, centre: Centre, user: Any, pk: int) -> Session:
    groups = visible_groups(centre=centre, user=user)
    return Session.objects.select_related("group__site__organisation").get(centre=centre, pk=pk, group__in=groups)


def next_session_to_record(*, sessions: Sequence[Session], today: datetime.date) -> Session | None:
    """The latest session up to today still planned: what a facilitator most likely records now."""
    due = [s for s in sessions if s.status == Session.Status.PLANNED and s.date <= today]
    return due[-1] if due else None


# --- figures ---------------------------------------------------------------------------------


@dataclass
class FigureFacts:
    programme: Programme
    year: int
    indicators: list[Indicator]
    groups: list[GroupFact]
    sessions: list[SessionFact]
    sites: dict[int, str]  # site id -> organisation name


def figure_facts(*, programme: Programme, year: int) -> FigureFacts:
    """Everything the figures of one programme year are computed from, in three queries."""
    group_rows = Group.objects.filter(site__programme=programme, year=year).values_list(
        "id", "site_id", "site__provider_id", "site__organisation_id", "age_band"
    )
    groups = [GroupFact(g, s, provider or org, band) for g, s, provider, org, band in group_rows]
    sessions = [
        SessionFact(group_id, status, adults, children, tuple(decode_codes(languages)))
        for group_id, status, adults, children, languages in Session.objects.filter(
            group__site__programme=programme, group__year=year
        ).values_list("group_id", "status", "adults", "children", "languages")
    ]
    sites = dict(Site.objects.filter(programme=programme).values_list("id", "organisation__name"))
    return FigureFacts(programme, year, parse_indicators(programme.indicators), groups, sessions, sites)


def public_sites(*, centre: Centre) -> list[Site]:
    """Sites that consented to be named, of active programmes, for the public page."""
    return list(
        Site.objects.filter(centre=centre, public=True, ended_on__isnull=True, programme__active=True)
        .select_related("programme", "organisation")
        .order_by("programme__name", "organisation__name")
    )

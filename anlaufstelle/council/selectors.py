"""Reads of the Integrationsrat office for the staff pages, the public pages and OParl."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from anlaufstelle.core.models import Centre, User
from anlaufstelle.council.models import (
    AgendaItem,
    Attendance,
    Committee,
    Consultation,
    ExternalObject,
    File,
    FollowUp,
    Forwarding,
    LegislativeTerm,
    ListCandidate,
    Location,
    Meeting,
    Membership,
    Paper,
    Person,
)


@dataclass
class BodyOverview:
    terms: list[LegislativeTerm]
    committees: list[Committee]
    persons: list[Person]
    locations: list[Location]


def body_overview(*, centre: Centre, on: datetime.date) -> BodyOverview:
    """The council's terms, committees with their current seats and lists with their candidates."""
    current = (
        Membership.objects.current(on)
        .filter(centre=centre)
        .select_related("person", "deputy", "on_behalf_of")
        .order_by("role", "person__family_name", "id")
    )
    committees = (
        Committee.objects.for_centre(centre)
        .live()
        .select_related("parent")
        .prefetch_related(
            Prefetch("memberships", queryset=current, to_attr="current_seats"),
            Prefetch("candidates", queryset=ListCandidate.objects.select_related("person").order_by("position")),
        )
    )
    return BodyOverview(
        terms=list(LegislativeTerm.objects.for_centre(centre).live()),
        committees=list(committees),
        persons=list(Person.objects.for_centre(centre).live()),
        locations=list(Location.objects.filter(centre=centre, deleted=False)),
    )


def committee_get(*, centre: Centre, pk: int) -> Committee:
    return Committee.objects.for_centre(centre).live().get(pk=pk)


def person_get(*, centre: Centre, pk: int) -> Person:
    return Person.objects.for_centre(centre).live().get(pk=pk)


def membership_get(*, centre: Centre, pk: int) -> Membership:
    return Membership.objects.for_centre(centre).live().select_related("person", "committee").get(pk=pk)


def term_get(*, centre: Centre, pk: int) -> LegislativeTerm:
    return LegislativeTerm.objects.filter(centre=centre, deleted=False).get(pk=pk)


def location_get(*, centre: Centre, pk: int) -> Location:
    return Location.objects.filter(centre=centre, deleted=False).get(pk=pk)


def meeting_list(*, centre: Centre) -> QuerySet[Meeting]:
    """The centre's meetings, newest first, with the count of agenda items."""
    return (
        Meeting.objects.for_centre(centre)
        .live()
        .select_related("committee", "location")
        .annotate(item_count=Count("items", filter=Q(items__deleted=False)))
        .order_by("-start", "id")
    )


def _items() -> QuerySet[AgendaItem]:
    return (
        AgendaItem.objects.filter(deleted=False)
        .select_related("consultation__paper")
        .prefetch_related(
            Prefetch("follow_ups", queryset=FollowUp.objects.select_related("owner")),
            Prefetch(
                "forwardings", queryset=Forwarding.objects.select_related("external").order_by("forwarded_on", "id")
            ),
        )
        .order_by("order", "id")
    )


def meeting_get(*, centre: Centre, pk: int) -> Meeting:
    """One meeting with its agenda (papers and follow-ups prefetched)."""
    return (
        Meeting.objects.for_centre(centre)
        .live()
        .select_related("committee", "location")
        .prefetch_related(Prefetch("items", queryset=_items(), to_attr="agenda"))
        .get(pk=pk)
    )


def agenda_item_get(*, centre: Centre, pk: int) -> AgendaItem:
    return AgendaItem.objects.for_centre(centre).live().select_related("meeting").get(pk=pk)


def paper_list(*, centre: Centre, text: str = "") -> QuerySet[Paper]:
    papers = Paper.objects.for_centre(centre).live()
    for word in text.split()[:8]:
        papers = papers.filter(Q(name__icontains=word) | Q(text__icontains=word))
    return papers.select_related("originator_person", "originator_committee").order_by("-year", "-number", "id")


def paper_get(*, centre: Centre, pk: int) -> Paper:
    return (
        Paper.objects.for_centre(centre)
        .live()
        .select_related("originator_person", "originator_committee")
        .prefetch_related(
            Prefetch("files", queryset=File.objects.filter(deleted=False).order_by("role", "id")),
            Prefetch(
                "consultations",
                queryset=Consultation.objects.filter(deleted=False).select_related("meeting", "agenda_item"),
            ),
        )
        .get(pk=pk)
    )


def file_get(*, centre: Centre, pk: int) -> File:
    return File.objects.for_centre(centre).live().get(pk=pk)


def follow_up_list(*, centre: Centre, today: datetime.date, overdue_only: bool = False) -> QuerySet[FollowUp]:
    """Follow-ups of resolutions, due first; with `overdue_only` those past their date and not closed."""
    follow_ups = FollowUp.objects.for_centre(centre)
    if overdue_only:
        follow_ups = follow_ups.overdue(today)
    return follow_ups.select_related("owner", "agenda_item__meeting").order_by("due_on", "id")


def follow_up_get(*, centre: Centre, pk: int) -> FollowUp:
    return FollowUp.objects.for_centre(centre).select_related("agenda_item__meeting").get(pk=pk)


def attendance_list(*, meeting: Meeting) -> list[Attendance]:
    return list(
        Attendance.objects.filter(meeting=meeting)
        .select_related("person", "stands_in_for")
        .order_by("person__family_name", "person__given_name", "id")
    )


def attendance_get(*, centre: Centre, pk: int) -> Attendance:
    return Attendance.objects.filter(centre=centre).select_related("person").get(pk=pk)


def forwarding_get(*, centre: Centre, pk: int) -> Forwarding:
    return Forwarding.objects.filter(centre=centre).select_related("agenda_item").get(pk=pk)


def external_objects(*, centre: Centre) -> QuerySet[ExternalObject]:
    return ExternalObject.objects.filter(centre=centre).order_by("kind", "-date", "name", "id")


def own_follow_ups(*, centre: Centre, owner: User, today: datetime.date) -> list[FollowUp]:
    """The follow-ups `owner` is responsible for: overdue first, then open by due date, closed last."""
    rows = list(
        FollowUp.objects.for_centre(centre)
        .filter(owner=owner, agenda_item__deleted=False)
        .select_related("agenda_item__meeting")
        .order_by("due_on", "id")
    )
    closed = ("done", "not_feasible")

    def rank(row: FollowUp) -> tuple[int, datetime.date]:
        overdue = row.due_on is not None and row.due_on < today and row.status not in closed
        return (0 if overdue else 2 if row.status in closed else 1, row.due_on or datetime.date.max)

    return sorted(rows, key=rank)


def own_follow_up_get(*, centre: Centre, owner: User, pk: int) -> FollowUp:
    return FollowUp.objects.for_centre(centre).filter(owner=owner).select_related("agenda_item").get(pk=pk)


# --- public ---------------------------------------------------------------------------------


def public_meetings(*, centre: Centre) -> QuerySet[Meeting]:
    """The meeting calendar for everyone (cancelled meetings stay listed, marked as such)."""
    return meeting_list(centre=centre)


def public_meeting(*, centre: Centre, pk: int) -> Meeting:
    """A meeting with its public agenda items (`agenda`), each with its public paper and that
    paper's files (`public_paper`, or None): nothing non-public is loaded at all."""
    meeting = Meeting.objects.for_centre(centre).live().select_related("committee", "location").get(pk=pk)
    items = list(AgendaItem.objects.public().filter(meeting=meeting, deleted=False).order_by("order", "id"))
    consultations = (
        Consultation.objects.filter(agenda_item__in=items, deleted=False, paper__in=Paper.objects.public().live())
        .select_related("paper")
        .prefetch_related(Prefetch("paper__files", queryset=File.objects.filter(deleted=False), to_attr="live_files"))
    )
    papers = {consultation.agenda_item_id: consultation.paper for consultation in consultations}
    for item in items:
        item.public_paper = papers.get(item.pk)  # type: ignore[attr-defined]
    meeting.agenda = items  # type: ignore[attr-defined]
    return meeting


def public_resolutions(*, centre: Centre) -> QuerySet[AgendaItem]:
    """Every public resolution (adopted, with a text) with its meeting and follow-ups, newest first."""
    return (
        AgendaItem.objects.public()
        .filter(centre=centre, deleted=False, meeting__deleted=False, result=AgendaItem.Result.ADOPTED)
        .exclude(resolution_text="")
        .select_related("meeting")
        .prefetch_related(Prefetch("follow_ups", queryset=FollowUp.objects.order_by("id")))
        .order_by("-meeting__start", "order", "id")
    )


def public_members(*, centre: Centre, on: datetime.date) -> list[Committee]:
    """The council and its working groups with the current seats of persons who consented to
    their name being published (`public_seats`)."""
    seats = (
        Membership.objects.current(on)
        .public()
        .select_related("person", "on_behalf_of")
        .order_by("role", "person__family_name", "id")
    )
    return list(
        Committee.objects.for_centre(centre)
        .live()
        .exclude(kind=Committee.Kind.LIST)
        .prefetch_related(Prefetch("memberships", queryset=seats, to_attr="public_seats"))
        .order_by("kind", "name", "id")
    )


def public_papers(*, centre: Centre, text: str = "") -> QuerySet[Paper]:
    """Public papers, every word in the title or text, with their live files."""
    papers = Paper.objects.public().filter(centre=centre, deleted=False)
    for word in text.split()[:8]:
        papers = papers.filter(Q(name__icontains=word) | Q(text__icontains=word))
    return papers.prefetch_related(
        Prefetch("files", queryset=File.objects.filter(deleted=False).order_by("role", "id"), to_attr="live_files")
    ).order_by("-year", "-number", "id")

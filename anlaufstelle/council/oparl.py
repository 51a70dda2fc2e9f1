"""OParl 1.1 objects of a centre's council: what each type publishes and which rows the public may
see. One canonical URL per object; unconsented personal fields and non-public agenda items, their
papers and files never appear. Views and the list mechanics live in api.py."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, Max, Prefetch, Q, QuerySet
from django.urls import reverse

from anlaufstelle.core.models import Centre
from anlaufstelle.council.models import (
    AgendaItem,
    Attendance,
    Committee,
    Consultation,
    File,
    LegislativeTerm,
    Location,
    Meeting,
    Membership,
    Paper,
    Person,
)

SCHEMA = "https://schema.oparl.org/1.1/"
VENDOR = "anlaufstelle"  # prefix of own fields (spec 3: herstellerspezifische Erweiterungen)
ORGANIZATION_TYPE = {
    Committee.Kind.COUNCIL: "Gremium",
    Committee.Kind.WORKING_GROUP: "Gremium",
    Committee.Kind.LIST: "Fraktion",
}
CLASSIFICATION = {
    Committee.Kind.COUNCIL: "Integrationsrat",
    Committee.Kind.WORKING_GROUP: "Arbeitskreis",
    Committee.Kind.LIST: "Liste",
}
ROLE = {"chair": "Vorsitz", "deputy_chair": "Stellvertretender Vorsitz", "member": "Mitglied", "advisory": "Beratend"}
MEETING_STATE = {
    "planned": "terminiert",
    "invited": "eingeladen",
    "held": "durchgeführt",
    "minutes_approved": "Niederschrift genehmigt",
}
RESULT = {"adopted": "Beschlossen", "rejected": "Abgelehnt", "deferred": "Vertagt", "noted": "Zur Kenntnis genommen"}
PAPER_TYPE = {"proposal": "Vorlage", "motion": "Antrag", "inquiry": "Anfrage", "notice": "Mitteilung"}
CONSULTATION_ROLE = {"information": "Kenntnisnahme", "decision": "Entscheidung"}


PLACEHOLDER = 987654321


class Urls:
    """Absolute URLs of one centre's OParl API. A list page holds thousands of URLs: each URL name
    is reversed once per request, and the id put into that pattern (reverse costs ~20 µs)."""

    def __init__(self, build: Callable[[str], str], centre: Centre) -> None:
        self._build = build
        self.centre = centre
        self._patterns: dict[str, tuple[str, str]] = {}

    def __call__(self, name: str, **kwargs: Any) -> str:
        if set(kwargs) != {"pk"}:
            return self._build(reverse(f"oparl:{name}", kwargs={"centre": self.centre.slug, **kwargs}))
        if name not in self._patterns:
            url = self._build(reverse(f"oparl:{name}", kwargs={"centre": self.centre.slug, "pk": PLACEHOLDER}))
            head, _, tail = url.partition(str(PLACEHOLDER))
            self._patterns[name] = (head, tail)
        head, tail = self._patterns[name]
        return f"{head}{int(kwargs['pk'])}{tail}"

    def of(self, obj: Any) -> str:
        return self(TYPES_BY_MODEL[type(obj)].name, pk=obj.pk)

    def web(self, name: str, **kwargs: Any) -> str:
        return self._build(reverse(name, kwargs={"centre": self.centre.slug, **kwargs}))


def _stamp(value: datetime.datetime | datetime.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    """OParl clients expect absent attributes, never empty strings or nulls."""
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def _head(obj: Any, kind: str, urls: Urls) -> dict[str, Any]:
    return {
        "id": urls.of(obj),
        "type": SCHEMA + kind,
        "created": _stamp(obj.created),
        "modified": _stamp(obj.modified),
    }


def _gone(obj: Any) -> bool:
    """Deleted, or public once and no longer (depublished): both are shown as `deleted: true`
    with nothing but id, type and dates (spec 2.8), so a depublished object's content is gone
    from every client that syncs with `modified_since`."""
    return bool(obj.deleted) or not getattr(obj, "shown", True)


def _deleted(obj: Any, kind: str, urls: Urls) -> dict[str, Any]:
    return {**_head(obj, kind, urls), "deleted": True}


# --- the objects --------------------------------------------------------------------------------


def system(urls: Urls) -> dict[str, Any]:
    centre = urls.centre
    return _clean(
        {
            "id": urls("system"),
            "type": SCHEMA + "System",
            "oparlVersion": SCHEMA,
            "body": urls("bodies"),
            "name": f"Integrationsrat – {centre.name}",
            "contactEmail": centre.email,
            "vendor": "https://github.com/anlaufstelle",
            "product": "https://github.com/anlaufstelle/anlaufstelle",
            "created": _stamp(centre.created_at),
            "modified": _stamp(_body_modified(centre)),
        }
    )


def _body_modified(centre: Centre) -> datetime.datetime:
    latest = LegislativeTerm.objects.filter(centre=centre).aggregate(m=Max("modified"))["m"]
    return max(filter(None, [centre.created_at, latest]))


def body(urls: Urls, **_: Any) -> dict[str, Any]:
    """The Body: the municipality whose Integrationsrat this is, with the mandatory list URLs.
    `legislativeTerm` is required by the schema, so it is embedded even with `omit_internal`."""
    centre = urls.centre
    council = Committee.objects.filter(centre=centre, kind=Committee.Kind.COUNCIL, deleted=False).first()
    terms = LegislativeTerm.objects.filter(centre=centre, deleted=False).order_by("id")
    data = _clean(
        {
            "id": urls("body"),
            "type": SCHEMA + "Body",
            "system": urls("system"),
            "name": centre.municipality or centre.name,
            "shortName": centre.name,
            "contactEmail": centre.email,
            "contactName": centre.name,
            "website": urls.web("council:public_meetings"),
            "organization": urls("organizations"),
            "person": urls("persons"),
            "meeting": urls("meetings"),
            "paper": urls("papers"),
            "agendaItem": urls("agenda_items"),
            "consultation": urls("consultations"),
            "file": urls("files"),
            "locationList": urls("locations"),
            "legislativeTermList": urls("legislative_terms"),
            "membership": urls("memberships"),
            "mainOrganization": urls.of(council) if council else None,
            "classification": "Integrationsrat",
            "created": _stamp(centre.created_at),
            "modified": _stamp(_body_modified(centre)),
        }
    )
    data["legislativeTerm"] = [legislative_term(term, urls) for term in terms]
    return data


def legislative_term(term: LegislativeTerm, urls: Urls, **_: Any) -> dict[str, Any]:
    if _gone(term):
        return _deleted(term, "LegislativeTerm", urls)
    return _clean(
        {
            **_head(term, "LegislativeTerm", urls),
            "body": urls("body"),
            "name": term.name,
            "startDate": _stamp(term.start_date),
            "endDate": _stamp(term.end_date),
        }
    )


def organization(committee: Committee, urls: Urls, **_: Any) -> dict[str, Any]:
    if _gone(committee):
        return _deleted(committee, "Organization", urls)
    seats = committee.public_seats  # type: ignore[attr-defined]
    return _clean(
        {
            **_head(committee, "Organization", urls),
            "body": urls("body"),
            "name": committee.name,
            "shortName": committee.short_name,
            "organizationType": ORGANIZATION_TYPE[Committee.Kind(committee.kind)],
            "classification": CLASSIFICATION[Committee.Kind(committee.kind)],
            "subOrganizationOf": urls.of(committee.parent) if committee.parent_id else None,
            "membership": [urls.of(seat) for seat in seats],
            "startDate": _stamp(committee.start_date),
            "endDate": _stamp(committee.end_date),
        }
    )


def membership(seat: Membership, urls: Urls, *, embedded: bool = False, **_: Any) -> dict[str, Any]:
    if _gone(seat):
        return _deleted(seat, "Membership", urls)
    return _clean(
        {
            **_head(seat, "Membership", urls),
            "person": None if embedded else urls.of(seat.person),
            "organization": urls.of(seat.committee),
            "role": ROLE.get(seat.role, seat.role),
            "votingRight": seat.voting_right,
            "startDate": _stamp(seat.start_date),
            "endDate": _stamp(seat.end_date),
            "onBehalfOf": urls.of(seat.on_behalf_of) if seat.on_behalf_of_id else None,
        }
    )


def person(who: Person, urls: Urls, *, omit_internal: bool = False, **_: Any) -> dict[str, Any]:
    if _gone(who):
        return _deleted(who, "Person", urls)
    return _clean(
        {
            **_head(who, "Person", urls),
            "body": urls("body"),
            "name": f"{who.given_name} {who.family_name}",
            "givenName": who.given_name,
            "familyName": who.family_name,
            "formOfAddress": who.form_of_address,
            "email": [who.email] if who.publish_email and who.email else None,
            "phone": [who.phone] if who.publish_phone and who.phone else None,
            "membership": None
            if omit_internal
            else [membership(seat, urls, embedded=True) for seat in who.public_seats],  # type: ignore[attr-defined]
        }
    )


def location(place: Location, urls: Urls, **_: Any) -> dict[str, Any]:
    if _gone(place):
        return _deleted(place, "Location", urls)
    return _clean(
        {
            **_head(place, "Location", urls),
            "description": place.description,
            "streetAddress": place.street_address,
            "room": place.room,
            "postalCode": place.postal_code,
            "locality": place.locality,
        }
    )


def agenda_item(item: AgendaItem, urls: Urls, **_: Any) -> dict[str, Any]:
    if _gone(item):
        return _deleted(item, "AgendaItem", urls)
    consultation = getattr(item, "public_consultation", None)
    status = getattr(item, "follow_up_status", None)
    return _clean(
        {
            **_head(item, "AgendaItem", urls),
            "meeting": urls("meeting", pk=item.meeting_id),
            "number": item.number,
            "order": item.order,
            "name": item.name,
            "public": True,
            "consultation": urls.of(consultation) if consultation is not None else None,
            "result": RESULT.get(item.result),
            "resolutionText": item.resolution_text,
            f"{VENDOR}:followUpStatus": status,
        }
    )


def meeting(event: Meeting, urls: Urls, *, omit_internal: bool = False, **_: Any) -> dict[str, Any]:
    if _gone(event):
        return _deleted(event, "Meeting", urls)
    return _clean(
        {
            **_head(event, "Meeting", urls),
            "name": event.name,
            "meetingState": MEETING_STATE[event.state],
            "cancelled": event.cancelled or None,
            "start": _stamp(event.start),
            "end": _stamp(event.end),
            "location": location(event.location, urls) if event.location and not event.location.deleted else None,
            "organization": [urls.of(event.committee)],
            "participant": [urls("person", pk=a.person_id) for a in getattr(event, "public_attendances", [])],
            "agendaItem": None
            if omit_internal
            else [agenda_item(item, urls, nested=True) for item in event.public_items],  # type: ignore[attr-defined]
            "web": urls.web("council:public_meeting", pk=event.pk),
            f"{VENDOR}:onlineUrl": event.online_url,
        }
    )


def file(doc: File, urls: Urls, **_: Any) -> dict[str, Any]:
    if _gone(doc):
        return _deleted(doc, "File", urls)
    return _clean(
        {
            **_head(doc, "File", urls),
            "name": doc.name,
            "fileName": doc.file_name,
            "mimeType": doc.mime_type,
            "date": _stamp(doc.created.date()),
            "size": doc.size,
            "sha512Checksum": doc.sha512,
            "accessUrl": urls("file_download", pk=doc.pk),
            "downloadUrl": urls("file_download", pk=doc.pk),
            "paper": [urls("paper", pk=doc.paper_id)],
        }
    )


def consultation(entry: Consultation, urls: Urls, *, embedded: bool = False, **_: Any) -> dict[str, Any]:
    if _gone(entry):
        return _deleted(entry, "Consultation", urls)
    return _clean(
        {
            **_head(entry, "Consultation", urls),
            "paper": None if embedded else urls("paper", pk=entry.paper_id),
            "agendaItem": urls("agenda_item", pk=entry.agenda_item_id),
            "meeting": urls("meeting", pk=entry.meeting_id),
            "organization": [urls("organization", pk=entry.meeting.committee_id)],
            "authoritative": entry.authoritative,
            "role": CONSULTATION_ROLE[entry.role],
        }
    )


def paper(doc: Paper, urls: Urls, *, omit_internal: bool = False, **_: Any) -> dict[str, Any]:
    if _gone(doc):
        return _deleted(doc, "Paper", urls)
    files = doc.public_files  # type: ignore[attr-defined]
    main = next((f for f in files if f.role == File.Role.MAIN), None)
    author = doc.originator_person
    return _clean(
        {
            **_head(doc, "Paper", urls),
            "body": urls("body"),
            "name": doc.name,
            "reference": doc.reference,
            "date": _stamp(doc.date),
            "paperType": PAPER_TYPE[doc.paper_type],
            "mainFile": file(main, urls) if main else None,
            "auxiliaryFile": None if omit_internal else [file(f, urls) for f in files if f is not main],
            "originatorPerson": [urls.of(author)] if author and author.publish_name and not author.deleted else None,
            "originatorOrganization": [urls.of(doc.originator_committee)] if doc.originator_committee_id else None,
            "consultation": [consultation(c, urls, embedded=True) for c in doc.public_consultations],  # type: ignore[attr-defined]
            f"{VENDOR}:text": doc.text,
        }
    )


# --- which rows, with what prefetched -----------------------------------------------------------


def _public_seats() -> QuerySet[Membership]:
    return Membership.objects.public().filter(deleted=False).select_related("person", "committee", "on_behalf_of")


def _public_items() -> QuerySet[AgendaItem]:
    return AgendaItem.objects.public().filter(deleted=False).order_by("order", "id")


def rows_legislative_terms(centre: Centre) -> QuerySet[Any]:
    return LegislativeTerm.objects.filter(centre=centre).published()


def rows_organizations(centre: Centre) -> QuerySet[Any]:
    return (
        Committee.objects.filter(centre=centre)
        .published()
        .select_related("parent")
        .prefetch_related(Prefetch("memberships", queryset=_public_seats(), to_attr="public_seats"))
    )


def rows_persons(centre: Centre) -> QuerySet[Any]:
    return (
        Person.objects.published()
        .filter(centre=centre)
        .prefetch_related(Prefetch("memberships", queryset=_public_seats(), to_attr="public_seats"))
    )


def rows_memberships(centre: Centre) -> QuerySet[Any]:
    return Membership.objects.published().filter(centre=centre).select_related("person", "committee", "on_behalf_of")


def rows_locations(centre: Centre) -> QuerySet[Any]:
    return Location.objects.filter(centre=centre).published()


def rows_meetings(centre: Centre) -> QuerySet[Any]:
    return (
        Meeting.objects.filter(centre=centre)
        .published()
        .select_related("location", "committee")
        .prefetch_related(
            Prefetch("items", queryset=_items_with_links(), to_attr="public_items"),
            Prefetch(
                "attendances",
                queryset=Attendance.objects.filter(person__publish_name=True, person__publish_attendance=True)
                .exclude(person__deleted=True)
                .order_by("person_id"),
                to_attr="public_attendances",
            ),
        )
    )


def _items_with_links() -> QuerySet[AgendaItem]:
    return _public_items().select_related("consultation__paper").prefetch_related("follow_ups")


def rows_agenda_items(centre: Centre) -> QuerySet[Any]:
    return (
        AgendaItem.objects.published()
        .filter(centre=centre)
        .select_related("consultation__paper")
        .prefetch_related("follow_ups")
    )


def rows_papers(centre: Centre) -> QuerySet[Any]:
    return (
        Paper.objects.published()
        .filter(centre=centre)
        .select_related("originator_person")
        .prefetch_related(
            Prefetch("files", queryset=File.objects.filter(deleted=False).order_by("id"), to_attr="public_files"),
            Prefetch(
                "consultations",
                queryset=Consultation.objects.filter(deleted=False, agenda_item__public=True)
                .select_related("meeting")
                .order_by("id"),
                to_attr="public_consultations",
            ),
        )
    )


def rows_consultations(centre: Centre) -> QuerySet[Any]:
    visible = Q(agenda_item__public=True, paper__in=Paper.objects.public())
    once = Q(agenda_item__ever_public=True, paper__ever_public=True)
    return (
        Consultation.objects.filter(centre=centre)
        .filter(visible | once)
        .annotate(shown=ExpressionWrapper(visible, output_field=BooleanField()))
        .select_related("meeting")
    )


def rows_files(centre: Centre) -> QuerySet[Any]:
    return File.objects.published().filter(centre=centre)


def decorate(rows: list[Any]) -> list[Any]:
    """Set what the serialisers read but the prefetch cannot: whether an item's consultation is
    public (its paper marked public and on no non-public item: one query for the whole page) and
    the follow-up state."""
    items = [row for row in rows if isinstance(row, AgendaItem)]
    for row in rows:
        if isinstance(row, Meeting):
            items += row.public_items  # type: ignore[attr-defined]
    linked = [consultation for item in items if (consultation := _consultation(item)) is not None]
    secret: set[int] = set()
    if linked:
        secret = set(
            Consultation.objects.filter(paper_id__in={c.paper_id for c in linked}, agenda_item__public=False)
            .values_list("paper_id", flat=True)
            .distinct()
        )
    for item in items:
        consultation = _consultation(item)
        shown = (
            consultation is not None
            and not consultation.deleted
            and consultation.paper.public
            and not consultation.paper.deleted
            and consultation.paper_id not in secret
        )
        item.public_consultation = consultation if shown else None  # type: ignore[attr-defined]
        item.follow_up_status = _follow_up_status(item)  # type: ignore[attr-defined]
    return rows


def _consultation(item: AgendaItem) -> Consultation | None:
    try:
        return item.consultation
    except Consultation.DoesNotExist:
        return None


def _follow_up_status(item: AgendaItem) -> str | None:
    """The vendor field: done when every follow-up is closed, else the least advanced state."""
    states = [f.status for f in item.follow_ups.all()]
    if not states:
        return None
    for state in ("open", "in_progress", "not_feasible", "done"):
        if state in states:
            return state
    return None


@dataclass(frozen=True)
class OParlType:
    name: str  # URL name of one object; the list is `name + "s"` except where noted
    list_name: str
    model: type
    rows: Callable[[Centre], QuerySet[Any]]
    render: Callable[..., dict[str, Any]]
    per_page: int = 50  # a meeting embeds its whole public agenda: fewer per page


TYPES = [
    OParlType("legislative_term", "legislative_terms", LegislativeTerm, rows_legislative_terms, legislative_term),
    OParlType("organization", "organizations", Committee, rows_organizations, organization),
    OParlType("person", "persons", Person, rows_persons, person),
    OParlType("membership", "memberships", Membership, rows_memberships, membership),
    OParlType("meeting", "meetings", Meeting, rows_meetings, meeting, per_page=10),
    OParlType("agenda_item", "agenda_items", AgendaItem, rows_agenda_items, agenda_item),
    OParlType("paper", "papers", Paper, rows_papers, paper),
    OParlType("consultation", "consultations", Consultation, rows_consultations, consultation),
    OParlType("file", "files", File, rows_files, file),
    OParlType("location", "locations", Location, rows_locations, location),
]
TYPES_BY_NAME = {t.name: t for t in TYPES}
TYPES_BY_LIST = {t.list_name: t for t in TYPES}
TYPES_BY_MODEL: dict[type, OParlType] = {t.model: t for t in TYPES}

"""factory_boy factories for the council, and `make_council`: one small council with every kind of
object, public and non-public, for the URL matrix, the OParl crawl and the view tests."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from typing import Any

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from django_scopes import scopes_disabled

from anlaufstelle.core.models import Centre
from anlaufstelle.core.tests.factories import CentreFactory
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

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegislativeTerm

    centre = factory.SubFactory(CentreFactory)
    name = "Wahlperiode 2025–2030"
    start_date = datetime.date(2025, 11, 1)


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    centre = factory.SubFactory(CentreFactory)
    name = factory.Sequence(lambda n: f"Integrationsrat {n}")
    kind = Committee.Kind.COUNCIL


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    centre = factory.SubFactory(CentreFactory)
    given_name = "Ayşe"
    family_name = factory.Sequence(lambda n: f"Beispiel{n}")
    email = factory.Sequence(lambda n: f"mitglied{n}@example.org")
    publish_name = True
    consent_given_on = datetime.date(2025, 11, 1)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    centre = factory.SelfAttribute("person.centre")
    committee = factory.SubFactory(CommitteeFactory, centre=factory.SelfAttribute("..centre"))
    start_date = datetime.date(2025, 11, 1)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    committee = factory.SubFactory(CommitteeFactory)
    centre = factory.SelfAttribute("committee.centre")
    name = factory.Sequence(lambda n: f"{n}. Sitzung des Integrationsrats")
    start = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    centre = factory.SelfAttribute("meeting.centre")
    order = factory.Sequence(lambda n: n + 1)
    number = factory.LazyAttribute(lambda o: str(o.order))
    name = factory.Sequence(lambda n: f"Tagesordnungspunkt {n}")


class PaperFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Paper

    centre = factory.SubFactory(CentreFactory)
    year = 2026
    number = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Vorlage {n}")
    paper_type = Paper.Type.PROPOSAL
    date = datetime.date(2026, 1, 15)


def pdf_file(paper: Paper, *, role: str = File.Role.MAIN, name: str = "Vorlage") -> File:
    file = File(
        centre=paper.centre,
        paper=paper,
        role=role,
        name=name,
        file_name=f"{name}.pdf",
        size=len(PDF),
        sha512=hashlib.sha512(PDF).hexdigest(),
    )
    file.data.save("file.pdf", ContentFile(PDF), save=False)
    file.save()
    return file


@dataclass
class Council:
    """One of each council object in a centre; `secret_*` must never reach the public."""

    centre: Centre
    term: LegislativeTerm
    council: Committee
    working_group: Committee
    electoral_list: Committee
    member: Person
    unconsented: Person
    candidate: Person
    seat: Membership
    secret_seat: Membership
    location: Location
    meeting: Meeting
    item: AgendaItem
    secret_item: AgendaItem
    paper: Paper
    secret_paper: Paper
    file: File
    secret_file: File
    follow_up: FollowUp
    attendance: Attendance
    forwarding: Forwarding


def make_council(centre: Centre) -> Council:
    with scopes_disabled():
        term = TermFactory(centre=centre)
        council = CommitteeFactory(centre=centre, name="Integrationsrat", kind=Committee.Kind.COUNCIL)
        group = CommitteeFactory(
            centre=centre, name="Arbeitskreis Bildung", kind=Committee.Kind.WORKING_GROUP, parent=council
        )
        electoral_list = CommitteeFactory(centre=centre, name="Liste Vielfalt", kind=Committee.Kind.LIST)
        member = PersonFactory(centre=centre, publish_email=True)
        unconsented = PersonFactory(centre=centre, given_name="Geheim", publish_name=False, consent_given_on=None)
        candidate = PersonFactory(centre=centre, given_name="Nachrückerin")
        ListCandidate.objects.create(centre=centre, electoral_list=electoral_list, person=candidate, position=1)
        seat = MembershipFactory(
            centre=centre,
            person=member,
            committee=council,
            on_behalf_of=electoral_list,
            role=Membership.Role.CHAIR,
            deputy=candidate,
        )
        secret_seat = MembershipFactory(centre=centre, person=unconsented, committee=council)
        MembershipFactory(centre=centre, person=member, committee=group)
        location = Location.objects.create(
            centre=centre, description="Rathaus, Sitzungssaal", street_address="Markt 1", postal_code="47798"
        )
        meeting = MeetingFactory(centre=centre, committee=council, location=location, state=Meeting.State.INVITED)
        item = AgendaItemFactory(centre=centre, meeting=meeting, order=1, name="Sprachkurse im Stadtteil")
        secret_item = AgendaItemFactory(
            centre=centre, meeting=meeting, order=2, name="Personalangelegenheit Geheim", public=False
        )
        paper = PaperFactory(centre=centre, name="Mehr Sprachkurse", originator_person=member)
        secret_paper = PaperFactory(centre=centre, name="Geheime Personalsache")
        Consultation.objects.create(centre=centre, paper=paper, meeting=meeting, agenda_item=item)
        Consultation.objects.create(centre=centre, paper=secret_paper, meeting=meeting, agenda_item=secret_item)
        file = pdf_file(paper)
        secret_file = pdf_file(secret_paper, name="Geheim")
        AgendaItem.objects.filter(pk=item.pk).update(
            result=AgendaItem.Result.ADOPTED, resolution_text="Der Integrationsrat empfiehlt mehr Kurse.", votes_yes=9
        )
        item.refresh_from_db()
        follow_up = FollowUp.objects.create(
            centre=centre, agenda_item=item, task="Bericht an den Rat", due_on=datetime.date(2026, 3, 1)
        )
        Paper.objects.filter(pk=paper.pk).update(ever_public=True)  # as the actions mark a visible paper
        paper.refresh_from_db()
        attendance = Attendance.objects.create(centre=centre, meeting=meeting, person=member, allowance=30)
        external = ExternalObject.objects.create(
            centre=centre,
            source="https://rat.example/oparl/system",
            oparl_id=f"https://rat.example/oparl/paper/{centre.pk}",
            kind=ExternalObject.Kind.PAPER,
            name="Sprachkurse (Rat der Stadt)",
        )
        forwarding = Forwarding.objects.create(
            centre=centre,
            agenda_item=item,
            recipient="Rat der Stadt",
            forwarded_on=datetime.date(2026, 2, 1),
            external=external,
        )
        return Council(
            centre=centre,
            term=term,
            council=council,
            working_group=group,
            electoral_list=electoral_list,
            member=member,
            unconsented=unconsented,
            candidate=candidate,
            seat=seat,
            secret_seat=secret_seat,
            location=location,
            meeting=meeting,
            item=item,
            secret_item=secret_item,
            paper=paper,
            secret_paper=secret_paper,
            file=file,
            secret_file=secret_file,
            follow_up=follow_up,
            attendance=attendance,
            forwarding=forwarding,
        )


def catalogue() -> dict[str, Any]:
    """The council's URLs for the site's URL matrix (core/tests/url_catalogue.py): name ->
    (kwargs builder, permission or "public", status on GET). `objects.council` is a `Council`."""

    def c(o: Any) -> dict[str, Any]:
        return {"centre": o.centre.slug}

    def pk(attribute: str) -> Any:
        return lambda o: {**c(o), "pk": getattr(o.council, attribute).pk}

    view, manage, public = "council.view", "council.manage", "public"
    entries: dict[str, Any] = {
        "council:body": (c, view, 200),
        "council:term_create": (c, manage, 200),
        "council:term_edit": (pk("term"), manage, 200),
        "council:committee_create": (c, manage, 200),
        "council:committee_edit": (pk("working_group"), manage, 200),
        "council:candidate_add": (pk("electoral_list"), manage, 200),
        "council:person_create": (c, manage, 200),
        "council:person_edit": (pk("member"), manage, 200),
        "council:membership_create": (c, manage, 200),
        "council:membership_edit": (pk("seat"), manage, 200),
        "council:membership_end": (pk("seat"), manage, 200),
        "council:location_create": (c, manage, 200),
        "council:location_edit": (pk("location"), manage, 200),
        "council:meeting_list": (c, view, 200),
        "council:meeting_create": (c, manage, 200),
        "council:meeting": (pk("meeting"), view, 200),
        "council:meeting_edit": (pk("meeting"), manage, 200),
        "council:meeting_advance": (pk("meeting"), manage, 405),
        "council:agenda_item_create": (pk("meeting"), manage, 200),
        "council:agenda_item_edit": (pk("item"), manage, 200),
        "council:agenda_item_outcome": (pk("item"), manage, 200),
        "council:agenda_item_delete": (pk("item"), manage, 405),
        "council:follow_up_create": (pk("item"), manage, 200),
        "council:follow_ups": (c, view, 200),
        "council:follow_up_edit": (pk("follow_up"), manage, 200),
        "council:paper_list": (c, view, 200),
        "council:paper_create": (c, manage, 200),
        "council:paper": (pk("paper"), view, 200),
        "council:paper_edit": (pk("paper"), manage, 200),
        "council:file_add": (pk("paper"), manage, 405),
        "council:file_download": (pk("file"), view, 200),
        "council:file_delete": (pk("file"), manage, 405),
        "council:public_meetings": (c, public, 200),
        "council:public_meeting": (pk("meeting"), public, 200),
        "council:public_resolutions": (c, public, 200),
        "council:public_members": (c, public, 200),
        "council:public_papers": (c, public, 200),
        "council:public_calendar": (c, public, 200),
        "council:settings": (c, manage, 200),
        "council:attendance": (pk("meeting"), manage, 200),
        "council:attendance_remove": (pk("attendance"), manage, 405),
        "council:invitation_pdf": (pk("meeting"), view, 200),
        "council:minutes_pdf": (pk("meeting"), view, 200),
        "council:allowance_pdf": (lambda o: {**pk("member")(o), "year": 2026}, manage, 200),
        "council:forwarding_create": (pk("item"), manage, 200),
        "council:forwarding_edit": (pk("forwarding"), manage, 200),
        "council:oparl_import": (c, manage, 200),
        "council:my_follow_ups": (c, "council.follow_up", 200),
        # Only its owner opens a follow-up here; the catalogue's follow-up is nobody's: 404.
        "council:my_follow_up": (pk("follow_up"), "council.follow_up", 404),
        "council:public_pack": (pk("meeting"), public, 200),
        # The public minutes exist once approved; the catalogue's meeting is only invited.
        "council:public_minutes": (pk("meeting"), public, 404),
        "oparl:system": (c, public, 200),
        "oparl:bodies": (c, public, 200),
        "oparl:body": (c, public, 200),
        "oparl:file_download": (pk("file"), public, 200),
    }
    from anlaufstelle.council.oparl import TYPES

    attribute = {
        "legislative_term": "term",
        "organization": "council",
        "person": "member",
        "membership": "seat",
        "meeting": "meeting",
        "agenda_item": "item",
        "paper": "paper",
        "consultation": None,
        "file": "file",
        "location": "location",
    }
    for kind in TYPES:
        entries[f"oparl:{kind.list_name}"] = (c, public, 200)
        if attribute[kind.name]:
            entries[f"oparl:{kind.name}"] = (pk(attribute[kind.name]), public, 200)
        else:
            entries[f"oparl:{kind.name}"] = (lambda o: {**c(o), "pk": o.council.item.consultation.pk}, public, 200)
    return entries


def council_of_demo(centre: Centre) -> Council:
    """The catalogue's council objects taken from a demo centre (council/demo.py): the fullest of each."""
    with scopes_disabled():
        item = (
            AgendaItem.objects.filter(centre=centre, public=True, consultation__isnull=False)
            .exclude(resolution_text="")
            .select_related("meeting", "consultation__paper")
            .first()
        )
        secret_item = AgendaItem.objects.filter(centre=centre, public=False).first()
        assert item is not None and secret_item is not None, "the demo has a resolution and a non-public item"
        council = Committee.objects.get(centre=centre, kind=Committee.Kind.COUNCIL)
        seat = Membership.objects.filter(committee=council, on_behalf_of__isnull=False, deputy__isnull=False).first()
        secret_seat = Membership.objects.filter(committee=council, person__publish_name=False).first()
        assert seat is not None and secret_seat is not None
        paper, secret_paper = item.consultation.paper, secret_item.consultation.paper
        return Council(
            centre=centre,
            term=LegislativeTerm.objects.filter(centre=centre).first(),  # type: ignore[arg-type]
            council=council,
            working_group=Committee.objects.filter(centre=centre, kind=Committee.Kind.WORKING_GROUP).first(),  # type: ignore[arg-type]
            electoral_list=Committee.objects.filter(centre=centre, kind=Committee.Kind.LIST).first(),  # type: ignore[arg-type]
            member=seat.person,
            unconsented=secret_seat.person,
            candidate=ListCandidate.objects.filter(centre=centre).first().person,  # type: ignore[union-attr]
            seat=seat,
            secret_seat=secret_seat,
            location=Location.objects.filter(centre=centre).first(),  # type: ignore[arg-type]
            meeting=item.meeting,
            item=item,
            secret_item=secret_item,
            paper=paper,
            secret_paper=secret_paper,
            file=paper.files.first(),  # type: ignore[arg-type]
            secret_file=secret_paper.files.first(),  # type: ignore[arg-type]
            follow_up=FollowUp.objects.filter(agenda_item=item).first(),  # type: ignore[arg-type]
            attendance=Attendance.objects.filter(centre=centre).first(),  # type: ignore[arg-type]
            forwarding=Forwarding.objects.filter(agenda_item=item).first(),  # type: ignore[arg-type]
        )

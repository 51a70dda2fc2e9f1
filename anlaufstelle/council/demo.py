"""Synthetic Integrationsrat for the demo centres (no real data): a term, the council with two
lists and a working group, members (some without consent to publish), three meetings in every
state, public and non-public items, papers with a PDF, outcomes and follow-ups."""

from __future__ import annotations

import datetime
import hashlib
import random
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from anlaufstelle.core.models import Centre
from anlaufstelle.council.models import (
    AgendaItem,
    Attendance,
    Committee,
    Consultation,
    CouncilSettings,
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

GIVEN = ["Aylin", "Dmytro", "Fatma", "Hassan", "Irina", "Jonas", "Leyla", "Marek", "Nour", "Olga", "Samir", "Zeynep"]
FAMILY = ["Acar", "Bondarenko", "Demir", "Haddad", "Kowalski", "Nowak", "Petrova", "Rahimi", "Schmitt", "Yılmaz"]
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def load_council(centre: Centre, rng: random.Random) -> None:
    today = timezone.localdate()
    start = datetime.date(2025, 11, 1)
    LegislativeTerm.objects.create(centre=centre, name="Wahlperiode 2025–2030", start_date=start)
    council = Committee.objects.create(centre=centre, name="Integrationsrat", kind=Committee.Kind.COUNCIL)
    group = Committee.objects.create(
        centre=centre, name="Arbeitskreis Bildung und Sprache", kind=Committee.Kind.WORKING_GROUP, parent=council
    )
    lists = [
        Committee.objects.create(centre=centre, name="Liste Vielfalt", short_name="LV", kind=Committee.Kind.LIST),
        Committee.objects.create(centre=centre, name="Internationale Liste", short_name="IL", kind=Committee.Kind.LIST),
    ]
    persons = []
    for n in range(12):
        consent = n % 4 != 3
        persons.append(
            Person.objects.create(
                centre=centre,
                given_name=GIVEN[n],
                family_name=rng.choice(FAMILY),
                email=f"ir-mitglied{n}@{centre.slug}.example",
                publish_name=consent,
                publish_email=consent and n % 2 == 0,
                consent_given_on=start if consent else None,
            )
        )
    for position, person in enumerate(persons[:6], start=1):
        ListCandidate.objects.create(
            centre=centre, electoral_list=lists[position % 2], person=person, position=position
        )
    for position, person in enumerate(persons[8:], start=7):
        ListCandidate.objects.create(
            centre=centre, electoral_list=lists[position % 2], person=person, position=position
        )
    roles = [Membership.Role.CHAIR, Membership.Role.DEPUTY_CHAIR] + [Membership.Role.MEMBER] * 4
    for n, person in enumerate(persons[:6]):
        Membership.objects.create(
            centre=centre,
            person=person,
            committee=council,
            on_behalf_of=lists[(n + 1) % 2],
            role=roles[n],
            deputy=persons[6 + n] if n < 2 else None,
            start_date=start,
        )
    Membership.objects.create(
        centre=centre,
        person=persons[6],
        committee=council,
        role=Membership.Role.ADVISORY,
        voting_right=False,
        start_date=start,
    )
    for person in persons[:3]:
        Membership.objects.create(centre=centre, person=person, committee=group, start_date=start)
    hall = Location.objects.create(
        centre=centre,
        description="Rathaus, Ratssaal",
        street_address="Am Markt 1",
        room="Raum 101",
        postal_code="47798",
        locality=centre.city or centre.municipality,
    )
    held = Meeting.objects.create(
        centre=centre,
        committee=council,
        name="1. Sitzung des Integrationsrats",
        location=hall,
        start=_at(today - datetime.timedelta(days=60), 17),
        state=Meeting.State.MINUTES_APPROVED,
    )
    invited = Meeting.objects.create(
        centre=centre,
        committee=council,
        name="2. Sitzung des Integrationsrats",
        location=hall,
        start=_at(today + datetime.timedelta(days=10), 17),
        state=Meeting.State.INVITED,
    )
    Meeting.objects.create(
        centre=centre,
        committee=group,
        name="Arbeitskreis Bildung: Auftakt",
        online_url="https://video.example/ak",
        start=_at(today + datetime.timedelta(days=30), 16),
    )
    motion = _paper(centre, 1, "Mehr Sprachkurse in den Stadtteilen", Paper.Type.MOTION, persons[0], lists[1])
    report = _paper(centre, 2, "Bericht der Verwaltung zur Einbürgerung", Paper.Type.NOTICE, None, None)
    secret = _paper(centre, 3, "Benennung sachkundiger Einwohnerinnen", Paper.Type.PROPOSAL, None, None)
    outcomes = [
        ("Eröffnung und Feststellung der Beschlussfähigkeit", True, None, AgendaItem.Result.NOTED, ""),
        (
            "Antrag: Mehr Sprachkurse",
            True,
            motion,
            AgendaItem.Result.ADOPTED,
            "Der Integrationsrat bittet die Verwaltung, bis Jahresende zwei weitere Kursorte zu prüfen.",
        ),
        ("Bericht zur Einbürgerung", True, report, AgendaItem.Result.NOTED, ""),
        ("Personalangelegenheiten", False, secret, AgendaItem.Result.ADOPTED, "Benennung wie vorgeschlagen."),
    ]
    for order, (name, public, paper, result, text) in enumerate(outcomes, start=1):
        item = AgendaItem.objects.create(
            centre=centre,
            meeting=held,
            order=order,
            number=str(order),
            name=name,
            public=public,
            result=result,
            resolution_text=text,
            votes_yes=11 if text else None,
            votes_no=0 if text else None,
            votes_abstain=1 if text else None,
            minutes="Aussprache ohne Wortmeldungen." if order == 1 else "",
        )
        if paper is not None:
            Consultation.objects.create(centre=centre, paper=paper, meeting=held, agenda_item=item)
        if public and text:
            Forwarding.objects.create(
                centre=centre,
                agenda_item=item,
                recipient="Rat der Stadt",
                forwarded_on=today - datetime.timedelta(days=50),
                outcome=Forwarding.Outcome.PENDING,
            )
            FollowUp.objects.create(
                centre=centre,
                agenda_item=item,
                task="Kursorte mit der Volkshochschule prüfen",
                due_on=today + datetime.timedelta(days=45),
                status=FollowUp.Status.IN_PROGRESS,
            )
    Paper.objects.public().filter(centre=centre).update(ever_public=True)
    CouncilSettings.objects.create(
        centre=centre, notice_days=7, allowance_council=Decimal("30.00"), allowance_working_group=Decimal("20.00")
    )
    for person in persons[:3]:
        Attendance.objects.create(
            centre=centre, meeting=held, person=person, arrived=datetime.time(17), allowance=Decimal("30.00")
        )
    for order, name in enumerate(["Eröffnung", "Bericht aus dem Arbeitskreis", "Verschiedenes"], start=1):
        AgendaItem.objects.create(centre=centre, meeting=invited, order=order, number=str(order), name=name)


def _paper(centre: Centre, number: int, name: str, kind: str, author: Person | None, by: Committee | None) -> Paper:
    paper = Paper.objects.create(
        centre=centre,
        year=timezone.localdate().year,
        number=number,
        name=name,
        paper_type=kind,
        date=timezone.localdate() - datetime.timedelta(days=70),
        originator_person=author,
        originator_committee=by,
        status=Paper.Status.DECIDED,
        text=f"{name}. Synthetischer Demotext.",
    )
    file = File(
        centre=centre,
        paper=paper,
        role=File.Role.MAIN,
        name=name,
        file_name=f"vorlage-{number}.pdf",
        size=len(PDF),
        sha512=hashlib.sha512(PDF).hexdigest(),
    )
    file.data.save("vorlage.pdf", ContentFile(PDF), save=False)
    file.save()
    return paper

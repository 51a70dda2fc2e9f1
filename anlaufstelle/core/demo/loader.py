"""Synthetic demo installation: two centres with staff, partners, schools and contact persons."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django_scopes import scopes_disabled

from anlaufstelle.core.demo.content import PAGE, TEAM
from anlaufstelle.core.models import (
    Centre,
    CentreContent,
    Funder,
    Membership,
    TeamMember,
    TeamMemberTranslation,
    User,
)
from anlaufstelle.core.roles import Role
from anlaufstelle.partners.models import Address, ContactPerson, Organisation, Tag

DEMO_PASSWORD = "Anlaufstelle-Demo-2026"  # noqa: S105 - synthetic demo accounts only


@dataclass(frozen=True)
class CentreSpec:
    slug: str
    name: str
    kind: str
    place: str
    street: str
    postcode: str
    city: str
    phone: str
    lat: float
    lon: float
    districts: tuple[str, ...]


CENTRES = (
    CentreSpec(
        "musterstadt",
        "KI Musterstadt",
        Centre.Kind.CITY,
        "Musterstadt",
        "Rathausplatz 1",
        "47798",
        "Musterstadt",
        "02151 86-0",
        51.333,
        6.564,
        ("Mitte", "Nord", "Süd", "Ost", "West"),
    ),
    CentreSpec(
        "beispielland",
        "KI Kreis Beispielland",
        Centre.Kind.DISTRICT,
        "Kreis Beispielland",
        "Kreishausweg 5",
        "57072",
        "Beispielstadt",
        "0271 333-0",
        50.875,
        8.017,
        ("Beispielstadt", "Nordheim", "Talbach", "Bergdorf"),
    ),
)

STAFF_ROLES = (
    ("admin", Role.CENTRE_ADMIN, "Alex Admin"),
    ("beratung", Role.CASEWORKER, "Berit Beratung"),
    ("ehrenamt", Role.VOLUNTEER_COORDINATOR, "Emil Ehrenamt"),
    ("redaktion", Role.EDITOR, "Rita Redaktion"),
    ("veranstaltung", Role.EVENTS_ORGANISER, "Vera Veranstaltung"),
    ("integrationsrat", Role.COUNCIL_CLERK, "Ingo Integrationsrat"),
    ("foerderung", Role.GRANTS_OFFICER, "Fiona Förderung"),
    ("schulamt", Role.SCHOOL_AUTHORITY, "Sami Schulamt"),
    ("analyse", Role.STATE_ANALYST, "Lea Landesstelle"),
)

FIRST_NAMES = [
    "Anna",
    "Ben",
    "Cem",
    "Daria",
    "Elif",
    "Farid",
    "Greta",
    "Hamid",
    "Ida",
    "Jana",
    "Kofi",
    "Lina",
    "Mehmet",
    "Nora",
    "Olga",
    "Pavel",
    "Rana",
    "Svenja",
    "Tarek",
    "Ute",
    "Vesna",
    "Yusuf",
    "Zeynep",
]
LAST_NAMES = [
    "Aksoy",
    "Becker",
    "Celik",
    "Dahmen",
    "Esser",
    "Fischer",
    "Günther",
    "Haddad",
    "Ivanova",
    "Jansen",
    "Kaya",
    "Lehmann",
    "Meyer",
    "Nowak",
    "Okafor",
    "Petrenko",
    "Quast",
    "Rahimi",
    "Schmitz",
    "Tran",
]

ORGANISATIONS: list[tuple[str, str, str, str]] = [
    # name, kind, school form, tags
    ("Grundschule Am Park", Organisation.Kind.SCHOOL, Organisation.SchoolForm.GRUNDSCHULE, "Schule"),
    ("Grundschule Lindenweg", Organisation.Kind.SCHOOL, Organisation.SchoolForm.GRUNDSCHULE, "Schule"),
    ("Gemeinschaftsgrundschule Regenbogen", Organisation.Kind.SCHOOL, Organisation.SchoolForm.GRUNDSCHULE, "Schule"),
    ("Gesamtschule Mitte", Organisation.Kind.SCHOOL, Organisation.SchoolForm.GESAMTSCHULE, "Schule;Seiteneinstieg"),
    ("Realschule am Wall", Organisation.Kind.SCHOOL, Organisation.SchoolForm.REALSCHULE, "Schule;Seiteneinstieg"),
    ("Städtisches Gymnasium", Organisation.Kind.SCHOOL, Organisation.SchoolForm.GYMNASIUM, "Schule"),
    ("Sekundarschule Nord", Organisation.Kind.SCHOOL, Organisation.SchoolForm.SEKUNDARSCHULE, "Schule;Seiteneinstieg"),
    ("Berufskolleg Technik und Soziales", Organisation.Kind.SCHOOL, Organisation.SchoolForm.BERUFSKOLLEG, "Schule;IFK"),
    ("Kita Sonnenschein", Organisation.Kind.KITA, "", "Kita;Rucksack"),
    ("Familienzentrum Kunterbunt", Organisation.Kind.KITA, "", "Kita;Griffbereit"),
    ("Kita Pusteblume", Organisation.Kind.KITA, "", "Kita"),
    ("Deutsch-Syrischer Kulturverein e.V.", Organisation.Kind.MSO, "", "MSO;Arabisch"),
    ("Ukrainische Gemeinde e.V.", Organisation.Kind.MSO, "", "MSO;Ukrainisch"),
    ("Afrikanisches Forum e.V.", Organisation.Kind.MSO, "", "MSO"),
    ("Türkischer Elternverein e.V.", Organisation.Kind.MSO, "", "MSO;Eltern"),
    ("Caritasverband", Organisation.Kind.WELFARE, "", "Migrationsberatung"),
    ("Diakonisches Werk", Organisation.Kind.WELFARE, "", "Migrationsberatung"),
    ("AWO Kreisverband", Organisation.Kind.WELFARE, "", "Jugendmigrationsdienst"),
    ("Jobcenter", Organisation.Kind.JOBCENTER, "", "Arbeit"),
    ("Gesundheitsamt", Organisation.Kind.AUTHORITY, "", "Schuleingangsuntersuchung"),
    ("Schulamt", Organisation.Kind.AUTHORITY, "", "Schulaufsicht"),
    ("Ausländerbehörde", Organisation.Kind.AUTHORITY, "", "Aufenthalt"),
    ("Volkshochschule", Organisation.Kind.PROVIDER, "", "Deutschkurs;Integrationskurs"),
    ("Sprachschule Brücke GmbH", Organisation.Kind.PROVIDER, "", "Deutschkurs"),
    ("Sportverein Eintracht 1910 e.V.", Organisation.Kind.ASSOCIATION, "", "Sport"),
    ("Flüchtlingshilfe Miteinander e.V.", Organisation.Kind.ASSOCIATION, "", "Ehrenamt"),
    ("Handwerksbetrieb Muster GmbH", Organisation.Kind.COMPANY, "", "Ausbildung"),
    # Deliberate near-duplicate to show the merge function.
    ("Caritasverband e. V.", Organisation.Kind.WELFARE, "", "Migrationsberatung"),
]


def _content(spec: CentreSpec, language: str) -> dict[str, str]:
    values = {
        "name": spec.name,
        "place": spec.place,
        "street": spec.street,
        "postcode": spec.postcode,
        "city": spec.city,
        "slug": spec.slug,
    }
    return {key: text.format(**values) for key, text in PAGE[language].items()}


@scopes_disabled()  # needed: the demo creates several centres and their data in one go
@transaction.atomic
def load_demo() -> list[tuple[str, str, str]]:
    """Create the demo installation (once). Returns the demo logins (e-mail, centre, role)."""
    logins: list[tuple[str, str, str]] = []
    already = Centre.objects.filter(slug__in=[c.slug for c in CENTRES]).exists()
    rng = random.Random(2026)
    centres: dict[str, Centre] = {}
    for spec in CENTRES:
        centre, _created = Centre.objects.get_or_create(
            slug=spec.slug,
            defaults={
                "name": spec.name,
                "kind": spec.kind,
                "municipality": spec.place,
                "street": spec.street,
                "postcode": spec.postcode,
                "city": spec.city,
                "phone": spec.phone,
                "email": f"integration@{spec.slug}.example",
                "districts": "\n".join(spec.districts),
            },
        )
        centres[spec.slug] = centre
        if not already:
            _load_centre(centre, spec, rng)
        for local, role, full_name in STAFF_ROLES:
            email = f"{local}@{spec.slug}.example"
            logins.append((email, centre.name, str(Role(role).label)))
            if not already:
                user = User.objects.create_user(email, DEMO_PASSWORD, full_name=full_name)
                Membership.objects.create(user=user, centre=centre, role=role, full_name=full_name)
        partner_email = f"partner@{spec.slug}.example"
        school_email = f"schule@{spec.slug}.example"
        logins.append((partner_email, centre.name, str(Role.PARTNER.label)))
        logins.append((school_email, centre.name, str(Role.SCHOOL_CONTACT.label)))
        if not already:
            org = Organisation.objects.filter(centre=centre, kind=Organisation.Kind.MSO).order_by("id").first()
            school = Organisation.objects.filter(centre=centre, kind=Organisation.Kind.SCHOOL).order_by("id").first()
            user = User.objects.create_user(partner_email, DEMO_PASSWORD, full_name="Paula Partner")
            Membership.objects.create(
                user=user, centre=centre, role=Role.PARTNER, organisation=org, full_name=user.full_name
            )
            user = User.objects.create_user(school_email, DEMO_PASSWORD, full_name="Sven Schule")
            Membership.objects.create(
                user=user, centre=centre, role=Role.SCHOOL_CONTACT, organisation=school, full_name=user.full_name
            )
    # One person with different roles in both centres.
    logins.append(
        (
            "kreisweit@beispiel.example",
            "KI Musterstadt + KI Kreis Beispielland",
            f"{Role.EDITOR.label} / {Role.CASEWORKER.label}",
        )
    )
    if not already:
        user = User.objects.create_user("kreisweit@beispiel.example", DEMO_PASSWORD, full_name="Kim Kreisweit")
        # Each centre keeps its own name for the person.
        Membership.objects.create(user=user, centre=centres["musterstadt"], role=Role.EDITOR, full_name="Kim Kreisweit")
        Membership.objects.create(
            user=user, centre=centres["beispielland"], role=Role.CASEWORKER, full_name="Kim K. (Kreis)"
        )
    return logins


def _load_centre(centre: Centre, spec: CentreSpec, rng: random.Random) -> None:
    source: CentreContent | None = None
    for language in ("de", "en", "ar"):
        row = CentreContent(centre=centre, language=language, **_content(spec, language))
        if source is not None:
            row.source_digest = source.digest()
        row.save()
        source = source or row
    for position, entry in enumerate(TEAM):
        member = TeamMember.objects.create(
            centre=centre,
            name=entry["name"],
            position=position,
            email=f"{entry['name'].split()[-1].lower()}@{spec.slug}.example",
            phone=f"{spec.phone[:-1]}{position + 10}",
        )
        digest = ""
        for language in ("de", "en", "ar"):
            title, tasks = entry[language]
            text = TeamMemberTranslation(member=member, language=language, job_title=title, tasks=tasks)
            if language == "de":
                digest = text.digest()
            else:
                text.source_digest = digest
            text.save()
    for position, (funder_name, url, colour) in enumerate(
        [("Land Nordrhein-Westfalen", "https://www.land.nrw", "#1a5a96"), (spec.place, "", "#7a3b00")], start=1
    ):
        funder = Funder(centre=centre, name=funder_name, url=url, position=position)
        funder.logo.save("logo.png", _demo_logo(funder_name, colour), save=False)
        funder.save()

    tags: dict[str, Tag] = {}
    school_number = 100000 + (1 if spec.slug == "musterstadt" else 5000)
    for index, (name, kind, school_form, tag_names) in enumerate(ORGANISATIONS):
        full_name = name if kind in {Organisation.Kind.SCHOOL, Organisation.Kind.KITA} else f"{name} {spec.place}"
        if name.startswith("Caritasverband e. V."):
            full_name = f"Caritasverband e. V. {spec.place}"
        org = Organisation.objects.create(
            centre=centre,
            name=full_name,
            kind=kind,
            school_form=school_form,
            school_number=str(school_number + index) if kind == Organisation.Kind.SCHOOL else "",
            email=f"kontakt{index}@{spec.slug}-partner.example",
            phone=f"{spec.phone.split()[0]} {rng.randint(100000, 999999)}",
            description=f"Synthetische Demo-Organisation ({Organisation.Kind(kind).label}).",
        )
        for tag_name in tag_names.split(";"):
            if tag_name not in tags:
                tags[tag_name] = Tag.objects.create(centre=centre, name=tag_name)
            org.tags.add(tags[tag_name])
        Address.objects.create(
            centre=centre,
            organisation=org,
            street=f"{rng.choice(['Hauptstraße', 'Schulweg', 'Ringstraße', 'Am Markt', 'Gartenstraße'])} {rng.randint(1, 120)}",
            postcode=spec.postcode,
            city=spec.city,
            district=rng.choice(spec.districts),
            latitude=Decimal(str(round(spec.lat + rng.uniform(-0.03, 0.03), 6))),
            longitude=Decimal(str(round(spec.lon + rng.uniform(-0.05, 0.05), 6))),
            is_primary=True,
        )
        for _n in range(rng.randint(1, 2)):  # contact persons
            consent = rng.random() < 0.8
            ContactPerson.objects.create(
                centre=centre,
                organisation=org,
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                function=rng.choice(["Leitung", "Schulsozialarbeit", "Ansprechperson Integration", "Sekretariat"]),
                email=f"person{rng.randint(1000, 9999)}@{spec.slug}-partner.example",
                consent_to_contact=consent,
                consent_given_on=centre.created_at.date() if consent else None,
                consent_note="schriftlich" if consent else "",
            )
    from anlaufstelle.directory.demo import load_offers

    load_offers(centre, rng)
    from anlaufstelle.newcomers.demo import load_newcomers

    load_newcomers(centre, rng, lat=spec.lat, lon=spec.lon, districts=spec.districts)
    from anlaufstelle.volunteers.demo import load_volunteers

    load_volunteers(centre, rng, districts=spec.districts)
    from anlaufstelle.events.demo import load_events

    load_events(centre, rng)
    from anlaufstelle.news.demo import load_news

    load_news(centre, rng)
    from anlaufstelle.council.demo import load_council

    load_council(centre, rng)


def _demo_logo(text: str, colour: str) -> ContentFile:
    """A plain synthetic logo (coloured block with the name) so the demo shows real images."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (360, 96), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 88, 95), fill=colour)
    draw.text((104, 38), text, fill="#131525")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return ContentFile(buffer.getvalue())

"""Synthetic newcomer families, seats, rules and appointments for the demo centres (no real data)."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from anlaufstelle.core.languages import encode_codes
from anlaufstelle.core.models import Centre
from anlaufstelle.newcomers import actions
from anlaufstelle.newcomers.models import AppointmentSlot, Child, Family, Guardian, SeatQuota, StageEvent
from anlaufstelle.newcomers.models.schools import ClassModel, GradeBand
from anlaufstelle.partners.models import Organisation

SEATS_BY_FORM: dict[str, list[tuple[str, str, int]]] = {
    "grundschule": [(GradeBand.PRIMARY, ClassModel.REGULAR, 4), (GradeBand.PRIMARY, ClassModel.PARTLY_INTEGRATED, 3)],
    "gesamtschule": [
        (GradeBand.LOWER_SECONDARY, ClassModel.PARTLY_INTEGRATED, 4),
        (GradeBand.UPPER_SECONDARY, ClassModel.PREPARATORY, 6),
        (GradeBand.LOWER_SECONDARY, ClassModel.LITERACY, 3),
    ],
    "realschule": [
        (GradeBand.LOWER_SECONDARY, ClassModel.REGULAR, 3),
        (GradeBand.UPPER_SECONDARY, ClassModel.REGULAR, 2),
    ],
    "gymnasium": [
        (GradeBand.LOWER_SECONDARY, ClassModel.REGULAR, 2),
        (GradeBand.UPPER_SECONDARY, ClassModel.REGULAR, 2),
    ],
    "sekundarschule": [
        (GradeBand.LOWER_SECONDARY, ClassModel.PREPARATORY, 5),
        (GradeBand.UPPER_SECONDARY, ClassModel.PARTLY_INTEGRATED, 4),
    ],
    "berufskolleg": [(GradeBand.VOCATIONAL, ClassModel.INTERNATIONAL, 8)],
}
FAMILY_NAMES = ["Haddad", "Petrenko", "Rahimi", "Kaya", "Okafor", "Ivanova", "Nowak", "Tran", "Hussein", "Bondarenko"]
CHILD_NAMES = ["Sami", "Lina", "Omar", "Mila", "Yara", "Taras", "Amir", "Sofia", "Nour", "Daria", "Karim", "Zahra"]
LANGUAGES = [["ar"], ["uk", "ru"], ["fa", "prs"], ["tr"], ["en"], ["ru"], ["pl"], ["ar", "kmr"], ["ti"], ["uk"]]
# Per entry of LANGUAGES: home language, nationalities (Destatis codes), country and place of birth,
# so a demo hand-over to SchILD-NRW is complete (a German family from Russia gets "XS", one child two
# nationalities, Dari and Kurmanji speakers are mapped by the catalogue). Fixed, so the random sequence stays.
ORIGINS = [
    ("ar", "475", "", "475", "Aleppo"),
    ("uk", "166", "", "166", "Charkiw"),
    ("prs", "423", "", "423", "Herat"),
    ("tr", "163", "", "163", "Gaziantep"),
    ("en", "232", "", "232", "Lagos"),
    ("ru", "000", "160", "160", "Omsk"),
    ("pl", "152", "", "152", "Kraków"),
    ("kmr", "475", "438", "475", "Qamischli"),
    ("ti", "224", "", "224", "Asmara"),
    ("uk", "166", "", "152", "Warschau"),
]
STAGES = [
    Child.Stage.REGISTERED,
    Child.Stage.COUNSELLING_BOOKED,
    Child.Stage.COUNSELLED,
    Child.Stage.COUNSELLED,
    Child.Stage.HEALTH_EXAM_BOOKED,
    Child.Stage.HEALTH_EXAM_DONE,
    Child.Stage.HEALTH_EXAM_DONE,
]


def load_newcomers(centre: Centre, rng: random.Random, *, lat: float, lon: float, districts: tuple[str, ...]) -> None:
    """Rules, seats, appointment slots and about 30 families at different stages."""
    actions.rules_load_defaults(centre=centre, actor=None)
    for school in Organisation.objects.filter(centre=centre, kind=Organisation.Kind.SCHOOL):
        for band, model, seats in SEATS_BY_FORM.get(school.school_form, []):
            SeatQuota.objects.create(
                centre=centre,
                school=school,
                grade_band=band,
                class_model=model,
                seats=seats,
                languages=encode_codes(rng.sample(["ar", "uk", "tr", "fa"], 1)),
            )
    office = Organisation.objects.filter(centre=centre, name__startswith="Gesundheitsamt").first()
    start = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    for day in range(1, 15):
        when = start + datetime.timedelta(days=day)
        if when.weekday() >= 5:
            continue
        for slot in range(3):
            AppointmentSlot.objects.create(
                centre=centre,
                kind=AppointmentSlot.Kind.HEALTH_EXAM,
                starts_at=when + datetime.timedelta(minutes=30 * slot),
                duration_minutes=30,
                place="Gesundheitsamt, Kinder- und Jugendärztlicher Dienst",
                organisation=office,
            )
            AppointmentSlot.objects.create(
                centre=centre,
                kind=AppointmentSlot.Kind.COUNSELLING,
                starts_at=when + datetime.timedelta(hours=4, minutes=60 * slot),
                duration_minutes=45,
                place="Kommunales Integrationszentrum, Beratungsraum 1",
            )
    today = timezone.localdate()
    for index in range(30):
        languages = LANGUAGES[index % len(LANGUAGES)]
        registered = today - datetime.timedelta(days=rng.randint(3, 120))
        family = Family.objects.create(
            centre=centre,
            street=f"{rng.choice(['Lindenweg', 'Bahnhofstraße', 'Am Bach', 'Parkallee'])} {rng.randint(1, 80)}",
            postcode=centre.postcode,
            city=centre.city,
            district=rng.choice(districts),
            latitude=round(lat + rng.uniform(-0.04, 0.04), 6),
            longitude=round(lon + rng.uniform(-0.06, 0.06), 6),
            arrival_date=registered - datetime.timedelta(days=rng.randint(5, 40)),
            languages=encode_codes(languages),
            home_language=ORIGINS[index % len(ORIGINS)][0],
            letter_language=languages[0] if languages[0] in {"ar", "uk", "tr", "en", "fa", "ru", "pl", "ti"} else "de",
            needs_interpreter=rng.random() < 0.6,
            interpreter_language=languages[0],
            consent_given_on=registered,
            privacy_notice_language=languages[0],
        )
        surname = FAMILY_NAMES[index % len(FAMILY_NAMES)]
        Guardian.objects.create(
            centre=centre,
            family=family,
            first_name=rng.choice(["Amal", "Olena", "Reza", "Ayşe", "Grace", "Irina"]),
            last_name=surname,
            relation=rng.choice([Guardian.Relation.MOTHER, Guardian.Relation.FATHER]),
            phone=f"0151 {rng.randint(1000000, 9999999)}",
        )
        for _n in range(1 if rng.random() < 0.7 else rng.randint(2, 3)):
            age_days = rng.randint(6 * 365 + 60, 17 * 365)
            stage = rng.choice(STAGES)
            child = Child.objects.create(
                centre=centre,
                family=family,
                first_name=rng.choice(CHILD_NAMES),
                last_name=surname,
                birth_date=today - datetime.timedelta(days=age_days),
                gender=rng.choice(["f", "m"]),
                nationality=ORIGINS[index % len(ORIGINS)][1],
                second_nationality=ORIGINS[index % len(ORIGINS)][2],
                birth_country=ORIGINS[index % len(ORIGINS)][3],
                birth_place=ORIGINS[index % len(ORIGINS)][4],
                schooling_country=ORIGINS[index % len(ORIGINS)][3],
                languages=encode_codes(languages[:1]),
                schooling_years=max(0, min(age_days // 365 - 6, rng.choice([0, 2, 4, 8]))),
                latin_literacy=rng.choice(["yes", "yes", "partly", "no"]),
                german_level=rng.choice(["none", "none", "a1", "a2"]),
                registered_on=registered,
                stage=stage,
                stage_since=registered + datetime.timedelta(days=2),
            )
            StageEvent.objects.create(centre=centre, child=child, stage=Child.Stage.REGISTERED, happened_on=registered)
            if stage not in (Child.Stage.REGISTERED, Child.Stage.COUNSELLING_BOOKED, Child.Stage.COUNSELLED):
                # A child further on was counselled on the way (its stage is derived from such steps).
                StageEvent.objects.create(
                    centre=centre,
                    child=child,
                    stage=Child.Stage.COUNSELLED,
                    happened_on=registered + datetime.timedelta(days=1),
                )
            if stage != Child.Stage.REGISTERED:
                StageEvent.objects.create(
                    centre=centre, child=child, stage=stage, happened_on=registered + datetime.timedelta(days=2)
                )
            booked = {
                Child.Stage.COUNSELLING_BOOKED: AppointmentSlot.Kind.COUNSELLING,
                Child.Stage.HEALTH_EXAM_BOOKED: AppointmentSlot.Kind.HEALTH_EXAM,
            }.get(stage)
            if booked:
                free = AppointmentSlot.objects.filter(centre=centre, kind=booked, child__isnull=True).first()
                if free is not None:
                    free.child, free.booked_at = child, timezone.now()
                    free.save(update_fields=["child", "booked_at"])

"""Synthetic demo offers for the demo centres (called by core's demo loader)."""

from __future__ import annotations

import datetime
import random

from anlaufstelle.core.languages import encode_codes
from anlaufstelle.core.models import Centre
from anlaufstelle.directory.actions import offer_save
from anlaufstelle.partners.models import Organisation

# (provider name starts with, areas, ages, languages, free, texts per language {lang: (title, summary)})
OFFERS: list[tuple[str, list[str], list[str], list[str], bool, dict[str, tuple[str, str]]]] = [
    (
        "Volkshochschule",
        ["language"],
        ["adults"],
        ["de", "en", "ar"],
        False,
        {
            "de": (
                "Integrationskurs Deutsch (B1)",
                "Deutschkurs mit Orientierungskurs, vormittags, mit Kinderbetreuung.",
            ),
            "en": (
                "Integration course German (B1)",
                "German course with orientation course, mornings, with childcare.",
            ),
            "ar": ("دورة الاندماج للغة الألمانية (B1)", "دورة لغة ألمانية مع دورة توجيهية، صباحاً، مع رعاية للأطفال."),
        },
    ),
    (
        "Sprachschule",
        ["language"],
        ["young_adults", "adults"],
        ["de", "uk", "ru"],
        False,
        {
            "de": ("Deutschkurs A1 am Abend", "Deutschkurse für Berufstätige, zweimal pro Woche."),
            "uk": ("Курс німецької мови A1 ввечері", "Курси німецької для працюючих, двічі на тиждень."),
        },
    ),
    (
        "Caritasverband",
        ["counselling"],
        ["adults", "families"],
        ["de", "ar", "fa", "en"],
        True,
        {
            "de": ("Migrationsberatung für Erwachsene", "Beratung zu Aufenthalt, Sprache, Arbeit und Wohnen."),
            "en": ("Migration counselling for adults", "Advice on residence, language, work and housing."),
            "ar": ("استشارات الهجرة للبالغين", "استشارات حول الإقامة واللغة والعمل والسكن."),
        },
    ),
    (
        "AWO",
        ["counselling", "work"],
        ["young_adults"],
        ["de", "tr", "ar"],
        True,
        {
            "de": (
                "Jugendmigrationsdienst",
                "Beratung für junge Menschen von 12 bis 27 Jahren zu Schule, Ausbildung und Beruf.",
            ),
            "tr": ("Gençlik Göç Servisi", "12-27 yaş arası gençler için okul, meslek eğitimi ve iş danışmanlığı."),
        },
    ),
    (
        "Familienzentrum",
        ["kita_family"],
        ["toddlers", "families"],
        ["de", "ar", "tr"],
        True,
        {
            "de": (
                "Griffbereit – Eltern-Kind-Gruppe",
                "Spielgruppe für Eltern mit Kindern von 1 bis 3 Jahren, mehrsprachig.",
            ),
            "ar": (
                "غريفبرايت – مجموعة الآباء والأطفال",
                "مجموعة لعب للآباء مع أطفال من سنة إلى ثلاث سنوات، بعدة لغات.",
            ),
        },
    ),
    (
        "Kita Sonnenschein",
        ["kita_family", "language"],
        ["toddlers", "families"],
        ["de", "tr"],
        True,
        {
            "de": ("Rucksack KiTa", "Programm zur Sprachförderung für Eltern und Kinder in der Kita."),
        },
    ),
    (
        "Gesundheitsamt",
        ["health", "school"],
        ["children", "teenagers"],
        ["de", "en"],
        True,
        {
            "de": (
                "Schuleingangsuntersuchung für neu zugewanderte Kinder",
                "Untersuchung vor dem ersten Schultag; ein Dolmetscher kann vermittelt werden.",
            ),
            "en": (
                "School entry health examination for newly arrived children",
                "Examination before the first school day; an interpreter can be arranged.",
            ),
        },
    ),
    (
        "Jobcenter",
        ["work"],
        ["adults"],
        ["de", "en", "ar", "uk"],
        True,
        {
            "de": (
                "Beratung zu Arbeit und Anerkennung",
                "Hilfe bei Arbeitssuche, Bewerbung und Anerkennung von Abschlüssen.",
            ),
            "en": (
                "Advice on work and recognition",
                "Help with job search, applications and recognition of qualifications.",
            ),
        },
    ),
    (
        "Sportverein",
        ["sport_leisure"],
        ["children", "teenagers"],
        ["de"],
        True,
        {
            "de": ("Fußball für alle Kinder", "Offenes Training dienstags und donnerstags, keine Anmeldung nötig."),
            "en": ("Football for all children", "Open training on Tuesdays and Thursdays, no registration needed."),
            "ar": ("كرة القدم لجميع الأطفال", "تدريب مفتوح أيام الثلاثاء والخميس، لا حاجة للتسجيل."),
        },
    ),
    (
        "Flüchtlingshilfe",
        ["volunteering", "school"],
        ["children", "teenagers"],
        ["de", "ar", "fa"],
        True,
        {
            "de": (
                "Hausaufgabenhilfe mit Bildungspaten",
                "Ehrenamtliche helfen Schülerinnen und Schülern beim Lernen.",
            ),
        },
    ),
    (
        "Deutsch-Syrischer Kulturverein",
        ["migrant_orgs", "sport_leisure"],
        ["families"],
        ["ar", "de", "kmr"],
        True,
        {
            "de": ("Offener Familientreff", "Begegnung, Beratung und Kinderprogramm jeden Samstag."),
            "ar": ("لقاء العائلات المفتوح", "لقاء واستشارة وبرنامج للأطفال كل يوم سبت."),
        },
    ),
    (
        "Ausländerbehörde",
        ["legal_residence"],
        ["adults"],
        ["de", "en"],
        True,
        {
            "de": (
                "Sprechstunde zu Aufenthaltsfragen",
                "Termine nur nach Vereinbarung. Das KI berät nicht rechtlich, es vermittelt.",
            ),
        },
    ),
    (
        "Diakonisches Werk",
        ["housing", "counselling"],
        ["adults", "families"],
        ["de", "ar", "uk"],
        True,
        {
            "de": ("Wohnraumberatung", "Unterstützung bei der Wohnungssuche und bei Fragen zum Mietvertrag."),
            "uk": ("Консультації щодо житла", "Допомога в пошуку житла та з питаннями договору оренди."),
        },
    ),
]


def load_offers(centre: Centre, rng: random.Random) -> None:
    organisations = list(Organisation.objects.filter(centre=centre).prefetch_related("addresses"))
    for prefix, areas, ages, languages, free, texts in OFFERS:
        provider = next((org for org in organisations if org.name.startswith(prefix)), organisations[0])
        address = provider.primary_address
        offer_save(
            centre=centre,
            actor=None,
            data={
                "organisation": provider,
                "address": address,
                "status": "published",
                "areas": encode_codes(areas),
                "age_groups": encode_codes(ages),
                "languages": encode_codes(languages),
                "is_free": free,
                "by_appointment": "Sprechstunde" in texts["de"][0] or "Beratung" in texts["de"][0],
                "contact_email": provider.email,
                "contact_phone": provider.phone,
                "last_reviewed_on": datetime.date(2026, rng.randint(1, 10), rng.randint(1, 28)),
            },
            texts={
                language: {
                    "title": title,
                    "summary": summary,
                    "description": summary,
                    "opening_hours": "Mo–Fr 9–12 Uhr" if language == "de" else "",
                    "costs": "" if free else ("Kursgebühr nach Tarif, Befreiung möglich" if language == "de" else ""),
                }
                for language, (title, summary) in texts.items()
            },
        )

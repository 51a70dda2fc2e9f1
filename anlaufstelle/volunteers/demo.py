"""Synthetic volunteer pools and volunteers for the demo centres (no real data)."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from anlaufstelle.core.languages import encode_codes
from anlaufstelle.core.models import Centre
from anlaufstelle.volunteers.models import AvailabilityWindow, Pool, Volunteer, VolunteerLanguage

PEOPLE = [
    ("Rana", "Aziz", "f", [("ar", "native", "Levantinisch"), ("en", "good", "")]),
    ("Omid", "Karimi", "m", [("fa", "native", "Dari"), ("prs", "native", "")]),
    ("Hêvî", "Demir", "f", [("kmr", "native", "Kurmancî"), ("tr", "fluent", "")]),
    ("Olena", "Shevchenko", "f", [("uk", "native", ""), ("ru", "fluent", "")]),
    ("Yonas", "Tesfaye", "m", [("ti", "native", ""), ("en", "fluent", "")]),
    ("Ayşe", "Yıldız", "f", [("tr", "native", "")]),
]
STATUSES = ["active", "active", "active", "onboarding", "applied", "paused"]


def load_volunteers(centre: Centre, rng: random.Random, *, districts: tuple[str, ...]) -> None:
    """Three pools and six volunteers at different stages of onboarding."""
    interpreting = Pool.objects.create(centre=centre, name="Sprachlotsen", kind=Pool.Kind.INTERPRETING)
    learning = Pool.objects.create(
        centre=centre, name="Bildungspaten", kind=Pool.Kind.LEARNING, works_with_children=True
    )
    Pool.objects.create(centre=centre, name="Familienlotsen", kind=Pool.Kind.FAMILY)
    today = timezone.localdate()
    for index, (first, last, gender, languages) in enumerate(PEOPLE):
        status = STATUSES[index]
        onboarded = status in {"active", "paused"}
        started = today - datetime.timedelta(days=rng.randint(30, 400))
        volunteer = Volunteer.objects.create(
            centre=centre,
            first_name=first,
            last_name=last,
            email=f"{first.lower().replace('ê', 'e').replace('ş', 's')}@{centre.slug}-ehrenamt.example",
            phone=f"0157 {rng.randint(1000000, 9999999)}",
            gender=gender,
            districts=encode_codes(rng.sample(list(districts), 2)),
            status=status,
            consent_given_on=started,
            signup_language=languages[0][0],
            conversation_on=started + datetime.timedelta(days=7) if status != "applied" else None,
            confidentiality_signed_on=started + datetime.timedelta(days=7) if onboarded else None,
            training_completed_on=started + datetime.timedelta(days=21) if onboarded else None,
            police_certificate_seen_on=started + datetime.timedelta(days=14) if onboarded and index % 2 else None,
        )
        volunteer.pools.set([interpreting] + ([learning] if onboarded and index % 2 else []))
        for code, level, dialect in languages:
            VolunteerLanguage.objects.create(
                centre=centre, volunteer=volunteer, code=code, level=level, dialect=dialect
            )
        for weekday in rng.sample(range(5), 2):
            AvailabilityWindow.objects.create(
                centre=centre,
                volunteer=volunteer,
                weekday=weekday,
                start=datetime.time(9),
                end=datetime.time(13),
            )

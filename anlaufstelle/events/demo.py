"""Synthetic events for the demo centres (no real data): a DaZ-Tag, a course, a qualification."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from anlaufstelle.core.models import Centre
from anlaufstelle.events.models import Event, EventDate, Session
from anlaufstelle.partners.models import Address


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def load_events(centre: Centre, rng: random.Random) -> None:
    today = timezone.localdate()
    venue = Address.objects.filter(centre=centre, organisation__kind="school").select_related("organisation").first()
    day = today + datetime.timedelta(days=rng.randint(20, 40))
    while day.weekday() != 5:  # a Saturday
        day += datetime.timedelta(days=1)
    daz = Event.objects.create(
        centre=centre,
        title="DaZ-Tag: Sprachbildung in allen Fächern",
        summary="Fachtag für Lehrkräfte mit Workshops am Vormittag und Nachmittag.",
        description="Der jährliche DaZ-Tag des Kommunalen Integrationszentrums. Wählen Sie einen Workshop.",
        kind=Event.Kind.DAY,
        target_groups="|pedagogical|teachers|",
        topic="language",
        organisation=venue.organisation if venue else None,
        address=venue,
        hours=Decimal("6"),
        certificate_content="Workshops zur durchgängigen Sprachbildung und zum Deutsch-als-Zweitsprache-Unterricht.",
        signatory="Leitung des Kommunalen Integrationszentrums",
        ask_role=True,
        ask_dietary=True,
        registration_deadline=_at(day - datetime.timedelta(days=7), 23, 59),
        status=Event.Status.PUBLISHED,
    )
    EventDate.objects.create(centre=centre, event=daz, starts_at=_at(day, 9), ends_at=_at(day, 16))
    for index, (title, room, seats) in enumerate(
        [("Workshop A: Wortschatzarbeit", "Raum 101", 25), ("Workshop B: Mehrsprachigkeit nutzen", "Aula", 40)]
    ):
        Session.objects.create(
            centre=centre,
            event=daz,
            title=title,
            room=room,
            capacity=seats,
            position=index,
            starts_at=_at(day, 10),
            ends_at=_at(day, 15),
        )
    kita = Event.objects.create(
        centre=centre,
        title="Kulturbunte Kita",
        summary="Fortbildungsreihe für Kita-Fachkräfte in drei Terminen.",
        kind=Event.Kind.SERIES,
        target_groups="|daycare|",
        topic="diversity",
        hours=Decimal("9"),
        certificate_content=(
            "Vielfalt in der Kita, Elternarbeit mit neu zugewanderten Familien, Sprachbildung im Alltag."
        ),
        status=Event.Status.PUBLISHED,
    )
    start = today + datetime.timedelta(days=rng.randint(10, 20))
    for week in range(3):
        date = start + datetime.timedelta(days=7 * week)
        EventDate.objects.create(centre=centre, event=kita, starts_at=_at(date, 14), ends_at=_at(date, 17))
    Session.objects.create(centre=centre, event=kita, capacity=18)
    qualification = Event.objects.create(
        centre=centre,
        title="Qualifizierung für Sprachlotsinnen und Sprachlotsen",
        summary="Rolle, Schweigepflicht und Dolmetschtechniken für neue Ehrenamtliche.",
        kind=Event.Kind.SINGLE,
        target_groups="|volunteers|",
        topic="qualification",
        is_qualification=True,
        hours=Decimal("4"),
        status=Event.Status.PUBLISHED,
    )
    date = today + datetime.timedelta(days=rng.randint(5, 15))
    EventDate.objects.create(centre=centre, event=qualification, starts_at=_at(date, 17), ends_at=_at(date, 21))
    Session.objects.create(centre=centre, event=qualification, capacity=15)

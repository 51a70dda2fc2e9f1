"""Test data for volunteers: active volunteers with a language and weekday availability, and requests."""

from __future__ import annotations

import datetime
import re
from typing import Any

import factory
from django.core import mail
from django.utils import timezone

from anlaufstelle.core.tests.factories import CentreFactory
from anlaufstelle.volunteers import actions
from anlaufstelle.volunteers.models import AvailabilityWindow, InterpretingRequest, Volunteer, VolunteerLanguage

NEXT_MONDAY = timezone.localdate() + datetime.timedelta(days=7 - timezone.localdate().weekday())


def at(hour: int, minute: int = 0, day: datetime.date = NEXT_MONDAY) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


class VolunteerFactory(factory.django.DjangoModelFactory):
    """An active volunteer in the district Mitte, consent given today (no languages, no availability)."""

    class Meta:
        model = Volunteer

    centre = factory.SubFactory(CentreFactory)
    first_name = factory.Sequence(lambda n: f"Person{n}")
    last_name = "Test"
    email = factory.LazyAttribute(lambda o: f"{o.first_name.lower()}@example.org")
    consent_given_on = factory.LazyFunction(timezone.localdate)
    status = Volunteer.Status.ACTIVE
    districts = "|Mitte|"


def make_volunteer(centre: Any, name: str, language: str = "ar", **extra: Any) -> Volunteer:
    """An active volunteer speaking `language` natively, available Monday to Friday 8-18."""
    volunteer = VolunteerFactory(centre=centre, first_name=name, **extra)
    VolunteerLanguage.objects.create(centre=centre, volunteer=volunteer, code=language, level="native")
    for day in range(5):
        AvailabilityWindow.objects.create(
            centre=centre, volunteer=volunteer, weekday=day, start=datetime.time(8), end=datetime.time(18)
        )
    return volunteer


def make_request(centre: Any, hour: int = 10, **extra: Any) -> InterpretingRequest:
    """An Arabic request next Monday at `hour`, created through the booking action (offers go out)."""
    data = {"language": "ar", "starts_at": at(hour), "duration_minutes": 60, "place": "Rathaus", "district": "Mitte"}
    data.update(extra)
    return actions.request_create(centre=centre, actor=None, data=data)


def tokens_from_mail() -> list[str]:
    """The offer tokens in the links of the mails sent so far."""
    return [re.search(r"/angebot/([^/\s]+)/", m.body).group(1) for m in mail.outbox]  # type: ignore[union-attr]

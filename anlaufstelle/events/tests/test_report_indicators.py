"""The events indicator of the integration report, checked by brute force against fixture data."""

from __future__ import annotations

import datetime
import random

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from anlaufstelle.core.tests.budget import query_budget
from anlaufstelle.events.models import Attendance, EventDate, Registration, RegistrationGroup
from anlaufstelle.events.tests.factories import make_event
from anlaufstelle.reports.registry import Query, compute, get_indicator, value_of

pytestmark = pytest.mark.django_db


def attendances(centre, count: int, seed: int = 11) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    with scopes_disabled():
        event = make_event(centre, title=f"Kurs {seed}", dates=4)
        dates = list(event.dates.order_by("starts_at"))
        for date in dates:
            start = timezone.make_aware(datetime.datetime(2025, 1, 1, 9)) + datetime.timedelta(days=rng.randrange(600))
            EventDate.objects.filter(pk=date.pk).update(starts_at=start, ends_at=start + datetime.timedelta(hours=2))
        session = event.sessions.get()
        group = RegistrationGroup.objects.create(
            centre=centre,
            contact_name="Kontakt",
            contact_email="k@example.org",
            confirm_token_hash=f"c{seed}{centre.pk}".ljust(64, "0"),
            manage_token_hash=f"m{seed}{centre.pk}".ljust(64, "0"),
        )
        for n in range(count):
            registration = Registration.objects.create(
                centre=centre,
                group=group,
                session=session,
                first_name=f"P{n}",
                last_name="Test",
                email=f"p{n}@example.org",
                status=Registration.Status.CONFIRMED,
                token_hash=f"t{seed}-{n}-{centre.pk}".ljust(64, "0"),
            )
            for date in rng.sample(dates, rng.randrange(0, 4)):
                Attendance.objects.create(centre=centre, registration=registration, date=date)


@pytest.mark.parametrize("grain", ["year", "month"])
def test_event_participants_by_brute_force(centre, other_centre, grain) -> None:  # type: ignore[no-untyped-def]
    attendances(centre, 25)
    attendances(other_centre, 5, seed=12)
    query = Query(centre=centre, first=datetime.date(2025, 1, 1), last=datetime.date(2026, 6, 30), grain=grain)
    indicator = get_indicator("events.participants")
    points = compute(indicator, query)
    with scopes_disabled():
        every = list(Attendance.objects.filter(centre=centre).select_related("date"))
    for period in query.periods():
        people = {
            a.registration_id
            for a in every
            if query.since <= a.date.starts_at < query.until and query.period_of(a.date.starts_at) == period
        }
        assert value_of(indicator, points, period=period) == len(people)


def test_query_count_does_not_grow_with_the_participants(centre) -> None:  # type: ignore[no-untyped-def]
    query = Query(centre=centre, first=datetime.date(2025, 1, 1), last=datetime.date(2026, 12, 31), grain="month")
    for count in (2, 20):
        attendances(centre, count, seed=count)
        with query_budget(1):
            compute(get_indicator("events.participants"), query)

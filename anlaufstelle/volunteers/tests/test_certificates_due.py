"""Police certificates due: the database filter (start page count, list filter) gives exactly the
volunteers the model's own rule names, on any day and for any date seen, 29 February included."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils.translation import gettext
from django_scopes import scopes_disabled
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anlaufstelle.core.access import permissions_in
from anlaufstelle.core.roles import Role
from anlaufstelle.volunteers.due import due
from anlaufstelle.volunteers.models import Pool, Volunteer
from anlaufstelle.volunteers.selectors import CERTIFICATE_NOTICE, certificates_due_ids
from anlaufstelle.volunteers.tests.factories import VolunteerFactory
from conftest import verify

pytestmark = pytest.mark.django_db

# Dates seen around leap days, and "today" across the year.
SEEN = [datetime.date(2020, 2, 28), datetime.date(2020, 2, 29), datetime.date(2020, 3, 1), datetime.date(2021, 1, 5)]
SEEN += [datetime.date(2019, 12, 31), datetime.date(2016, 2, 29), datetime.date(2024, 2, 29), datetime.date(2023, 3, 1)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(today=st.dates(min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2031, 12, 31)))
def test_database_rule_equals_the_models_rule(centre, today) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        if not Volunteer.objects.filter(centre=centre).exists():
            pool = Pool.objects.create(centre=centre, name="Paten", kind="learning", works_with_children=True)
            for seen in SEEN:
                VolunteerFactory(centre=centre, police_certificate_seen_on=seen).pools.add(pool)
            VolunteerFactory(centre=centre, police_certificate_seen_on=SEEN[0])  # adults only: never due
            VolunteerFactory(
                centre=centre, police_certificate_seen_on=SEEN[0], status=Volunteer.Status.ENDED
            ).pools.add(pool)
        found = set(Volunteer.objects.filter(pk__in=certificates_due_ids(centre=centre, today=today)))
        expected = {
            v
            for v in Volunteer.objects.filter(
                centre=centre, status__in=[Volunteer.Status.ACTIVE, Volunteer.Status.PAUSED]
            ).prefetch_related("pools")
            if v.needs_police_certificate() and v.police_certificate_due() <= today + CERTIFICATE_NOTICE  # type: ignore[operator]
        }
    assert found == expected


def test_the_coordinators_start_page_and_list_show_them(client, centre, other_centre, member_factory) -> None:  # type: ignore[no-untyped-def]
    coordinator = member_factory(centre, Role.VOLUNTEER_COORDINATOR)
    with scopes_disabled():
        for c in (centre, other_centre):
            pool = Pool.objects.create(centre=c, name="Paten", kind="learning", works_with_children=True)
            VolunteerFactory(
                centre=c, first_name="Lina", police_certificate_seen_on=datetime.date(2015, 1, 1)
            ).pools.add(pool)
        VolunteerFactory(centre=centre, first_name="Omid", police_certificate_seen_on=datetime.date.today())
        items = {
            str(i.label): i
            for i in due(user=coordinator, centre=centre, permissions=permissions_in(coordinator, centre))
        }
    item = items[gettext("extended police certificates to see again within eight weeks")]
    assert item.count == 1
    verify(client, coordinator)
    response = client.get(item.url)
    assert response.status_code == 200
    assert b"Lina" in response.content and b"Omid" not in response.content
    assert item.url == reverse("volunteers:list", kwargs={"centre": centre.slug}) + "?certificates=due"

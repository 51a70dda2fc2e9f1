"""The staff calendar: each role sees its own kind of dates and nothing of another centre; the feed
leaves out names; queries stay constant; a link can be renewed and ended."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from anlaufstelle.core.models import Membership
from anlaufstelle.core.roles import Role
from anlaufstelle.core.tests.budget import query_budget
from anlaufstelle.council.tests.factories import MeetingFactory
from anlaufstelle.events.tests.factories import make_event
from anlaufstelle.newcomers.tests.factories import ChildFactory, SlotFactory
from anlaufstelle.volunteers.models import Assignment, InterpretingRequest
from anlaufstelle.volunteers.tests.factories import NEXT_MONDAY, at, make_request, make_volunteer
from anlaufstelle.workspace import agenda
from anlaufstelle.workspace.models import CalendarFeed
from conftest import verify

pytestmark = pytest.mark.django_db


def _week(centre, **params) -> str:  # type: ignore[no-untyped-def]
    query = "&".join(f"{k}={v}" for k, v in {"day": NEXT_MONDAY.isoformat(), **params}.items())
    return reverse("workspace:calendar", kwargs={"centre": centre.slug}) + "?" + query


def _entries(response) -> list[str]:  # type: ignore[no-untyped-def]
    return re.findall(r'data-entry="([^"]+)"', response.content.decode())


def _dates(centre, *, booked_by=None, child_name="Amira"):  # type: ignore[no-untyped-def]
    """One of each: a booked health exam, an interpreting assignment, an event date, a council meeting."""
    with scopes_disabled():
        child = ChildFactory(family__centre=centre, centre=centre, first_name=child_name)
        slot = SlotFactory(centre=centre, child=child, starts_at=at(9), booked_by=booked_by)
        request = make_request(centre, hour=11)
        InterpretingRequest.objects.filter(pk=request.pk).update(requested_by=booked_by)
        volunteer = make_volunteer(centre, "Rana", email=f"rana{request.pk}@example.org")
        assignment = Assignment.objects.create(
            centre=centre, request=request, volunteer=volunteer, starts_at=at(11), ends_at=at(12)
        )
        event = make_event(centre, title="Fachtag Sprache")
        event.dates.update(starts_at=at(14), ends_at=at(17))
        meeting = MeetingFactory(committee__centre=centre, start=at(17), name="5. Sitzung des Integrationsrats")
        event_date = event.dates.get()
    return {
        "slot": f"appointment-{slot.pk}",
        "assignment": f"assignment-{assignment.pk}",
        "event": f"eventdate-{event_date.pk}",
        "meeting": f"meeting-{meeting.pk}",
    }


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        (Role.CASEWORKER, {"slot"}),
        (Role.VOLUNTEER_COORDINATOR, {"assignment"}),
        (Role.EVENTS_ORGANISER, {"event"}),
        (Role.COUNCIL_CLERK, {"meeting"}),
        (Role.CENTRE_ADMIN, {"event", "meeting"}),
        (Role.PARTNER, set()),  # a partner sees only interpreting they asked for themselves
    ],
)
def test_each_role_sees_its_own_kind_of_dates_and_no_other_centre(  # type: ignore[no-untyped-def]
    client, centre, other_centre, member_factory, role, sees
) -> None:
    ours = _dates(centre)
    theirs = _dates(other_centre, child_name="Fremd")
    user = member_factory(centre, role)
    verify(client, user)
    response = client.get(_week(centre))
    assert response.status_code == 200
    shown = set(_entries(response))
    assert shown == {ours[name] for name in sees}
    assert not shown & set(theirs.values())
    if "slot" in sees:
        assert "Amira" in response.content.decode()


def test_mine_shows_what_the_person_booked_or_asked_for(client, centre, member_factory) -> None:  # type: ignore[no-untyped-def]
    caseworker = member_factory(centre, Role.CASEWORKER)
    mine = _dates(centre, booked_by=caseworker)
    _dates(centre)  # someone else's
    verify(client, caseworker)
    assert set(_entries(client.get(_week(centre, scope="mine")))) == {mine["slot"], mine["assignment"]}
    assert len(_entries(client.get(_week(centre)))) == 3  # both appointments; interpreting only as requester
    month = client.get(_week(centre, view="month"))
    assert month.status_code == 200 and mine["slot"] in _entries(month)


def test_query_count_does_not_grow_with_the_dates(client, centre, member_factory) -> None:  # type: ignore[no-untyped-def]
    admin = member_factory(centre, Role.CENTRE_ADMIN)
    for role in (Role.CASEWORKER, Role.VOLUNTEER_COORDINATOR, Role.COUNCIL_CLERK):
        Membership.objects.create(user=admin, centre=centre, role=role)
    _dates(centre)
    verify(client, admin)
    with query_budget() as one:
        client.get(_week(centre))
    for _ in range(4):
        _dates(centre)
    with query_budget(one.count):
        response = client.get(_week(centre))
    assert len(_entries(response)) == 20


def test_a_subscription_link_holds_no_names_and_can_be_renewed_and_ended(  # type: ignore[no-untyped-def]
    client, centre, other_centre, member_factory
) -> None:
    caseworker = member_factory(centre, Role.CASEWORKER)
    with scopes_disabled():
        child = ChildFactory(family__centre=centre, centre=centre, first_name="Amira", last_name="Haddad")
        SlotFactory(centre=centre, child=child, starts_at=timezone.now() + datetime.timedelta(days=2))
    verify(client, caseworker)
    page = client.post(reverse("workspace:calendar_feed_create", kwargs={"centre": centre.slug}), {"scope": "all"})
    url = re.search(r"data-feed-url>([^<]+)<", page.content.decode()).group(1)  # type: ignore[union-attr]
    path = url.split("127.0.0.1:8000")[-1] if "127.0.0.1:8000" in url else url
    client.logout()
    feed = client.get(path)
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    body = feed.content.decode()
    assert "BEGIN:VEVENT" in body and "Amira" not in body and "Haddad" not in body
    token = path.rsplit("/", 1)[-1].removesuffix(".ics")
    foreign = reverse("workspace:calendar_feed", kwargs={"centre": other_centre.slug, "token": token})
    assert client.get(foreign).status_code == 404  # a link of one centre never opens under another
    # A new link of the same kind replaces the old one.
    verify(client, caseworker)
    client.post(reverse("workspace:calendar_feed_create", kwargs={"centre": centre.slug}), {"scope": "all"})
    assert client.get(path).status_code == 404
    with scopes_disabled():
        feed_row = CalendarFeed.objects.get(user=caseworker)
    client.post(reverse("workspace:calendar_feed_end", kwargs={"centre": centre.slug, "pk": feed_row.pk}))
    with scopes_disabled():
        assert not CalendarFeed.objects.filter(user=caseworker).exists()
    # Another person's link cannot be ended by this one.
    other = member_factory(centre, Role.CASEWORKER)
    with scopes_disabled():
        theirs = CalendarFeed.objects.create(centre=centre, user=other, scope="all", token_hash="x" * 64)
    response = client.post(reverse("workspace:calendar_feed_end", kwargs={"centre": centre.slug, "pk": theirs.pk}))
    assert response.status_code == 404


def test_bad_input_is_answered_not_crashed(client, centre, member_factory) -> None:  # type: ignore[no-untyped-def]
    verify(client, member_factory(centre, Role.CASEWORKER))
    base = reverse("workspace:calendar", kwargs={"centre": centre.slug})
    for query in ("?day=2026-13-45", "?view=year", "?day=%00", "?scope=everyone&view=month&day=2028-02-29"):
        assert client.get(base + query).status_code == 200
    response = client.post(reverse("workspace:calendar_feed_create", kwargs={"centre": centre.slug}), {"scope": "x"})
    assert response.status_code == 422


@pytest.mark.parametrize("day", [datetime.date(2026, 2, 1), datetime.date(2026, 3, 31), datetime.date(2028, 2, 29)])
def test_windows_cover_whole_weeks(day: datetime.date) -> None:
    first, last, previous, following = agenda.window(agenda.MONTH, day)
    assert first.weekday() == 0 and last.weekday() == 0 and (last - first).days % 7 == 0
    assert first <= day.replace(day=1) and following.day == 1 and following > day and previous < day.replace(day=1)
    week = agenda.window(agenda.WEEK, day)
    assert week[0].weekday() == 0 and week[0] <= day < week[1] and (week[1] - week[0]).days == 7


def test_a_busy_day_in_the_month_shows_four_and_links_to_its_week(client, centre, member_factory) -> None:  # type: ignore[no-untyped-def]
    caseworker = member_factory(centre, Role.CASEWORKER)
    with scopes_disabled():
        for hour in range(8, 15):
            child = ChildFactory(family__centre=centre, centre=centre)
            SlotFactory(centre=centre, child=child, starts_at=at(hour))
    verify(client, caseworker)
    month = client.get(_week(centre, view="month"))
    assert len(_entries(month)) == 4
    assert f"view=week&amp;scope=all&amp;day={NEXT_MONDAY.isoformat()}" in month.content.decode()
    assert len(_entries(client.get(_week(centre)))) == 7

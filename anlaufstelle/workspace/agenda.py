"""The staff calendar: each module registers a provider in its own `agenda.py`; the calendar page and
the subscribed feeds collect them.

A provider is `provider(*, user, centre, permissions, start, end) -> list[Entry]`. It checks the
permissions it needs, answers with the dated things that begin in [start, end) and runs a fixed number
of queries whatever the number of records. `mine` marks what is the person's own (booked by them,
asked for by them); the page can show only those.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

from anlaufstelle.core.models import Centre


@dataclass(frozen=True)
class Entry:
    uid: str  # stable across feeds: "<kind>-<pk>"
    starts_at: datetime.datetime
    ends_at: datetime.datetime | None
    kind: str | Promise  # "Counselling", "Interpreting", "Event", "Council meeting"
    title: str  # on the staff page: may name people the reader may see
    feed_title: str  # in a subscribed feed, which leaves the platform: never a family's or child's name
    url: str  # a path inside the site
    place: str = ""
    mine: bool = False


Provider = Callable[..., list[Entry]]
PROVIDERS: dict[str, Provider] = {}


def register_agenda(name: str) -> Callable[[Provider], Provider]:
    """Register a provider under a unique name (`<app>.<what>`)."""

    def add(provider: Provider) -> Provider:
        if name in PROVIDERS:
            raise ValueError(f"Calendar provider {name!r} is registered twice.")
        PROVIDERS[name] = provider
        return provider

    return add


def entries_for(
    *,
    user: Any,
    centre: Centre,
    permissions: frozenset[str],
    start: datetime.datetime,
    end: datetime.datetime,
    mine_only: bool = False,
) -> list[Entry]:
    """Every provider's entries for this person in this centre between `start` and `end`, by time."""
    entries: list[Entry] = []
    for provider in PROVIDERS.values():
        entries.extend(provider(user=user, centre=centre, permissions=permissions, start=start, end=end))
    if mine_only:
        entries = [entry for entry in entries if entry.mine]
    return sorted(entries, key=lambda entry: (entry.starts_at, str(entry.kind), entry.uid))


# --- the page's window and the feed ---------------------------------------------------------------

WEEK, MONTH = "week", "month"


def window(view: str, day: datetime.date) -> tuple[datetime.date, datetime.date, datetime.date, datetime.date]:
    """(first shown day, day after the last, the previous period's day, the next period's day) for a week
    (Monday to Sunday) or a month (whole weeks around it, so the grid has full rows)."""
    if view == MONTH:
        first_of_month = day.replace(day=1)
        next_month = (first_of_month + datetime.timedelta(days=32)).replace(day=1)
        previous = (first_of_month - datetime.timedelta(days=1)).replace(day=1)
        first = first_of_month - datetime.timedelta(days=first_of_month.weekday())
        last = next_month + datetime.timedelta(days=(7 - next_month.weekday()) % 7)
        return first, last, previous, next_month
    monday = day - datetime.timedelta(days=day.weekday())
    return (
        monday,
        monday + datetime.timedelta(days=7),
        monday - datetime.timedelta(days=7),
        monday + datetime.timedelta(days=7),
    )


def by_day(entries: list[Entry], first: datetime.date, last: datetime.date) -> list[tuple[datetime.date, list[Entry]]]:
    """Each day in [first, last) with the entries that begin on it (in the local time zone)."""
    from django.utils import timezone

    days: dict[datetime.date, list[Entry]] = {
        first + datetime.timedelta(days=n): [] for n in range((last - first).days)
    }
    for entry in entries:
        local = timezone.localtime(entry.starts_at).date()
        if local in days:
            days[local].append(entry)
    return list(days.items())


def ical(entries: list[Entry], *, calendar_name: str, site_url: str) -> bytes:
    """The entries as an iCalendar feed with their feed titles (no names of families or children)."""
    from django.utils import timezone
    from icalendar import Calendar, Event

    feed = Calendar()
    feed.add("prodid", "-//Anlaufstelle//Kalender//DE")
    feed.add("version", "2.0")
    feed.add("x-wr-calname", calendar_name)
    now = timezone.now()
    for entry in entries:
        event = Event()
        event.add("uid", f"{entry.uid}@anlaufstelle")
        event.add("dtstamp", now)
        event.add("dtstart", entry.starts_at.astimezone(datetime.UTC))
        if entry.ends_at:
            event.add("dtend", entry.ends_at.astimezone(datetime.UTC))
        event.add("summary", entry.feed_title)
        event.add("categories", [str(entry.kind)])
        if entry.place:
            event.add("location", entry.place)
        event.add("url", site_url + entry.url)
        feed.add_component(event)
    return bytes(feed.to_ical())

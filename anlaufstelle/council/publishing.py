"""The council's meeting calendar as iCalendar (RFC 5545): one VEVENT per meeting, times in UTC."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

from anlaufstelle.council.models import Meeting


def meetings_calendar(meetings: Iterable[Meeting], *, name: str, host: str, url_of: Callable[[Meeting], str]) -> bytes:
    """UIDs from the site's own host, so a subscriber's calendar keeps each meeting once; an online
    meeting says "Online", never its link (that goes to the members only)."""
    from icalendar import Calendar
    from icalendar import Event as Component

    feed = Calendar()
    feed.add("prodid", "-//Anlaufstelle//Integrationsrat//DE")
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("x-wr-calname", name)
    for meeting in meetings:
        item = Component()
        item.add("uid", f"council-meeting-{meeting.pk}@{host}")
        item.add("dtstamp", meeting.modified)
        item.add("last-modified", meeting.modified)
        item.add("dtstart", meeting.start.astimezone(datetime.UTC))
        end = meeting.end or meeting.start + datetime.timedelta(hours=2)
        item.add("dtend", end.astimezone(datetime.UTC))
        item.add("summary", meeting.name)
        item.add("url", url_of(meeting))
        if meeting.location is not None:
            place = meeting.location
            item.add("location", ", ".join(p for p in (place.description, place.street_address, place.locality) if p))
        elif meeting.online_url:
            item.add("location", "Online")
        item.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
        feed.add_component(item)
    return bytes(feed.to_ical())

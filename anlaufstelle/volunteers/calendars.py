"""iCalendar files for volunteers: one assignment (attached to the confirmation) and the private feed."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from anlaufstelle.volunteers import selectors
from anlaufstelle.volunteers.models import Assignment, InterpretingRequest, Volunteer


def _calendar(centre_name: str) -> Any:
    from icalendar import Calendar

    feed = Calendar()
    feed.add("prodid", "-//Anlaufstelle//Ehrenamt//DE")
    feed.add("version", "2.0")
    feed.add("x-wr-calname", f"{centre_name} – Einsätze")
    return feed


def _event(assignment: Assignment, now: datetime.datetime) -> Any:
    """One assignment as a calendar entry: the place, and whom to ask on site."""
    from icalendar import Event

    request, centre = assignment.request, assignment.centre
    event = Event()
    event.add("uid", f"assignment-{assignment.pk}@{centre.slug}.anlaufstelle")
    event.add("dtstamp", now)
    event.add("dtstart", assignment.starts_at.astimezone(datetime.UTC))
    event.add("dtend", assignment.ends_at.astimezone(datetime.UTC))
    event.add("summary", f"{_('Interpreting')} {request.get_language_display()}")
    lines = [str(request.get_kind_display())]
    if request.setting == request.Setting.ON_SITE:
        event.add("location", request.place)
    else:
        lines.append(str(request.get_setting_display()))
    contact = on_site_contact(request)
    if contact:
        lines.append(f"{_('Contact on site')}: {contact}")
    lines.append(f"{centre.name}, {centre.phone}")
    event.add("description", "\n".join(lines))
    return event


def on_site_contact(request: InterpretingRequest) -> str:
    """Whom the volunteer asks for on the day: the institution's contact person and phone."""
    parts = [request.contact_name, request.contact_phone]
    if request.organisation is not None:
        parts.insert(0, request.organisation.name)
    return ", ".join(part for part in parts if part)


def assignment_calendar(assignment: Assignment) -> bytes:
    """One assignment as an iCalendar file (attached to the confirmation, offered on the page)."""
    feed = _calendar(assignment.centre.name)
    feed.add_component(_event(assignment, timezone.now()))
    return bytes(feed.to_ical())


def calendar(volunteer: Volunteer) -> bytes:
    """The volunteer's booked and done assignments as an iCalendar feed (RFC 5545, times in UTC)."""
    feed = _calendar(volunteer.centre.name)
    now = timezone.now()
    for assignment in selectors.calendar_assignments(volunteer=volunteer):
        feed.add_component(_event(assignment, now))
    return bytes(feed.to_ical())

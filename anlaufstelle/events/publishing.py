"""How an event appears outside: schema.org Event JSON-LD and iCalendar (RFC 5545)."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from anlaufstelle.events.models import Event

JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _place(event: Event) -> dict[str, Any] | None:
    if event.address is None:
        return None
    place: dict[str, Any] = {
        "@type": "Place",
        "name": event.organisation.name if event.organisation else event.centre.name,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": event.address.street,
            "postalCode": event.address.postcode,
            "addressLocality": event.address.city,
            "addressCountry": "DE",
        },
    }
    if event.address.latitude is not None and event.address.longitude is not None:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(event.address.latitude),
            "longitude": float(event.address.longitude),
        }
    return place


def json_ld(event: Event, *, url: str, register_url: str, seats_free: int, labels: dict[str, str]) -> SafeString:
    """schema.org `Event` (with `subEvent` for the dates of a course and the sessions of a day)."""
    dates = list(event.dates.all())
    location: list[dict[str, Any]] = []
    place = _place(event)
    if place:
        location.append(place)
    if event.online_url:
        # The meeting link itself goes only to people registered (in the reminder), never public.
        location.append({"@type": "VirtualLocation", "url": url})
    if not location:  # the centre itself
        location.append(
            {
                "@type": "Place",
                "name": event.centre.name,
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": event.centre.street,
                    "postalCode": event.centre.postcode,
                    "addressLocality": event.centre.city or event.centre.municipality,
                    "addressCountry": "DE",
                },
            }
        )
    mode = (
        "MixedEventAttendanceMode"
        if place and event.online_url
        else "OnlineEventAttendanceMode"
        if event.online_url
        else "OfflineEventAttendanceMode"
    )
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "@id": url,
        "url": url,
        "name": event.title,
        "description": event.summary or event.description[:500],
        "startDate": dates[0].starts_at.isoformat() if dates else None,
        "endDate": dates[-1].ends_at.isoformat() if dates else None,
        "eventStatus": "https://schema.org/EventCancelled"
        if event.status == Event.Status.CANCELLED
        else "https://schema.org/EventScheduled",
        "eventAttendanceMode": f"https://schema.org/{mode}",
        "location": location[0] if len(location) == 1 else location,
        "inLanguage": event.language,
        "organizer": {"@type": "Organization", "name": event.centre.name},
        "isAccessibleForFree": not event.fee,
        "audience": [{"@type": "Audience", "audienceType": label} for label in labels.values()],
        "offers": {
            "@type": "Offer",
            "url": register_url,
            "price": f"{event.fee or 0:.2f}",
            "priceCurrency": "EUR",
            "availability": "https://schema.org/InStock" if seats_free else "https://schema.org/SoldOut",
        },
    }
    if event.registration_deadline:
        data["offers"]["validThrough"] = event.registration_deadline.isoformat()
    if event.kind == Event.Kind.SERIES and len(dates) > 1:
        data["subEvent"] = [
            {
                "@type": "Event",
                "name": f"{event.title} ({n})",
                "startDate": d.starts_at.isoformat(),
                "endDate": d.ends_at.isoformat(),
                "location": data["location"],
            }
            for n, d in enumerate(dates, start=1)
        ]
    if event.kind == Event.Kind.DAY:
        data["subEvent"] = (
            [
                {
                    "@type": "Event",
                    "name": session.title or event.title,
                    "startDate": (session.starts_at or dates[0].starts_at).isoformat(),
                    "endDate": (session.ends_at or dates[0].ends_at).isoformat(),
                    "location": data["location"],
                    "maximumAttendeeCapacity": session.capacity,
                }
                for session in event.sessions.all()
            ]
            if dates
            else []
        )
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(JSON_ESCAPES))


def calendar(events: list[Event], *, name: str, host: str, url_of: Any) -> bytes:
    """An iCalendar with one VEVENT per date (times in UTC, so no time-zone table is needed)."""
    from icalendar import Calendar
    from icalendar import Event as Component

    feed = Calendar()
    feed.add("prodid", "-//Anlaufstelle//Veranstaltungen//DE")
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("x-wr-calname", name)
    for event in events:
        stamp = event.updated_at or timezone.now()
        for date in event.dates.all():
            item = Component()
            item.add("uid", f"event-{event.pk}-date-{date.pk}@{host}")
            item.add("dtstamp", stamp)
            item.add("last-modified", stamp)
            item.add("dtstart", date.starts_at.astimezone(datetime.UTC))
            item.add("dtend", date.ends_at.astimezone(datetime.UTC))
            item.add("summary", event.title)
            item.add("url", url_of(event))
            if event.summary or event.description:
                item.add("description", event.summary or event.description[:1000])
            if event.address is not None:
                item.add(
                    "location", f"{event.address.street}, {event.address.postcode} {event.address.city}".strip(", ")
                )
            elif event.online_url:
                item.add("location", "Online")
            item.add("status", "CANCELLED" if event.status == Event.Status.CANCELLED else "CONFIRMED")
            feed.add_component(item)
    return bytes(feed.to_ical())

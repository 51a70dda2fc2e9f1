"""Geocoding and distances. Pluggable: GEOCODER names the class (default: LocalGeocoder).

LocalGeocoder works offline: it knows the coordinates the centre's registered address sources
already hold (the partner register registers its addresses in PartnersConfig.ready), and derives a
postcode's position from the addresses with that postcode. core imports no app for this: an app
registers a source with `register_address_source`. An installation can plug in a real service
(NominatimGeocoder) by environment; tests never reach the internet.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import math
import re
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.utils.module_loading import import_string

POSTCODE = re.compile(r"\b(\d{5})\b")


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float


def distance_km(a: Point, b: Point) -> float:
    """Great-circle distance (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0088 * 2 * math.asin(math.sqrt(h))


def bounding_box(centre: Point, radius_km: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) around a point, for a cheap database pre-filter."""
    dlat = radius_km / 111.32
    dlon = radius_km / (111.32 * max(math.cos(math.radians(centre.latitude)), 0.01))
    return centre.latitude - dlat, centre.latitude + dlat, centre.longitude - dlon, centre.longitude + dlon


# A source of known places: given a centre, a queryset of rows with `street`, `postcode`,
# `latitude` and `longitude` (only rows with coordinates are used).
AddressSource = Callable[[Any], QuerySet[Any]]
ADDRESS_SOURCES: list[AddressSource] = []


def register_address_source(source: AddressSource) -> AddressSource:
    """Make an app's addresses known to the offline geocoder (call from AppConfig.ready)."""
    if source not in ADDRESS_SOURCES:
        ADDRESS_SOURCES.append(source)
    return source


class Geocoder(Protocol):
    def locate(self, query: str, *, centre: Any) -> Point | None:
        """The position of a postcode or address, or None when it is not known."""
        ...


class LocalGeocoder:
    """Offline: exact addresses and postcode centroids from the centre's partner register."""

    def locate(self, query: str, *, centre: Any) -> Point | None:
        from django.db.models import Avg

        text = query.strip()
        match = POSTCODE.search(text)
        street = POSTCODE.sub("", text).replace(",", " ").strip()
        sources = [source(centre).filter(latitude__isnull=False, longitude__isnull=False) for source in ADDRESS_SOURCES]
        if match and street:
            for known in sources:
                exact = known.filter(postcode=match.group(1), street__iexact=street.split("  ")[0].strip()).first()
                if exact is not None:
                    return Point(float(exact.latitude), float(exact.longitude))
        if match:
            for known in sources:
                average = known.filter(postcode=match.group(1)).aggregate(lat=Avg("latitude"), lon=Avg("longitude"))
                if average["lat"] is not None:
                    return Point(float(average["lat"]), float(average["lon"]))
        return None


class NominatimGeocoder:
    """Adapter for a Nominatim server (self-hosted or hosted), configured by GEOCODER_URL."""

    def __init__(self, url: str | None = None, timeout: float = 3.0) -> None:
        self.url = (url or settings.GEOCODER_URL).rstrip("/") + "/search"
        self.timeout = timeout

    def locate(self, query: str, *, centre: Any) -> Point | None:
        """Ask the service once per place and day (its usage policy asks clients to cache)."""
        key = "geo:nominatim:" + hashlib.sha256(f"{centre.pk}|{query.strip().casefold()}".encode()).hexdigest()
        cached = cache.get(key)
        if cached is not None:
            return Point(*cached) if cached else None
        found, answered = self._ask(query, centre=centre)
        if answered:
            cache.set(key, (found.latitude, found.longitude) if found else (), 24 * 3600)
        return found

    def _ask(self, query: str, *, centre: Any) -> tuple[Point | None, bool]:
        params = urllib.parse.urlencode(
            {"q": f"{query}, {centre.municipality}, Deutschland", "format": "jsonv2", "limit": 1, "countrycodes": "de"}
        )
        request = urllib.request.Request(  # noqa: S310 - the URL is the operator's configuration
            f"{self.url}?{params}", headers={"User-Agent": "Anlaufstelle (integration centre directory)"}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                results = json.loads(response.read().decode())
        except (OSError, http.client.HTTPException, ValueError):  # URLError and resets are OSErrors
            # A service outage degrades to the offline geocoder, it does not fail (and is not cached).
            return LocalGeocoder().locate(query, centre=centre), False
        try:
            return (Point(float(results[0]["lat"]), float(results[0]["lon"])) if results else None), True
        except (KeyError, IndexError, TypeError, ValueError):
            return None, True


def get_geocoder() -> Geocoder:
    return import_string(settings.GEOCODER)()  # type: ignore[no-any-return]


@dataclass(frozen=True)
class RouteLinks:
    """Ways to an address that need no map tiles: a geo: URI (opens the phone's map app) and an
    OpenStreetMap directions page."""

    geo: str
    osm: str


def _coordinate(value: Decimal | float) -> str:
    return f"{float(value):.6f}".rstrip("0").rstrip(".")


def route_links(
    *,
    street: str,
    postcode: str,
    city: str,
    latitude: Decimal | float | None = None,
    longitude: Decimal | float | None = None,
) -> RouteLinks | None:
    """The route links to an address, from its coordinates where known, else from its text.

    Built from the stored data alone (no geocoding, nothing fetched while rendering)."""
    text = ", ".join(part for part in (street.strip(), f"{postcode} {city}".strip()) if part)
    if latitude is not None and longitude is not None:
        lat, lon = _coordinate(latitude), _coordinate(longitude)
        label = f"({urllib.parse.quote(text)})" if text else ""
        return RouteLinks(
            geo=f"geo:{lat},{lon}?q={lat},{lon}{label}",
            osm=f"https://www.openstreetmap.org/directions?{urllib.parse.urlencode({'to': f'{lat},{lon}'})}"
            f"#map=17/{lat}/{lon}",
        )
    if not text:
        return None
    return RouteLinks(
        geo=f"geo:0,0?q={urllib.parse.quote(text)}",
        osm=f"https://www.openstreetmap.org/directions?{urllib.parse.urlencode({'to': text})}",
    )

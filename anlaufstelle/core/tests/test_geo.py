"""Distances and the offline geocoder."""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Iterator
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anlaufstelle.core.geo import LocalGeocoder, NominatimGeocoder, Point, bounding_box, distance_km
from anlaufstelle.partners.tests.factories import AddressFactory, OrganisationFactory


def test_known_distance() -> None:
    cologne, dusseldorf = Point(50.9375, 6.9603), Point(51.2277, 6.7735)
    assert 34 < distance_km(cologne, dusseldorf) < 36


@given(st.floats(47, 55), st.floats(6, 15), st.floats(0.1, 50))
def test_bounding_box_contains_every_point_within_the_radius(lat: float, lon: float, radius: float) -> None:
    min_lat, max_lat, min_lon, max_lon = bounding_box(Point(lat, lon), radius)
    edge = Point(lat + (max_lat - lat) * 0.999, lon)
    assert distance_km(Point(lat, lon), edge) <= radius * 1.001
    assert min_lat < lat < max_lat and min_lon < lon < max_lon


def test_local_geocoder_uses_the_register(centre) -> None:  # type: ignore[no-untyped-def]
    from django_scopes import scope

    with scope(centre=centre):
        org = OrganisationFactory(centre=centre)
        AddressFactory(
            organisation=org, street="Markt 1", postcode="47798", latitude=Decimal("51.3"), longitude=Decimal("6.5")
        )
        AddressFactory(
            organisation=org, street="Ring 2", postcode="47798", latitude=Decimal("51.4"), longitude=Decimal("6.7")
        )
        geocoder = LocalGeocoder()
        centroid = geocoder.locate("47798", centre=centre)
        exact = geocoder.locate("Markt 1, 47798", centre=centre)
        unknown = geocoder.locate("Irgendwo", centre=centre)
    assert centroid is not None and round(centroid.latitude, 2) == 51.35
    assert exact == Point(51.3, 6.5)
    assert unknown is None


class NominatimStandIn(BaseHTTPRequestHandler):
    """A local stand-in for a Nominatim server: answers /search like the real API (jsonv2)."""

    asked: list[dict[str, list[str]]] = []

    def do_GET(self) -> None:
        url = urllib.parse.urlparse(self.path)
        params = urllib.parse.parse_qs(url.query)
        NominatimStandIn.asked.append({**params, "agent": [self.headers.get("User-Agent", "")]})
        if url.path != "/search":
            self.send_response(404)
            self.end_headers()
            return
        results = (
            [{"lat": "51.3388", "lon": "6.5853", "display_name": "Musterstadt"}] if "47798" in params["q"][0] else []
        )
        body = json.dumps(results).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def nominatim() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), NominatimStandIn)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    NominatimStandIn.asked.clear()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_nominatim_adapter_speaks_the_api_and_caches(nominatim: str, centre) -> None:  # type: ignore[no-untyped-def]
    geocoder = NominatimGeocoder(nominatim)
    assert geocoder.locate("47798", centre=centre) == Point(51.3388, 6.5853)
    asked = NominatimStandIn.asked[-1]
    assert asked["format"] == ["jsonv2"] and asked["countrycodes"] == ["de"] and asked["limit"] == ["1"]
    assert asked["q"][0].startswith("47798, ") and "Anlaufstelle" in asked["agent"][0]
    assert geocoder.locate("Nirgendwo", centre=centre) is None
    calls = len(NominatimStandIn.asked)
    assert geocoder.locate(" 47798", centre=centre) == Point(51.3388, 6.5853)  # the same place: from the cache
    assert geocoder.locate("nirgendwo", centre=centre) is None
    assert len(NominatimStandIn.asked) == calls


def test_nominatim_outage_falls_back_to_the_register(centre) -> None:  # type: ignore[no-untyped-def]
    from django_scopes import scope

    with scope(centre=centre):
        AddressFactory(
            organisation=OrganisationFactory(centre=centre),
            postcode="47799",
            latitude=Decimal("51.30"),
            longitude=Decimal("6.50"),
        )
        found = NominatimGeocoder("http://127.0.0.1:9", timeout=1).locate("47799", centre=centre)
    assert found is not None and abs(found.latitude - 51.30) < 0.01

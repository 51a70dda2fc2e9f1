"""Travel times: the offline estimate, the routing server adapter against a local stand-in, cache and fallback."""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.cache import cache
from django.test import override_settings

from anlaufstelle.core.geo import Point, distance_km
from anlaufstelle.core.travel import Leg, OsrmTravel, StraightLine, get_travel_times

ROAD = 1.5  # the stand-in's road km per straight km
KMH = 30.0  # and its speed
NO_ROUTE = Point(50.0, 7.0)  # the stand-in knows no way to or from this place


class OsrmStandIn(BaseHTTPRequestHandler):
    """Answers OSRM's table API (`/table/v1/{profile}/{lon,lat;…}?sources=…&destinations=…`) offline."""

    asked: list[dict[str, object]] = []

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qs(url.query)
        parts = url.path.split("/")
        if parts[1:3] != ["table", "v1"] or len(parts) != 5:
            self.send_response(404)
            self.end_headers()
            return
        places = [Point(float(lat), float(lon)) for lon, lat in (p.split(",") for p in parts[4].split(";"))]
        sources = [places[int(i)] for i in params["sources"][0].split(";")]
        targets = [places[int(i)] for i in params["destinations"][0].split(";")]
        OsrmStandIn.asked.append({**params, "profile": parts[3], "sources": len(sources), "targets": len(targets)})

        def way(a: Point, b: Point) -> float | None:
            return None if NO_ROUTE in (a, b) else distance_km(a, b) * ROAD

        km = [[way(a, b) for b in targets] for a in sources]
        body = json.dumps(
            {
                "code": "Ok",
                "distances": [[k * 1000 if k is not None else None for k in row] for row in km],
                "durations": [[k / KMH * 3600 if k is not None else None for k in row] for row in km],
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def osrm() -> Iterator[str]:
    """A local routing server speaking OSRM's table API; the cache starts empty."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), OsrmStandIn)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    OsrmStandIn.asked.clear()
    cache.clear()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    cache.clear()


HOME = Point(51.333, 6.564)
SCHOOLS = [Point(51.34, 6.57), Point(51.36, 6.60), Point(51.30, 6.50)]


def test_straight_line_estimates_road_km_and_minutes() -> None:
    leg = StraightLine(road_factor=1.3, speed_kmh=20).leg(HOME, SCHOOLS[1])
    straight = distance_km(HOME, SCHOOLS[1])
    assert leg.estimated and leg.km == pytest.approx(straight * 1.3)
    assert leg.minutes == pytest.approx(straight * 1.3 / 20 * 60)
    assert StraightLine(road_factor=1.3, speed_kmh=20).leg_minutes(straight) == pytest.approx(leg.minutes)


def test_the_default_provider_is_offline() -> None:
    provider = get_travel_times()
    assert isinstance(provider, StraightLine) and not provider.routed


def test_the_routing_adapter_speaks_the_table_api_and_caches_per_pair(osrm: str) -> None:
    provider = OsrmTravel(osrm, profile="driving")
    legs = provider.legs([HOME], SCHOOLS)
    for leg, school in zip(legs[0], SCHOOLS, strict=True):
        assert not leg.estimated
        assert leg.km == pytest.approx(distance_km(HOME, school) * ROAD, rel=1e-3)
        assert leg.minutes == pytest.approx(leg.km / KMH * 60, rel=1e-3)
    asked = OsrmStandIn.asked[-1]
    assert asked["profile"] == "driving" and asked["annotations"] == ["duration,distance"]
    calls = len(OsrmStandIn.asked)
    assert provider.legs([HOME], SCHOOLS[:2]) == [legs[0][:2]]  # every pair known: nothing asked
    assert len(OsrmStandIn.asked) == calls
    provider.legs([HOME, Point(51.31, 6.54)], SCHOOLS[:2])  # only the new home is asked for
    assert OsrmStandIn.asked[-1]["sources"] == 1


def test_the_adapter_asks_in_blocks(osrm: str) -> None:
    homes = [Point(51.30 + i / 1000, 6.50) for i in range(7)]
    legs = OsrmTravel(osrm, block=len(SCHOOLS) + 3).legs(homes, SCHOOLS)
    assert [asked["sources"] for asked in OsrmStandIn.asked] == [3, 3, 1]
    assert all(not leg.estimated for row in legs for leg in row) and len(legs) == 7


def test_a_pair_without_a_route_falls_back_to_the_estimate_and_is_asked_again(osrm: str) -> None:
    provider = OsrmTravel(osrm)
    legs = provider.legs([HOME], [SCHOOLS[0], NO_ROUTE])
    assert not legs[0][0].estimated and legs[0][1].estimated
    assert legs[0][1] == StraightLine().leg(HOME, NO_ROUTE)
    calls = len(OsrmStandIn.asked)
    provider.legs([HOME], [SCHOOLS[0], NO_ROUTE])
    assert len(OsrmStandIn.asked) == calls + 1  # the estimate is not cached


def test_an_outage_degrades_to_the_estimate() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), OsrmStandIn)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    server.server_close()  # nothing listens there any more
    cache.clear()
    legs = OsrmTravel(url, timeout=1).legs([HOME], SCHOOLS)
    assert legs == [[StraightLine().leg(HOME, s) for s in SCHOOLS]]
    assert all(isinstance(leg, Leg) and leg.estimated for leg in legs[0])


def test_the_provider_is_chosen_by_settings(osrm: str) -> None:
    with override_settings(TRAVEL_TIMES="anlaufstelle.core.travel.OsrmTravel", TRAVEL_TIMES_URL=osrm):
        provider = get_travel_times()
        assert provider.routed and not provider.legs([HOME], SCHOOLS[:1])[0][0].estimated

"""Travel between places: km and minutes. Pluggable: TRAVEL_TIMES names the class (default: StraightLine).

StraightLine works offline: straight-line km times a road factor (TRAVEL_ROAD_FACTOR), minutes at an
average door-to-door speed (TRAVEL_SPEED_KMH). An installation can plug in a routing server
(OsrmTravel: the table API of OSRM, or any server answering in its format, e.g. a bus-and-train
router behind an adapter) by environment; its answers are cached per address pair, and every pair
it cannot answer (outage, no route) falls back to StraightLine. Tests never reach the internet.
"""

from __future__ import annotations

import http.client
import json
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.cache import cache
from django.utils.module_loading import import_string

from anlaufstelle.core.geo import Point, distance_km


@dataclass(frozen=True)
class Leg:
    """The way from one place to another: road km, minutes, and whether both are only estimated."""

    km: float
    minutes: float
    estimated: bool


class TravelTimes(Protocol):
    routed: bool  # False: the figures are straight-line estimates

    def legs(self, origins: Sequence[Point], destinations: Sequence[Point]) -> list[list[Leg]]:
        """For each origin, the leg to each destination (same order)."""
        ...


class StraightLine:
    """Offline estimate: straight-line km × road factor, minutes at an average speed."""

    routed = False

    def __init__(self, road_factor: float | None = None, speed_kmh: float | None = None) -> None:
        self.road_factor = road_factor if road_factor is not None else settings.TRAVEL_ROAD_FACTOR
        self.speed_kmh = speed_kmh if speed_kmh is not None else settings.TRAVEL_SPEED_KMH

    def leg(self, origin: Point, destination: Point) -> Leg:
        km = distance_km(origin, destination) * self.road_factor
        return Leg(km=km, minutes=km / self.speed_kmh * 60, estimated=True)

    def leg_minutes(self, straight_km: float) -> float:
        """The estimated minutes for a straight-line distance."""
        return straight_km * self.road_factor / self.speed_kmh * 60

    def legs(self, origins: Sequence[Point], destinations: Sequence[Point]) -> list[list[Leg]]:
        return [[self.leg(o, d) for d in destinations] for o in origins]


def _coordinates(point: Point) -> str:
    return f"{point.longitude:.5f},{point.latitude:.5f}"  # OSRM wants lon,lat; 5 places ≈ 1 m


class OsrmTravel:
    """Adapter for a routing server's table API (OSRM `/table/v1/{profile}/…`), configured by TRAVEL_TIMES_URL.

    One request per block of origins against all destinations (at most TRAVEL_TIMES_BLOCK coordinates
    a request); each pair's answer is cached for a week. A pair the server does not answer falls back
    to the straight-line estimate (marked `estimated`) and is not cached, so it is asked again next time.
    """

    routed = True
    CACHE_SECONDS = 7 * 24 * 3600

    def __init__(
        self, url: str | None = None, profile: str | None = None, timeout: float = 10.0, block: int | None = None
    ) -> None:
        self.url = (url or settings.TRAVEL_TIMES_URL).rstrip("/")
        self.profile = profile or settings.TRAVEL_TIMES_PROFILE
        self.timeout = timeout
        self.block = block or settings.TRAVEL_TIMES_BLOCK
        self.fallback = StraightLine()

    def _key(self, origin: Point, destination: Point) -> str:
        return f"travel:{self.profile}:{_coordinates(origin)};{_coordinates(destination)}"

    def legs(self, origins: Sequence[Point], destinations: Sequence[Point]) -> list[list[Leg]]:
        keys = [[self._key(o, d) for d in destinations] for o in origins]
        known = cache.get_many([key for row in keys for key in row]) if origins and destinations else {}
        result: list[list[Leg | None]] = [
            [Leg(km=known[key][0], minutes=known[key][1], estimated=False) if key in known else None for key in row]
            for row in keys
        ]
        missing = [i for i, row in enumerate(result) if any(leg is None for leg in row)]
        per_request = max(self.block - len(destinations), 1)
        for start in range(0, len(missing), per_request):
            rows = missing[start : start + per_request]
            answered = self._ask([origins[i] for i in rows], destinations)
            fresh: dict[str, tuple[float, float]] = {}
            for r, i in enumerate(rows):
                for j, destination in enumerate(destinations):
                    if result[i][j] is not None:
                        continue
                    pair = answered[r][j] if answered is not None else None
                    if pair is None:
                        result[i][j] = self.fallback.leg(origins[i], destination)
                    else:
                        result[i][j] = Leg(km=pair[0], minutes=pair[1], estimated=False)
                        fresh[keys[i][j]] = pair
            if fresh:
                cache.set_many(fresh, self.CACHE_SECONDS)
        return [[leg for leg in row if leg is not None] for row in result]

    def _ask(
        self, origins: Sequence[Point], destinations: Sequence[Point]
    ) -> list[list[tuple[float, float] | None]] | None:
        """(km, minutes) per pair, None for a pair without a route; None for all when the server fails."""
        places = ";".join(_coordinates(p) for p in [*origins, *destinations])
        sources = ";".join(str(i) for i in range(len(origins)))
        targets = ";".join(str(len(origins) + j) for j in range(len(destinations)))
        url = (
            f"{self.url}/table/v1/{self.profile}/{places}"
            f"?sources={sources}&destinations={targets}&annotations=duration,distance"
        )
        try:
            with urllib.request.urlopen(url, timeout=self.timeout) as response:  # noqa: S310 - operator's URL
                answer = json.loads(response.read().decode())
            if answer.get("code") != "Ok":
                return None
            durations, distances = answer["durations"], answer["distances"]
            return [
                [
                    (distances[i][j] / 1000, durations[i][j] / 60)
                    if durations[i][j] is not None and distances[i][j] is not None
                    else None
                    for j in range(len(destinations))
                ]
                for i in range(len(origins))
            ]
        except (OSError, http.client.HTTPException, ValueError, KeyError, IndexError, TypeError, AttributeError):
            return None  # an outage degrades to the estimate; it does not fail the run


def get_travel_times() -> TravelTimes:
    return import_string(settings.TRAVEL_TIMES)()  # type: ignore[no-any-return]

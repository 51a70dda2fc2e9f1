"""Distances and the offline geocoder."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from anlaufstelle.core.geo import LocalGeocoder, Point, bounding_box, distance_km
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

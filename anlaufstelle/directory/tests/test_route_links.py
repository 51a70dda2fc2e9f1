"""Every offer and event page with an address shows the address as text and a way there (a geo:
link and an OpenStreetMap directions link), built offline, whether or not map tiles are set up."""

from __future__ import annotations

import html as htmlmod
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django_scopes import scopes_disabled

from anlaufstelle.core.geo import route_links
from anlaufstelle.directory.tests.factories import make_offer
from anlaufstelle.partners.tests.factories import AddressFactory, OrganisationFactory


def test_route_links_from_coordinates() -> None:
    links = route_links(
        street="Rathausplatz 1", postcode="47798", city="Musterstadt", latitude=Decimal("51.333"), longitude=6.564
    )
    assert links.geo == "geo:51.333,6.564?q=51.333,6.564(Rathausplatz%201%2C%2047798%20Musterstadt)"
    assert links.osm == "https://www.openstreetmap.org/directions?to=51.333%2C6.564#map=17/51.333/6.564"


def test_route_links_from_the_address_text_without_coordinates() -> None:
    links = route_links(street="Hauptstraße 5 & 7", postcode="47798", city="Musterstadt")
    assert links.geo == "geo:0,0?q=Hauptstra%C3%9Fe%205%20%26%207%2C%2047798%20Musterstadt"
    assert links.osm == "https://www.openstreetmap.org/directions?to=Hauptstra%C3%9Fe+5+%26+7%2C+47798+Musterstadt"


def test_no_route_without_an_address() -> None:
    assert route_links(street="", postcode="", city="") is None


@pytest.fixture
def venue(centre):  # type: ignore[no-untyped-def]
    with scopes_disabled():
        organisation = OrganisationFactory(centre=centre, name="Familienzentrum")
        with_coordinates = AddressFactory(
            organisation=organisation,
            street="Rathausplatz 1",
            postcode="47798",
            city="Musterstadt",
            latitude=Decimal("51.333"),
            longitude=Decimal("6.564"),
        )
        without = AddressFactory(
            organisation=organisation,
            street="Hauptstraße 5",
            postcode="47799",
            city="Musterstadt",
            latitude=None,
            longitude=None,
        )
    return organisation, with_coordinates, without


@pytest.mark.parametrize("tiles", ["", "https://tiles.example/{z}/{x}/{y}.png"])
@pytest.mark.parametrize("language", ["de", "ar"])
def test_offer_page_shows_address_and_route_with_or_without_tiles(  # type: ignore[no-untyped-def]
    client: Client, centre, venue, settings, tiles, language
) -> None:
    settings.MAP_TILES_URL = tiles
    organisation, with_coordinates, without = venue
    for address, osm in [
        (with_coordinates, "https://www.openstreetmap.org/directions?to=51.333%2C6.564"),
        (without, "https://www.openstreetmap.org/directions?to=Hauptstra%C3%9Fe+5%2C+47799+Musterstadt"),
    ]:
        offer = make_offer(centre, "Elterncafé", organisation=organisation, address=address)
        with translation.override("de"):
            url = reverse("directory:offer", kwargs={"centre": centre.slug, "pk": offer.pk})
        html = htmlmod.unescape(client.get(url if language == "de" else f"/{language}{url}").content.decode())
        assert f"{address.street}" in html and f"{address.postcode} {address.city}" in html
        assert 'href="geo:' in html
        assert osm in html


@pytest.mark.parametrize("tiles", ["", "https://tiles.example/{z}/{x}/{y}.png"])
def test_event_page_shows_address_and_route(client: Client, centre, venue, settings, tiles) -> None:  # type: ignore[no-untyped-def]
    from anlaufstelle.events.tests.factories import make_event

    settings.MAP_TILES_URL = tiles
    organisation, with_coordinates, _without = venue
    with scopes_disabled():
        event = make_event(centre, organisation=organisation, address=with_coordinates)
    html = htmlmod.unescape(
        client.get(reverse("events:detail", kwargs={"centre": centre.slug, "pk": event.pk})).content.decode()
    )
    assert "Rathausplatz 1" in html and "47798 Musterstadt" in html
    assert 'href="geo:51.333,6.564' in html
    assert "https://www.openstreetmap.org/directions?to=51.333%2C6.564" in html

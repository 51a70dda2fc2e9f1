"""The public directory: search with filters, offer page with JSON-LD, German fallback, tenancy."""

from __future__ import annotations

import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse
from django_scopes import scope

from anlaufstelle.core.languages import encode_codes
from anlaufstelle.core.tests.budget import query_budget
from anlaufstelle.directory.tests.factories import make_offer
from anlaufstelle.partners.tests.factories import AddressFactory, OrganisationFactory


def search(client: Client, centre, **params):  # type: ignore[no-untyped-def]
    response = client.get(reverse("directory:search", kwargs={"centre": centre.slug}), params)
    assert response.status_code == 200
    return [item.title for item in response.context["offers"]]


def test_search_by_words_forms_and_typos(client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    make_offer(centre, "Deutschkurs am Abend")
    make_offer(centre, "Kita Sonnenschein")
    make_offer(centre, "Migrationsberatung")
    for query in ["Deutschkurse", "deutschkurs", "Sprachkurs", "Deutschkurz"]:
        assert search(client, centre, q=query) == ["Deutschkurs am Abend"], query
    assert search(client, centre, q="Kita") == ["Kita Sonnenschein"]
    assert search(client, centre, q="Fahrradwerkstatt") == []


def test_filters(client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    with scope(centre=centre):
        org = OrganisationFactory(centre=centre)
        address = AddressFactory(organisation=org, district="Nord")
    make_offer(
        centre,
        "A",
        areas=encode_codes(["language"]),
        age_groups=encode_codes(["adults"]),
        languages=encode_codes(["de", "ar"]),
        is_free=True,
        organisation=org,
        address=address,
    )
    make_offer(
        centre,
        "B",
        areas=encode_codes(["health"]),
        age_groups=encode_codes(["children"]),
        languages=encode_codes(["de"]),
    )
    assert search(client, centre, area="language") == ["A"]
    assert search(client, centre, age="children") == ["B"]
    assert search(client, centre, lang="ar") == ["A"]
    assert search(client, centre, free="on") == ["A"]
    assert search(client, centre, district="Nord") == ["A"]
    assert search(client, centre, area="nonsense", page="x") == ["A", "B"]  # bad input: ignored, no error


def test_drafts_and_other_centres_are_not_shown(client: Client, centre, other_centre) -> None:  # type: ignore[no-untyped-def]
    make_offer(centre, "Sichtbar")
    make_offer(centre, "Entwurf", status="draft")
    foreign = make_offer(other_centre, "Fremd")
    assert search(client, centre) == ["Sichtbar"]
    url = reverse("directory:offer", kwargs={"centre": centre.slug, "pk": foreign.pk})
    assert client.get(url).status_code == 404


def test_offer_page_with_json_ld_and_fallback(client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    offer = make_offer(
        centre,
        "Integrationskurs",
        is_free=True,
        languages=encode_codes(["de", "ar"]),
        texts={"de": {"title": "Integrationskurs", "summary": "Deutsch lernen"}, "ar": {"title": "دورة الاندماج"}},
    )
    response = client.get(
        reverse("directory:offer", kwargs={"centre": centre.slug, "pk": offer.pk}).replace(
            f"/{centre.slug}/", f"/ar/{centre.slug}/", 1
        )
    )
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "دورة الاندماج" in html and "Deutsch lernen" in html  # summary falls back to German
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert block is not None
    data = json.loads(block.group(1))
    assert data["@type"] == "Service" and data["name"] == "دورة الاندماج"
    assert data["isAccessibleForFree"] is True and data["availableLanguage"] == ["ar", "de"]


def test_json_ld_cannot_break_out_of_its_script(client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    offer = make_offer(centre, "</script><script>alert(1)</script>")
    html = client.get(reverse("directory:offer", kwargs={"centre": centre.slug, "pk": offer.pk})).content.decode()
    assert "<script>alert(1)" not in html


def test_htmx_returns_the_results_fragment_and_list_works_without_js(client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    make_offer(centre, "Deutschkurs")
    url = reverse("directory:search", kwargs={"centre": centre.slug})
    fragment = client.get(url, {"q": "deutsch"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and 'id="results"' in fragment and "Deutschkurs" in fragment
    page = client.get(url, {"q": "deutsch"}).content.decode()
    assert 'method="get"' in page and 'action="' in page


@pytest.mark.parametrize("count", [3])
def test_search_query_count_is_constant(client: Client, centre, count: int) -> None:  # type: ignore[no-untyped-def]
    for index in range(count):
        make_offer(centre, f"Kurs {index}")
    url = reverse("directory:search", kwargs={"centre": centre.slug})
    client.get(url, {"q": "kurs"})
    with query_budget() as few:
        client.get(url, {"q": "kurs"})
    for index in range(12):
        make_offer(centre, f"Kurs extra {index}")
    client.get(url, {"q": "kurs"})  # vocabulary cache refills once after a change
    with query_budget() as many:
        client.get(url, {"q": "kurs"})
    many.assert_exactly(few.count)


def test_search_near_a_postcode_orders_by_distance(client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    from decimal import Decimal

    with scope(centre=centre):
        here = AddressFactory(
            organisation=OrganisationFactory(centre=centre),
            postcode="47798",
            latitude=Decimal("51.3300"),
            longitude=Decimal("6.5600"),
        )
        near = AddressFactory(
            organisation=OrganisationFactory(centre=centre),
            postcode="47799",
            latitude=Decimal("51.3400"),
            longitude=Decimal("6.5800"),
        )
        far = AddressFactory(
            organisation=OrganisationFactory(centre=centre),
            postcode="40210",
            latitude=Decimal("51.2200"),
            longitude=Decimal("6.7800"),
        )
    make_offer(centre, "Weit weg", organisation=far.organisation, address=far)
    make_offer(centre, "Nebenan", organisation=near.organisation, address=near)
    make_offer(centre, "Hier", organisation=here.organisation, address=here)
    make_offer(centre, "Ohne Ort")
    assert search(client, centre, near="47798", radius="5") == ["Hier", "Nebenan"]
    assert search(client, centre, near="47798", radius="25") == ["Hier", "Nebenan", "Weit weg"]
    response = client.get(reverse("directory:search", kwargs={"centre": centre.slug}), {"near": "47798"})
    assert response.context["offers"][0].distance < 0.5
    unknown = client.get(reverse("directory:search", kwargs={"centre": centre.slug}), {"near": "12345"})
    assert unknown.context["place_unknown"] is True


def test_map_only_with_a_configured_tile_service(client: Client, centre, settings) -> None:  # type: ignore[no-untyped-def]
    from decimal import Decimal

    with scope(centre=centre):
        address = AddressFactory(
            organisation=OrganisationFactory(centre=centre), latitude=Decimal("51.33"), longitude=Decimal("6.56")
        )
    make_offer(centre, "Kurs", organisation=address.organisation, address=address)
    url = reverse("directory:search", kwargs={"centre": centre.slug})
    settings.MAP_TILES_URL = ""
    assert 'id="offer-map"' not in client.get(url).content.decode()
    settings.MAP_TILES_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    cache.clear()  # a configuration change is not a content change: drop the cached page by hand
    response = client.get(url)
    html = response.content.decode()
    assert 'id="offer-map"' in html and "leaflet.js" in html
    points = json.loads(response.context["map_points"])
    assert points[0]["title"] == "Kurs" and points[0]["lat"] == 51.33


def test_renamed_provider_and_moved_address_are_found_by_the_search(
    client: Client, centre, member_factory, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from anlaufstelle.core.roles import Role
    from anlaufstelle.partners import actions as partner_actions

    with scope(centre=centre):
        org = OrganisationFactory(centre=centre, name="Alter Verein")
        address = AddressFactory(organisation=org, district="Nord")
    make_offer(centre, "Kurs", organisation=org, address=address)
    actor = member_factory(centre, Role.EDITOR)
    with scope(centre=centre), django_capture_on_commit_callbacks(execute=True):
        partner_actions.organisation_save(centre=centre, actor=actor, data={"name": "Sonnenverein"}, organisation=org)
        partner_actions.address_save(organisation=org, actor=actor, data={"district": "Südstadt"}, address=address)
    assert search(client, centre, q="Sonnenverein") == ["Kurs"]
    assert search(client, centre, q="Südstadt") == ["Kurs"]


def test_one_invalid_filter_keeps_the_others(client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    make_offer(centre, "Deutschkurs")
    make_offer(centre, "Fußball")
    assert search(client, centre, q="Deutschkurs", area="gibt-es-nicht") == ["Deutschkurs"]


@pytest.mark.postgres
def test_postgres_full_text_finds_exactly_what_the_portable_search_finds(centre) -> None:  # type: ignore[no-untyped-def]
    """The PostgreSQL path (GIN full-text index) is checked against the portable LIKE path."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: the full-text path exists only there")
    from anlaufstelle.directory import textsearch
    from anlaufstelle.directory.selectors import _matching, _matching_portable, published

    corpus = [
        ("Deutschkurs am Abend", "German course in the evening", "دورة ألمانية مسائية"),
        ("Kindertagesstätte Sonnenschein", "Daycare", "حضانة"),
        ("Migrationsberatung für Erwachsene", "Migration counselling", "استشارة الهجرة"),
        ("Straßenfußball 2026 für Mädchen", "Street football", "كرة القدم"),
        ("Elterncafé im Familienzentrum Süd", "Parents' café", "مقهى الآباء"),
        ("Ukrainisch-Treff (Київ)", "Ukrainian meeting", "لقاء"),
    ]
    for de, en, ar in corpus:
        make_offer(centre, de, texts={"de": {"title": de}, "en": {"title": en}, "ar": {"title": ar}})
    with scope(centre=centre):
        offers = published(centre=centre)
        terms = textsearch.vocabulary_of(offers.values_list("search_index", flat=True))
        queries = {term[:size] for term in terms for size in range(2, len(term) + 1)}
        queries |= {"xyz", "deutsch", "ß", "kur", "sonnenscheinx", "2026", "київ"}
        for query in sorted(queries):
            variants = textsearch.query_variants(textsearch.fold(query))
            expected = set(_matching_portable(offers, variants).values_list("pk", flat=True))
            assert set(_matching(offers, variants).values_list("pk", flat=True)) == expected, query


def test_offers_with_the_words_in_their_title_come_first(client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    make_offer(centre, "Sprachcafé", texts={"de": {"title": "Sprachcafé", "summary": "Mit Beratung zum Deutschkurs"}})
    make_offer(centre, "Deutschkurs für Eltern")
    make_offer(centre, "Hausaufgabenhilfe", texts={"de": {"title": "Hausaufgabenhilfe", "summary": "Deutschkurs"}})
    make_offer(centre, "Beratung zum Deutschkurs")
    assert search(client, centre, q="Deutschkurs") == [
        "Deutschkurs für Eltern",
        "Beratung zum Deutschkurs",
        "Sprachcafé",
        "Hausaufgabenhilfe",
    ]
    assert search(client, centre, q="Beratung Deutschkurs")[:2] == ["Beratung zum Deutschkurs", "Sprachcafé"]

"""The HSDS 3.0 API: every endpoint validates against the official schemas in ../shared."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from anlaufstelle.directory.models import Offer
from anlaufstelle.directory.tests.factories import make_directory

SCHEMAS = Path(settings.BASE_DIR).parent / "shared" / "standards" / "hsds-3.0"


def schema(name: str) -> dict[str, Any]:
    if not SCHEMAS.is_dir():
        pytest.skip(f"HSDS schemas not found at {SCHEMAS} (the shared standards folder is absent).")
    return json.loads((SCHEMAS / name).read_text())


def validate(instance: Any, name: str) -> None:
    from jsonschema import Draft202012Validator, FormatChecker

    validator = Draft202012Validator(schema(name), format_checker=FormatChecker())
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


@pytest.fixture
def directory(centre, other_centre):  # type: ignore[no-untyped-def]
    return make_directory(centre, other_centre)


def api(client: Client, centre, name: str, **params) -> Any:  # type: ignore[no-untyped-def]
    kwargs = {"centre": centre.slug, **({"pk": params.pop("pk")} if "pk" in params else {})}
    response = client.get(reverse(f"hsds:{name}", kwargs=kwargs), params)
    assert response["Access-Control-Allow-Origin"] == "*"
    return response


def test_root_and_openapi(client: Client, centre, directory) -> None:  # type: ignore[no-untyped-def]
    root = api(client, centre, "root").json()
    assert root["version"] == "3.0" and root["openapi_url"].endswith("/openapi.json")
    document = client.get(root["openapi_url"]).json()
    for path in [
        "/",
        "/services",
        "/services/{id}",
        "/organizations",
        "/organizations/{id}",
        "/taxonomies",
        "/taxonomy_terms",
        "/service_at_locations",
    ]:
        assert path in document["paths"]
    assert "x_translations" in client.get(root["profile"]).content.decode()


def test_services_list_minimal_and_full_validate(client: Client, centre, directory) -> None:  # type: ignore[no-untyped-def]
    page = api(client, centre, "services").json()
    assert page["total_items"] == 2 and page["first_page"] and page["last_page"]
    names = {item["name"] for item in page["contents"]}
    assert names == {"Integrationskurs", "Fußball für Kinder"}  # no draft, no foreign centre
    for item in page["contents"]:
        validate(item, "service_list.json")
    for item in api(client, centre, "services", full="true").json()["contents"]:
        validate(item, "service.json")


def test_service_detail_with_translations_extension(client: Client, centre, directory) -> None:  # type: ignore[no-untyped-def]
    listed = api(client, centre, "services", search="Integrationskurs").json()["contents"]
    detail = api(client, centre, "service", pk=listed[0]["id"]).json()
    validate(detail, "service.json")
    assert detail["x_translations"]["ar"]["name"] == "دورة الاندماج"
    assert [lang["code"] for lang in detail["languages"]] == ["ar", "de"]
    assert detail["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] == "47798"
    assert detail["assured_date"] == "2026-05-01"
    arabic = api(client, centre, "service", pk=listed[0]["id"], lang="ar").json()
    assert arabic["name"] == "دورة الاندماج" and arabic["fees_description"] == "kostenlos"  # German fills gaps
    sport = api(client, centre, "services", search="Fussball").json()["contents"][0]
    assert sport["status"] == "temporarily closed"


def test_ids_are_stable(client: Client, centre, directory) -> None:  # type: ignore[no-untyped-def]
    first = [item["id"] for item in api(client, centre, "services").json()["contents"]]
    second = [item["id"] for item in api(client, centre, "services").json()["contents"]]
    assert first == second


def test_organizations_validate(client: Client, centre, directory) -> None:  # type: ignore[no-untyped-def]
    page = api(client, centre, "organizations").json()
    for item in page["contents"]:
        validate(item, "organization_list.json")
    vhs = next(item for item in page["contents"] if item["name"] == "Volkshochschule")
    detail = api(client, centre, "organization", pk=vhs["id"]).json()
    validate(detail, "organization.json")
    assert [service["name"] for service in detail["services"]] == ["Integrationskurs"]
    full = api(client, centre, "organizations", full_service="true").json()
    for item in full["contents"]:
        validate(item, "organization.json")


def test_taxonomies_and_terms_validate_and_filter(client: Client, centre, directory) -> None:  # type: ignore[no-untyped-def]
    taxonomies = api(client, centre, "taxonomies").json()["contents"]
    assert len(taxonomies) == 2
    for item in taxonomies:
        validate(item, "source/taxonomy.json")
        validate(api(client, centre, "taxonomy", pk=item["id"]).json(), "source/taxonomy.json")
    terms = api(client, centre, "taxonomy_terms", per_page="100", lang="en").json()["contents"]
    assert len(terms) == 17
    for item in terms:
        validate(item, "source/taxonomy_term.json")
    language_term = next(term for term in terms if term["code"] == "language")
    assert language_term["name"] == "Language and education"
    offers = api(client, centre, "services", taxonomy_term_id=language_term["id"]).json()["contents"]
    assert [item["name"] for item in offers] == ["Integrationskurs"]
    areas = next(t for t in taxonomies if t["name"].startswith("Lebens"))
    in_areas = api(client, centre, "taxonomy_terms", taxonomy_id=areas["id"], per_page="100").json()
    assert in_areas["total_items"] == 11


def test_service_at_locations_validate_and_filter_by_postcode(client: Client, centre, directory) -> None:  # type: ignore[no-untyped-def]
    page = api(client, centre, "service_at_locations", postcode="47798").json()
    assert page["total_items"] == 1
    for item in page["contents"]:
        validate(item, "service_at_location_list.json")
    detail = api(client, centre, "service_at_location", pk=page["contents"][0]["id"]).json()
    validate(detail, "service_at_location.json")
    assert api(client, centre, "service_at_locations", postcode="99999").json()["empty"] is True


def test_organization_and_modified_after_filters(client: Client, centre, directory) -> None:  # type: ignore[no-untyped-def]
    vhs = next(i for i in api(client, centre, "organizations").json()["contents"] if i["name"] == "Volkshochschule")
    assert api(client, centre, "services", organization_id=vhs["id"]).json()["total_items"] == 1
    with scopes_disabled():
        Offer.objects.filter(pk=directory["sport"].pk).update(updated_at=timezone.now() + datetime.timedelta(days=2))
    tomorrow = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    assert [i["name"] for i in api(client, centre, "services", modified_after=tomorrow).json()["contents"]] == [
        "Fußball für Kinder"
    ]


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"per_page": "1000"},
        {"per_page": "0"},
        {"organization_id": "nope"},
        {"modified_after": "yesterday"},
        {"lang": "xx"},
        {"taxonomy_term_id": "123"},
    ],
)
def test_bad_parameters_answer_400_with_a_message(client: Client, centre, directory, params) -> None:  # type: ignore[no-untyped-def]
    response = api(client, centre, "services", **params)
    assert response.status_code == 400
    assert response.json()["error"]


def test_unknown_ids_answer_404_json(client: Client, centre, directory) -> None:  # type: ignore[no-untyped-def]
    missing = "00000000-0000-0000-0000-000000000000"
    for name in ["service", "organization", "taxonomy", "taxonomy_term", "service_at_location"]:
        response = api(client, centre, name, pk=missing)
        assert response.status_code == 404 and response.json()["status"] == 404, name


def test_paging(client: Client, centre, directory) -> None:  # type: ignore[no-untyped-def]
    first = api(client, centre, "services", per_page="1").json()
    second = api(client, centre, "services", per_page="1", page="2").json()
    assert first["total_pages"] == 2 and first["size"] == 1 and not first["last_page"]
    assert second["last_page"] and second["contents"][0]["id"] != first["contents"][0]["id"]
    beyond = api(client, centre, "services", per_page="1", page="9").json()
    assert beyond["size"] == 0


def test_full_export(client: Client, centre, directory) -> None:  # type: ignore[no-untyped-def]
    response = api(client, centre, "export")
    assert response["Content-Disposition"].startswith("attachment")
    data = response.json()
    assert len(data["services"]) == 2 and len(data["taxonomy_terms"]) == 17
    for item in data["services"]:
        validate(item, "service.json")
    for item in data["organizations"]:
        validate(item, "organization_list.json")


@pytest.mark.parametrize(
    "params",
    [
        {"page": "99999999999999999999"},
        {"modified_after": "2024-02-30"},
        {"modified_after": "2024-01-01T25:00:00"},
    ],
)
def test_impossible_values_answer_400_not_500(client: Client, centre, directory, params) -> None:  # type: ignore[no-untyped-def]
    assert api(client, centre, "services", **params).status_code == 400


def test_organisation_search_does_not_reveal_internal_tags(client: Client, centre, directory) -> None:  # type: ignore[no-untyped-def]
    from anlaufstelle.partners.tests.factories import TagFactory

    with scopes_disabled():
        directory["vhs"].tags.add(TagFactory(centre=centre, name="unzuverlässig"))
    assert api(client, centre, "organizations", search="unzuverlässig").json()["total_items"] == 0
    assert api(client, centre, "organizations", search="Volkshochschule").json()["total_items"] == 1
    detail = api(client, centre, "organizations", full_service="true").json()["contents"][0]
    assert "email" not in detail and "phones" not in detail

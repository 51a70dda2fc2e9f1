"""The OpenAPI document is a contract: self-contained, valid, and every answer of the API matches it
(issue 20, item 10: undocumented 400s, a missing page limit, `$ref`s to a remote host)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from jsonschema import Draft202012Validator, FormatChecker

from anlaufstelle.directory.tests.factories import make_directory

pytestmark = [pytest.mark.security, pytest.mark.django_db]


@pytest.fixture
def directory(centre, other_centre):  # type: ignore[no-untyped-def]
    return make_directory(centre, other_centre)


def _document(client: Client, centre) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return client.get(reverse("hsds:openapi", kwargs={"centre": centre.slug})).json()


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [ref for key, value in node.items() for ref in ([value] if key == "$ref" else _refs(value))]
    if isinstance(node, list):
        return [ref for item in node for ref in _refs(item)]
    return []


def test_the_document_is_valid_and_references_nothing_remote(client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    from openapi_spec_validator import validate as validate_spec

    document = _document(client, centre)
    validate_spec(document)
    refs = _refs(document)
    assert refs, "the document uses components"
    for ref in refs:
        assert ref.startswith("#/"), f"remote reference {ref}"
        node: Any = document
        for part in ref[2:].split("/"):
            node = node[part]  # resolves, or KeyError names it
    page = next(p for p in document["paths"]["/services"]["get"]["parameters"] if p["name"] == "page")
    assert page["schema"]["maximum"] == 100_000


def _validator(document: dict[str, Any], schema: dict[str, Any]) -> Draft202012Validator:
    return Draft202012Validator({**schema, "components": document["components"]}, format_checker=FormatChecker())


def _response_schema(document: dict[str, Any], path: str, status: int) -> dict[str, Any]:
    responses = document["paths"][path]["get"]["responses"]
    assert str(status) in responses, f"{path} answered {status}, which the document does not name"
    response = responses[str(status)]
    if "$ref" in response:
        response = document["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    return response["content"]["application/json"]["schema"]


def _check(client: Client, centre, document, path: str, params: dict[str, str], ids: dict[str, str]) -> int:  # type: ignore[no-untyped-def]
    base = reverse("hsds:root", kwargs={"centre": centre.slug}).rstrip("/")
    url = base + re.sub(r"\{id\}", ids.get(path, "x"), path)
    response = client.get(url, params)
    assert response["Content-Type"].startswith("application/json"), url
    body = response.json()
    errors = list(_validator(document, _response_schema(document, path, response.status_code)).iter_errors(body))
    assert not errors, f"{url} {params}: " + "; ".join(f"{list(e.path)}: {e.message}" for e in errors[:5])
    return response.status_code


BAD = [
    {"lang": "xx"},
    {"page": "0"},
    {"page": "100001"},
    {"page": "abc"},
    {"per_page": "101"},
    {"per_page": "-1"},
    {"taxonomy_id": "nope"},
    {"taxonomy_term_id": "nope"},
    {"organization_id": "nope"},
    {"parent_id": "nope"},
    {"modified_after": "yesterday"},
    {"modified_after": "2026-13-45"},
]


def test_every_answer_matches_the_document(client: Client, centre, directory) -> None:  # type: ignore[no-untyped-def]
    document = _document(client, centre)
    first = {
        name: client.get(reverse(f"hsds:{name}", kwargs={"centre": centre.slug})).json()["contents"][0]["id"]
        for name in ("services", "organizations", "taxonomies", "taxonomy_terms", "service_at_locations")
    }
    ids = {f"/{name}/{{id}}": value for name, value in first.items()}
    seen: set[int] = set()
    for path in document["paths"]:
        if path == "/openapi.json":
            continue
        for params in [{}, {"lang": "ar"}, {"full": "true"}, {"full_service": "1"}, {"per_page": "1", "page": "2"}]:
            seen.add(_check(client, centre, document, path, params, ids))
        for params in BAD:
            seen.add(_check(client, centre, document, path, params, ids))
        if "{id}" in path:
            seen.add(_check(client, centre, document, path, {}, {path: "not-a-uuid"}))
            seen.add(_check(client, centre, document, path, {}, {path: "00000000-0000-4000-8000-000000000000"}))
    assert seen == {200, 400, 404}

"""The OpenAPI 3.1 document of the HSDS API (hand-written: the API is small and fixed).

The document is self-contained: every `$ref` points inside it, so an offline client or code
generator resolves everything without fetching anything. The component schemas describe exactly
what `hsds.py` writes (a subset of the HSDS 3.0 objects); the tests check every answer of the
API against them, and against the official HSDS schemas where the shared standards are present.
Every status code an endpoint can answer is documented, with its limits (page, per_page).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

HSDS_DOCS = "https://docs.openreferral.org/en/3.0/"
MAX_PER_PAGE = 100
MAX_PAGE = 100_000


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _parameter(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


def _object(required: list[str], properties: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"type": "object", "required": required, "properties": properties, **extra}


STRING = {"type": "string"}
UUID = {"type": "string", "format": "uuid"}
PAGE = [
    _parameter("page", f"Page number, 1 to {MAX_PAGE}.", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}),
    _parameter(
        "per_page",
        f"Items per page, 1 to {MAX_PER_PAGE} (default 25).",
        {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 25},
    ),
]
SEARCH = _parameter("search", "Words; German word forms, synonyms and typos are matched.", STRING)
BOOLEAN = {"type": "string", "enum": ["1", "true", "yes", "0", "false", "no"]}


def _lang() -> dict[str, Any]:
    codes = [code for code, _name in settings.LANGUAGES]
    return _parameter(
        "lang",
        f"Language of the main text fields ({', '.join(codes)}); German fills gaps. Another value answers 400.",
        {"type": "string", "enum": codes, "default": "de"},
    )


def _json(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


BAD_REQUEST = {"$ref": "#/components/responses/BadRequest"}
NOT_FOUND = {"$ref": "#/components/responses/NotFound"}


def _list(description: str, item: str, parameters: list[dict[str, Any]]) -> dict[str, Any]:
    page_of = {
        "allOf": [_ref("Page")],
        "properties": {"contents": {"type": "array", "items": _ref(item)}},
        "required": ["contents"],
    }
    return {
        "get": {
            "summary": description,
            "parameters": [*parameters, _lang(), *PAGE],
            "responses": {"200": _json(description, page_of), "400": BAD_REQUEST},
        }
    }


def _detail(description: str, item: str) -> dict[str, Any]:
    return {
        "get": {
            "summary": description,
            "parameters": [
                {"name": "id", "in": "path", "required": True, "description": "The record's UUID.", "schema": UUID},
                _lang(),
            ],
            "responses": {
                "200": _json(description, _ref(item)),
                "400": {**BAD_REQUEST, "description": "The id is not a UUID, or `lang` is unknown."},
                "404": NOT_FOUND,
            },
        }
    }


def schemas() -> dict[str, Any]:
    """The objects the API writes (see hsds.py), as JSON Schema 2020-12."""
    texts = {
        "name": STRING,
        "description": STRING,
        "fees_description": STRING,
        "application_process": STRING,
        "eligibility_description": STRING,
    }
    service_fields = {
        "id": UUID,
        "organization_id": UUID,
        "name": STRING,
        "description": STRING,
        "url": {"type": "string", "format": "uri"},
        "email": {"type": "string", "format": "email"},
        "status": {"type": "string", "enum": ["active", "temporarily closed"]},
        "fees_description": STRING,
        "application_process": STRING,
        "eligibility_description": STRING,
        "assured_date": {"type": "string", "format": "date"},
        "last_modified": {"type": "string", "format": "date-time"},
    }
    service_required = ["id", "organization_id", "name", "url", "status", "last_modified"]
    return {
        "Page": _object(
            ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty"],
            {
                "total_items": {"type": "integer", "minimum": 0},
                "total_pages": {"type": "integer", "minimum": 1},
                "page_number": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
                "size": {"type": "integer", "minimum": 0, "maximum": MAX_PER_PAGE},
                "first_page": {"type": "boolean"},
                "last_page": {"type": "boolean"},
                "empty": {"type": "boolean"},
            },
        ),
        "Error": _object(["error", "status"], {"error": STRING, "status": {"type": "integer"}}),
        "Root": _object(
            ["version", "profile", "openapi_url"],
            {"version": STRING, "profile": {"type": "string", "format": "uri"}, "openapi_url": STRING},
        ),
        "Profile": _object(
            ["name", "based_on", "extensions", "identifiers"],
            {
                "name": STRING,
                "based_on": STRING,
                "extensions": {"type": "object", "additionalProperties": STRING},
                "identifiers": STRING,
            },
        ),
        "Taxonomy": _object(
            ["id", "name", "description"],
            {"id": UUID, "name": STRING, "description": STRING, "version": STRING},
        ),
        "TaxonomyTerm": _object(
            ["id", "code", "name", "description", "taxonomy_id"],
            {
                "id": UUID,
                "code": STRING,
                "name": STRING,
                "description": STRING,
                "taxonomy_id": UUID,
                "language": STRING,
            },
        ),
        "Organization": _object(
            ["id", "name", "description"],
            {
                "id": UUID,
                "name": STRING,
                "description": STRING,
                "website": {"type": "string", "format": "uri"},
                "services": {"type": "array", "items": _ref("ServiceFull")},
            },
        ),
        "Address": _object(
            ["id", "address_1", "city", "state_province", "postal_code", "country", "address_type"],
            {
                "id": UUID,
                "address_1": STRING,
                "city": STRING,
                "region": STRING,
                "state_province": STRING,
                "postal_code": STRING,
                "country": {"type": "string", "pattern": "^[A-Z]{2}$"},
                "address_type": {"type": "string", "enum": ["physical", "postal", "virtual"]},
            },
        ),
        "Location": _object(
            ["id", "location_type", "addresses"],
            {
                "id": UUID,
                "location_type": {"type": "string", "enum": ["physical", "postal", "virtual"]},
                "name": STRING,
                "organization_id": UUID,
                "latitude": {"type": "number", "minimum": -90, "maximum": 90},
                "longitude": {"type": "number", "minimum": -180, "maximum": 180},
                "addresses": {"type": "array", "items": _ref("Address")},
            },
        ),
        "Language": _object(
            ["id", "service_id", "name", "code"], {"id": UUID, "service_id": UUID, "name": STRING, "code": STRING}
        ),
        "Phone": _object(["id", "service_id", "number"], {"id": UUID, "service_id": UUID, "number": STRING}),
        "Attribute": _object(
            ["id", "link_id", "link_type", "taxonomy_term_id"],
            {
                "id": UUID,
                "link_id": UUID,
                "link_type": STRING,
                "link_entity": STRING,
                "taxonomy_term_id": UUID,
                "taxonomy_term": _ref("TaxonomyTerm"),
            },
        ),
        "Service": _object(service_required, service_fields),
        "ServiceFull": _object(
            service_required,
            {
                **service_fields,
                "languages": {"type": "array", "items": _ref("Language")},
                "phones": {"type": "array", "items": _ref("Phone")},
                "attributes": {"type": "array", "items": _ref("Attribute")},
                "service_at_locations": {"type": "array", "items": _ref("ServiceAtLocationOfService")},
                "organization": _ref("Organization"),
                "x_translations": {
                    "type": "object",
                    "description": "Profile extension: the texts in the other languages, keyed by ISO 639-1 code.",
                    "additionalProperties": {
                        "type": "object",
                        "required": ["x_status"],
                        "properties": {
                            **texts,
                            "x_status": {
                                "type": "string",
                                "enum": ["current", "outdated", "machine"],
                                "description": (
                                    "current: made from the present German text; outdated: the German text "
                                    "changed since; machine: machine-translated and not yet reviewed."
                                ),
                            },
                        },
                    },
                },
            },
        ),
        "ServiceAtLocationOfService": _object(
            ["id", "service_id", "location_id"],
            {"id": UUID, "service_id": UUID, "location_id": UUID, "location": _ref("Location")},
        ),
        "ServiceAtLocation": _object(
            ["id", "service_id", "location_id", "location", "service"],
            {
                "id": UUID,
                "service_id": UUID,
                "location_id": UUID,
                "location": _ref("Location"),
                "service": _ref("Service"),
            },
        ),
        "Export": _object(
            ["hsds_version", "centre", "services", "organizations", "taxonomies", "taxonomy_terms"],
            {
                "hsds_version": STRING,
                "centre": STRING,
                "services": {"type": "array", "items": _ref("ServiceFull")},
                "organizations": {"type": "array", "items": _ref("Organization")},
                "taxonomies": {"type": "array", "items": _ref("Taxonomy")},
                "taxonomy_terms": {"type": "array", "items": _ref("TaxonomyTerm")},
            },
        ),
    }


def document(base_url: str) -> dict[str, Any]:
    filters = [
        SEARCH,
        _parameter("taxonomy_term_id", "Only services with this taxonomy term.", UUID),
        _parameter("taxonomy_id", "Only services classified in this taxonomy.", UUID),
        _parameter("organization_id", "Only services of this organisation.", UUID),
        _parameter("modified_after", "Only services changed after this ISO 8601 date or date-time.", STRING),
    ]
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "Anlaufstelle directory — Open Referral HSDS 3.0",
            "version": "3.0",
            "description": "Published offers of one integration centre. Read-only open data. The objects are "
            "HSDS 3.0 objects (a subset of their fields, described here in full). Profile extension "
            "`x_translations` on full services carries the other languages (see the profile endpoint).",
        },
        "externalDocs": {"description": "Open Referral HSDS 3.0", "url": HSDS_DOCS},
        "servers": [{"url": base_url.rstrip("/")}],
        "paths": {
            "/": {
                "get": {
                    "summary": "About this API",
                    "responses": {"200": _json("HSDS version, profile and this document", _ref("Root"))},
                }
            },
            "/profile": {
                "get": {
                    "summary": "The profile: extensions and identifiers",
                    "responses": {"200": _json("The profile", _ref("Profile"))},
                }
            },
            "/openapi.json": {
                "get": {
                    "summary": "This document",
                    "responses": {"200": _json("OpenAPI 3.1", {"type": "object"})},
                }
            },
            "/services": _list(
                "Services",
                "Service",
                [
                    *filters,
                    _parameter("full", "Full service objects (ServiceFull) instead of one-to-one fields.", BOOLEAN),
                    _parameter("minimal", "One-to-one fields only (default; wins over `full`).", BOOLEAN),
                ],
            ),
            "/services/{id}": _detail("One service in full", "ServiceFull"),
            "/organizations": _list(
                "Organisations that provide published services",
                "Organization",
                [
                    SEARCH,
                    _parameter("full_service", "Include each organisation's full services.", BOOLEAN),
                    _parameter("full", "The same as `full_service`.", BOOLEAN),
                ],
            ),
            "/organizations/{id}": _detail("One organisation with its services", "Organization"),
            "/taxonomies": _list("Taxonomies", "Taxonomy", [SEARCH]),
            "/taxonomies/{id}": _detail("One taxonomy", "Taxonomy"),
            "/taxonomy_terms": _list(
                "Taxonomy terms",
                "TaxonomyTerm",
                [
                    SEARCH,
                    _parameter("taxonomy_id", "Terms of this taxonomy.", UUID),
                    _parameter("parent_id", "Children of this term (the taxonomies are flat).", UUID),
                ],
            ),
            "/taxonomy_terms/{id}": _detail("One taxonomy term", "TaxonomyTerm"),
            "/service_at_locations": _list(
                "Services at their locations",
                "ServiceAtLocation",
                [*filters, _parameter("postcode", "Only locations with this German postcode.", STRING)],
            ),
            "/service_at_locations/{id}": _detail("One service at its location", "ServiceAtLocation"),
            "/export": {
                "get": {
                    "summary": "The whole published directory as one JSON document",
                    "parameters": [_lang()],
                    "responses": {"200": _json("HSDS export", _ref("Export")), "400": BAD_REQUEST},
                }
            },
        },
        "components": {
            "schemas": schemas(),
            "responses": {
                "BadRequest": _json("A query parameter is invalid; `error` says which.", _ref("Error")),
                "NotFound": _json("No such record.", _ref("Error")),
            },
        },
    }

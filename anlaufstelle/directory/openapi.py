"""The OpenAPI 3.1 document of the HSDS API (hand-written: the API is small and fixed)."""

from __future__ import annotations

from typing import Any

HSDS_SCHEMA = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/compiled/"


def _parameter(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


PAGE = [
    _parameter("page", "Page number, from 1.", {"type": "integer", "minimum": 1}),
    _parameter("per_page", "Items per page, 1 to 100 (default 25).", {"type": "integer", "minimum": 1, "maximum": 100}),
]
LANG = _parameter(
    "lang",
    "Language of the main text fields (de, en, ar, uk, tr); German fills gaps.",
    {"type": "string", "enum": ["de", "en", "ar", "uk", "tr"]},
)
SEARCH = _parameter("search", "Words; German word forms, synonyms and typos are matched.", {"type": "string"})
UUID = {"type": "string", "format": "uuid"}


def _list(description: str, item: str, parameters: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "get": {
            "summary": description,
            "parameters": [*parameters, LANG, *PAGE],
            "responses": {
                "200": {
                    "description": description,
                    "content": {
                        "application/json": {
                            "schema": {
                                "allOf": [{"$ref": "#/components/schemas/Page"}],
                                "properties": {"contents": {"type": "array", "items": {"$ref": HSDS_SCHEMA + item}}},
                            }
                        }
                    },
                },
                "400": {"$ref": "#/components/responses/BadRequest"},
            },
        }
    }


def _detail(description: str, item: str) -> dict[str, Any]:
    return {
        "get": {
            "summary": description,
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": UUID}, LANG],
            "responses": {
                "200": {
                    "description": description,
                    "content": {"application/json": {"schema": {"$ref": HSDS_SCHEMA + item}}},
                },
                "404": {"$ref": "#/components/responses/NotFound"},
            },
        }
    }


def document(base_url: str) -> dict[str, Any]:
    filters = [
        SEARCH,
        _parameter("taxonomy_term_id", "Only services with this taxonomy term.", UUID),
        _parameter("taxonomy_id", "Only services classified in this taxonomy.", UUID),
        _parameter("organization_id", "Only services of this organisation.", UUID),
        _parameter(
            "modified_after", "Only services changed after this ISO 8601 date or date-time.", {"type": "string"}
        ),
    ]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Anlaufstelle directory — Open Referral HSDS 3.0",
            "version": "3.0",
            "description": "Published offers of one integration centre. Read-only open data. Profile extension "
            "`x_translations` on full services carries the other languages (see the profile endpoint).",
        },
        "servers": [{"url": base_url.rstrip("/")}],
        "paths": {
            "/": {
                "get": {
                    "summary": "About this API",
                    "responses": {"200": {"description": "version, profile, openapi_url"}},
                }
            },
            "/services": _list(
                "Services",
                "service_list.json",
                [
                    *filters,
                    _parameter("full", "Full service objects instead of one-to-one fields.", {"type": "boolean"}),
                    _parameter("minimal", "One-to-one fields only (default).", {"type": "boolean"}),
                ],
            ),
            "/services/{id}": _detail("One service in full", "service.json"),
            "/organizations": _list(
                "Organisations that provide published services",
                "organization_list.json",
                [
                    SEARCH,
                    _parameter("full_service", "Include each organisation's full services.", {"type": "boolean"}),
                ],
            ),
            "/organizations/{id}": _detail("One organisation with its services", "organization.json"),
            "/taxonomies": _list("Taxonomies", "../taxonomy.json", [SEARCH]),
            "/taxonomies/{id}": _detail("One taxonomy", "../taxonomy.json"),
            "/taxonomy_terms": _list(
                "Taxonomy terms",
                "../taxonomy_term.json",
                [
                    SEARCH,
                    _parameter("taxonomy_id", "Terms of this taxonomy.", UUID),
                    _parameter("parent_id", "Children of this term (the taxonomies are flat).", UUID),
                ],
            ),
            "/taxonomy_terms/{id}": _detail("One taxonomy term", "../taxonomy_term.json"),
            "/service_at_locations": _list(
                "Services at their locations",
                "service_at_location_list.json",
                [
                    *filters,
                    _parameter("postcode", "Only locations with this German postcode.", {"type": "string"}),
                ],
            ),
            "/service_at_locations/{id}": _detail("One service at its location", "service_at_location.json"),
            "/export": {
                "get": {
                    "summary": "The whole published directory as one JSON document",
                    "parameters": [LANG],
                    "responses": {"200": {"description": "HSDS export"}},
                }
            },
        },
        "components": {
            "schemas": {
                "Page": {
                    "type": "object",
                    "properties": {
                        "total_items": {"type": "integer"},
                        "total_pages": {"type": "integer"},
                        "page_number": {"type": "integer"},
                        "size": {"type": "integer"},
                        "first_page": {"type": "boolean"},
                        "last_page": {"type": "boolean"},
                        "empty": {"type": "boolean"},
                    },
                },
                "Error": {"type": "object", "properties": {"error": {"type": "string"}, "status": {"type": "integer"}}},
            },
            "responses": {
                "BadRequest": {
                    "description": "A query parameter is invalid; `error` says which.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                },
                "NotFound": {
                    "description": "No such record.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                },
            },
        },
    }

"""Open Referral HSDS 3.0 representation of the published directory.

Identifiers are stable UUIDv5 values derived from the centre and the record, so the same
offer keeps its id across exports. Texts in other languages travel in the profile extension
`x_translations` (see docs/decisions/0009-hsds-api.md and the profile endpoint).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.utils import translation

from anlaufstelle.core.languages import OWN_NAMES
from anlaufstelle.core.models import Centre
from anlaufstelle.core.translation import SOURCE_LANGUAGE, pick_translation, translation_status
from anlaufstelle.directory.models import Offer, OfferTranslation
from anlaufstelle.directory.taxonomy import AgeGroup, Area
from anlaufstelle.partners.models import Address, Organisation

HSDS_VERSION = "3.0"
NAMESPACE = uuid.UUID("3b0d5c5e-8f1f-4d57-9a43-5b8f6f0a7c21")
TAXONOMIES = {
    "areas_of_life": ("Lebensbereiche (KI NRW)", "Areas of life used by NRW integration centres", Area),
    "age_groups": ("Altersgruppen", "Age groups of the KI directory", AgeGroup),
}
LANGUAGE_NAMES = OWN_NAMES  # HSDS language names in the language itself, the same for every reader


def hsds_id(centre: Centre, kind: str, key: object) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{centre.slug}:{kind}:{key}"))


def taxonomy(centre: Centre, key: str) -> dict[str, Any]:
    name, description, _choices = TAXONOMIES[key]
    return {"id": hsds_id(centre, "taxonomy", key), "name": name, "description": description, "version": "1"}


def taxonomy_terms(centre: Centre, language: str) -> list[dict[str, Any]]:
    terms = []
    with translation.override(language):
        for key, (_name, _description, choices) in TAXONOMIES.items():
            for code, label in choices.choices:
                terms.append(
                    {
                        "id": hsds_id(centre, "term", code),
                        "code": code,
                        "name": str(label),
                        "description": str(label),
                        "taxonomy_id": hsds_id(centre, "taxonomy", key),
                        "language": language,
                    }
                )
    return terms


def term_ids_by_code(centre: Centre) -> dict[str, str]:
    codes = [code for _key, (_n, _d, choices) in TAXONOMIES.items() for code in choices.values]
    return {hsds_id(centre, "term", code): code for code in codes}


def organization(
    org: Organisation, *, full: bool = False, services: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": hsds_id(org.centre, "organization", org.pk),
        "name": org.name,
        "description": org.description or org.name,
    }
    if org.website:
        data["website"] = org.website
    if full:  # the register's internal e-mail and phone stay internal; services carry public contacts
        data["services"] = services or []
    return data


def location(address: Address) -> dict[str, Any]:
    centre = address.organisation.centre
    data: dict[str, Any] = {
        "id": hsds_id(centre, "location", address.pk),
        "location_type": "physical",
        "name": address.label or address.organisation.name,
        "organization_id": hsds_id(centre, "organization", address.organisation_id),
        "addresses": [
            {
                "id": hsds_id(centre, "address", address.pk),
                "address_1": address.street,
                "city": address.city,
                "region": address.district,
                "state_province": "Nordrhein-Westfalen",
                "postal_code": address.postcode,
                "country": "DE",
                "address_type": "physical",
            }
        ],
    }
    if address.latitude is not None and address.longitude is not None:
        data["latitude"] = float(address.latitude)
        data["longitude"] = float(address.longitude)
    return data


def _texts(offer: Offer, language: str) -> dict[str, str]:
    return pick_translation(offer.translations.all(), language, OfferTranslation.translated_fields).values


def _one_to_one(offer: Offer, language: str, public_url: str) -> dict[str, Any]:
    text = _texts(offer, language)
    centre = offer.organisation.centre
    data: dict[str, Any] = {
        "id": hsds_id(centre, "service", offer.pk),
        "organization_id": hsds_id(centre, "organization", offer.organisation_id),
        "name": text["title"] or f"#{offer.pk}",
        "description": text["description"] or text["summary"],
        "url": public_url,
        "status": "temporarily closed" if offer.temporarily_closed else "active",
        "fees_description": text["costs"] or ("kostenlos" if offer.is_free else ""),
        "application_process": text["registration"],
        "eligibility_description": text["target_group"],
        "last_modified": offer.updated_at.isoformat(),
    }
    if offer.contact_email:
        data["email"] = offer.contact_email
    if offer.last_reviewed_on:
        data["assured_date"] = offer.last_reviewed_on.isoformat()
    return {key: value for key, value in data.items() if value not in ("", None)}


def service_minimal(offer: Offer, language: str, public_url: str) -> dict[str, Any]:
    """The list form (one-to-one fields only, as service_list.json)."""
    return _one_to_one(offer, language, public_url)


def service_full(offer: Offer, language: str, public_url: str) -> dict[str, Any]:
    """The full form (service.json) with languages, phones, attributes, locations, organisation
    and the `x_translations` profile extension."""
    centre = offer.organisation.centre
    data = _one_to_one(offer, language, public_url)
    service_id = data["id"]
    data["languages"] = [
        {
            "id": hsds_id(centre, f"service-language-{offer.pk}", code),
            "service_id": service_id,
            "name": LANGUAGE_NAMES.get(code, code),
            "code": code,
        }
        for code in offer.language_list()
    ]
    data["phones"] = (
        [{"id": hsds_id(centre, "service-phone", offer.pk), "service_id": service_id, "number": offer.contact_phone}]
        if offer.contact_phone
        else []
    )
    terms = {term["code"]: term for term in taxonomy_terms(centre, language)}
    codes = [area.value for area in offer.area_list()] + [group.value for group in offer.age_group_list()]
    data["attributes"] = [
        {
            "id": hsds_id(centre, f"service-attribute-{offer.pk}", code),
            "link_id": service_id,
            "link_type": "service",
            "link_entity": "service",
            "taxonomy_term_id": terms[code]["id"],
            "taxonomy_term": terms[code],
        }
        for code in codes
    ]
    data["service_at_locations"] = (
        [
            {
                "id": hsds_id(centre, "service-at-location", offer.pk),
                "service_id": service_id,
                "location_id": hsds_id(centre, "location", offer.address_id),
                "location": location(offer.address),
            }
        ]
        if offer.address is not None
        else []
    )
    data["organization"] = organization(offer.organisation)
    rows = list(offer.translations.all())
    source = next((row for row in rows if row.language == SOURCE_LANGUAGE), None)
    data["x_translations"] = {
        row.language: {
            "name": row.title,
            "description": row.description or row.summary,
            "fees_description": row.costs,
            "application_process": row.registration,
            "eligibility_description": row.target_group,
            # Whether a reader can rely on it: current, outdated (German changed since) or machine.
            "x_status": str(translation_status(row, source)),
        }
        for row in rows
        if row.language != SOURCE_LANGUAGE and not row.is_empty()
    }
    return data


def service_at_location(offer: Offer, language: str, public_url: str) -> dict[str, Any]:
    centre = offer.organisation.centre
    assert offer.address is not None
    return {
        "id": hsds_id(centre, "service-at-location", offer.pk),
        "service_id": hsds_id(centre, "service", offer.pk),
        "location_id": hsds_id(centre, "location", offer.address_id),
        "location": location(offer.address),
        "service": service_minimal(offer, language, public_url),
    }


PROFILE = {
    "name": "Anlaufstelle HSDS 3.0 profile",
    "based_on": "https://docs.openreferral.org/en/3.0/",
    "extensions": {
        "x_translations": (
            "On full service objects: an object keyed by ISO 639-1 language code (en, ar, uk, tr) whose values hold "
            "the translated name, description, fees_description, application_process and "
            "eligibility_description, and x_status: current (made from the present German text), outdated (the "
            "German text changed since; the translation may be wrong) or machine (machine-translated, not yet "
            "reviewed). The main fields are German (or the language asked for with ?lang=, falling "
            "back to German per field)."
        ),
        "lang": "Query parameter on every endpoint: the language of the main text fields and taxonomy term names.",
    },
    "identifiers": "UUIDv5, stable per centre and record.",
}

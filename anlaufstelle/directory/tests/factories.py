"""Test data for the directory: offers saved through the action, and a small sample directory."""

from __future__ import annotations

import datetime
from typing import Any

from django_scopes import scope, scopes_disabled

from anlaufstelle.core.languages import encode_codes
from anlaufstelle.directory.actions import offer_save
from anlaufstelle.directory.models import Offer
from anlaufstelle.partners.tests.factories import AddressFactory, OrganisationFactory


def make_offer(centre: Any, title: str, **data: Any) -> Offer:
    """A published offer with a German title and summary (or `texts`), by a new provider unless given."""
    texts = data.pop("texts", {"de": {"title": title, "summary": f"Kurzbeschreibung {title}"}})
    with scope(centre=centre):
        organisation = data.pop("organisation", None) or OrganisationFactory(centre=centre, name=f"Träger {title}")
        return offer_save(
            centre=centre,
            actor=None,
            data={"organisation": organisation, "status": "published", **data},
            texts=texts,
        )


def make_directory(centre: Any, other_centre: Any) -> dict[str, Any]:
    """A course with every field and two languages, a closed sport offer, a draft, and a foreign offer."""
    with scopes_disabled():
        vhs = OrganisationFactory(
            centre=centre,
            name="Volkshochschule",
            website="https://vhs.example",
            email="info@vhs.example",
            phone="02151 1",
        )
        address = AddressFactory(organisation=vhs, postcode="47798")
    course = make_offer(
        centre,
        "Integrationskurs",
        organisation=vhs,
        address=address,
        areas=encode_codes(["language"]),
        age_groups=encode_codes(["adults"]),
        languages=encode_codes(["de", "ar"]),
        contact_phone="02151 2",
        contact_email="kurs@vhs.example",
        last_reviewed_on=datetime.date(2026, 5, 1),
        texts={
            "de": {"title": "Integrationskurs", "description": "Deutsch lernen", "costs": "kostenlos"},
            "ar": {"title": "دورة الاندماج", "description": "تعلم الألمانية"},
        },
    )
    sport = make_offer(
        centre,
        "Fußball für Kinder",
        areas=encode_codes(["sport_leisure"]),
        age_groups=encode_codes(["children"]),
        temporarily_closed=True,
    )
    make_offer(centre, "Entwurf", status="draft")
    make_offer(other_centre, "Fremd")
    return {"course": course, "sport": sport, "vhs": vhs}

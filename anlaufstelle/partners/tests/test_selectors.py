"""partners.selectors: what each read returns, and that another centre's rows never appear."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from anlaufstelle.partners import selectors
from anlaufstelle.partners.models import Organisation
from anlaufstelle.partners.tests.factories import (
    AddressFactory,
    ContactPersonFactory,
    OrganisationFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db


def test_organisation_list_is_the_centres_own_filtered_by_name(centre, other_centre) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        vhs = OrganisationFactory(centre=centre, name="Volkshochschule")
        kita = OrganisationFactory(centre=centre, name="Kita Regenbogen")
        closed = OrganisationFactory(centre=centre, name="Altes Café", is_active=False)
        OrganisationFactory(centre=other_centre, name="Volkshochschule Beispielland")
        assert list(selectors.organisation_list(centre=centre)) == [kita, vhs]
        assert list(selectors.organisation_list(centre=centre, text="Volkshochschule")) == [vhs]
        assert list(selectors.organisation_list(centre=centre, active=False)) == [closed]
        assert set(selectors.organisation_list(centre=centre, active=None)) == {vhs, kita, closed}


def test_organisation_get_refuses_a_foreign_organisation(centre, other_centre) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        own = OrganisationFactory(centre=centre)
        foreign = OrganisationFactory(centre=other_centre)
        assert selectors.organisation_get(centre=centre, pk=own.pk) == own
        with pytest.raises(Organisation.DoesNotExist):
            selectors.organisation_get(centre=centre, pk=foreign.pk)


def test_contact_counts_districts_and_tags_of_the_own_centre(centre, other_centre) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        own = OrganisationFactory(centre=centre)
        ContactPersonFactory(organisation=own)
        ContactPersonFactory(organisation=own)
        AddressFactory(organisation=own, district="Mitte")
        foreign = OrganisationFactory(centre=other_centre)
        AddressFactory(organisation=foreign, district="Nord")
        tag = TagFactory(centre=centre)
        TagFactory(centre=other_centre)
        [counted] = selectors.with_contact_counts(selectors.organisation_list(centre=centre))
        assert counted.contact_count == 2  # type: ignore[attr-defined]
        assert selectors.districts(centre=centre) == ["Mitte"]
        assert list(selectors.tags(centre=centre)) == [tag]


def test_duplicates_are_found_within_the_centre_only(centre, other_centre) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        first = OrganisationFactory(centre=centre, name="Caritas e.V.")
        second = OrganisationFactory(centre=centre, name="Caritas")
        OrganisationFactory(centre=other_centre, name="Caritas e. V.")
        groups = selectors.duplicate_candidates(centre=centre)
        assert [(group.reason, set(group.organisations)) for group in groups] == [("name", {first, second})]

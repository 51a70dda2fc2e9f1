"""directory.selectors: what each read returns, and that another centre's rows never appear."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from anlaufstelle.directory import selectors
from anlaufstelle.directory.tests.factories import make_offer
from anlaufstelle.partners.tests.factories import AddressFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_published_are_the_centres_published_offers_only(centre, other_centre) -> None:  # type: ignore[no-untyped-def]
    course = make_offer(centre, "Deutschkurs")
    make_offer(centre, "Entwurf", status="draft")
    make_offer(other_centre, "Deutschkurs drüben")
    with scopes_disabled():
        assert list(selectors.published(centre=centre)) == [course]


def test_search_finds_words_in_the_own_centre_only(centre, other_centre) -> None:  # type: ignore[no-untyped-def]
    course = make_offer(centre, "Deutschkurs am Abend")
    make_offer(centre, "Kita Sonnenschein")
    make_offer(other_centre, "Deutschkurs am Morgen")
    with scopes_disabled():
        found = selectors.search(centre=centre, text="Deutschkurs")
        assert [offer.pk for offer in found.offers] == [course.pk]
        assert {offer.centre_id for offer in selectors.search(centre=centre).offers} == {centre.pk}


def test_staff_offers_list_every_status_of_the_own_centre_and_filter(centre, other_centre) -> None:  # type: ignore[no-untyped-def]
    course = make_offer(centre, "Deutschkurs")
    draft = make_offer(centre, "Elterncafé", status="draft")
    make_offer(other_centre, "Fremd")
    with scopes_disabled():
        assert set(selectors.staff_offers(centre=centre)) == {course, draft}
        assert list(selectors.staff_offers(centre=centre, status="draft")) == [draft]
        assert list(selectors.staff_offers(centre=centre, text="elterncafe")) == [draft]
        # Never reviewed: due for review.
        assert set(selectors.staff_offers(centre=centre, due=True)) == {course, draft}


def test_districts_are_those_of_the_centres_published_offers(centre, other_centre) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        here = AddressFactory(organisation=OrganisationFactory(centre=centre), district="Mitte")
        hidden = AddressFactory(organisation=OrganisationFactory(centre=centre), district="Süd")
        there = AddressFactory(organisation=OrganisationFactory(centre=other_centre), district="Nord")
    make_offer(centre, "Kurs", organisation=here.organisation, address=here)
    make_offer(centre, "Entwurf", organisation=hidden.organisation, address=hidden, status="draft")
    make_offer(other_centre, "Fremd", organisation=there.organisation, address=there)
    with scopes_disabled():
        assert selectors.districts(centre=centre) == ["Mitte"]

"""Writes of the partner register: save, addresses, contacts, merge."""

from __future__ import annotations

import pytest
from django_scopes import scope, scopes_disabled
from django_scopes.exceptions import ScopeError

from anlaufstelle.core.models import AuditEntry, Membership
from anlaufstelle.core.roles import Role
from anlaufstelle.partners import actions, selectors
from anlaufstelle.partners.models import Address, ContactPerson, Organisation
from anlaufstelle.partners.tests.factories import AddressFactory, ContactPersonFactory, OrganisationFactory, TagFactory


@pytest.fixture
def actor(centre, member_factory):  # type: ignore[no-untyped-def]
    return member_factory(centre, Role.EDITOR)


def test_query_without_centre_scope_fails_loudly(db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ScopeError):
        list(Organisation.objects.all())
    with pytest.raises(ScopeError):
        ContactPerson.objects.filter(last_name="x").count()


def test_scope_limits_queries_to_the_centre(centre, other_centre) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        OrganisationFactory(centre=centre, name="Mine")
        OrganisationFactory(centre=other_centre, name="Theirs")
    with scope(centre=centre):
        assert [o.name for o in Organisation.objects.all()] == ["Mine"]


def test_first_address_becomes_main_and_main_is_unique(centre, actor) -> None:  # type: ignore[no-untyped-def]
    with scope(centre=centre):
        org = OrganisationFactory(centre=centre)
        data = {"street": "A-Str. 1", "postcode": "47798", "city": "Musterstadt"}
        first = actions.address_save(organisation=org, actor=actor, data={**data, "is_primary": False})
        assert first.is_primary
        second = actions.address_save(organisation=org, actor=actor, data={**data, "is_primary": True})
        first.refresh_from_db()
        assert second.is_primary and not first.is_primary
        actions.address_delete(address=second, actor=actor)
        first.refresh_from_db()
        assert first.is_primary


def test_contact_without_consent_keeps_no_consent_date(centre, actor) -> None:  # type: ignore[no-untyped-def]
    import datetime

    with scope(centre=centre):
        org = OrganisationFactory(centre=centre)
        contact = actions.contact_save(
            organisation=org,
            actor=actor,
            data={
                "first_name": "A",
                "last_name": "B",
                "consent_to_contact": False,
                "consent_given_on": datetime.date(2026, 1, 1),
            },
        )
        assert contact.consent_given_on is None


def test_merge_moves_everything_and_fills_gaps(centre, actor) -> None:  # type: ignore[no-untyped-def]
    with scope(centre=centre):
        tag_a, tag_b = TagFactory(centre=centre), TagFactory(centre=centre)
        keep = OrganisationFactory(centre=centre, name="Caritasverband Musterstadt", email="")
        keep.tags.add(tag_a)
        dupe = OrganisationFactory(
            centre=centre,
            name="Caritasverband e. V. Musterstadt",
            email="info@caritas.example",
            website="https://caritas.example",
        )
        dupe.tags.add(tag_a, tag_b)
        AddressFactory(organisation=keep)
        AddressFactory(organisation=dupe)
        ContactPersonFactory(organisation=dupe)
        member = Membership.objects.create(user=actor, centre=centre, role=Role.PARTNER, organisation=dupe)

        merged = actions.organisation_merge(target=keep, duplicate=dupe, actor=actor)

        assert not Organisation.objects.filter(pk=dupe.pk).exists()
        assert merged.email == "info@caritas.example" and merged.website == "https://caritas.example"
        assert set(merged.tags.all()) == {tag_a, tag_b}
        assert Address.objects.filter(organisation=keep).count() == 2
        assert Address.objects.filter(organisation=keep, is_primary=True).count() == 1
        assert ContactPerson.objects.filter(organisation=keep).count() == 1
        member.refresh_from_db()
        assert member.organisation_id == keep.pk
        entry = AuditEntry.objects.get(kind=AuditEntry.Kind.MERGE)
        assert entry.changes["email"] == ["", "info@caritas.example"]
        assert entry.changes["moved_records"][1] == {
            "core.membership": 1,
            "partners.address": 1,
            "partners.contactperson": 1,
        }


def test_merge_refuses_same_or_foreign(centre, other_centre, actor) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        a = OrganisationFactory(centre=centre)
        b = OrganisationFactory(centre=other_centre)
        with pytest.raises(ValueError):
            actions.organisation_merge(target=a, duplicate=a, actor=actor)
        with pytest.raises(ValueError):
            actions.organisation_merge(target=a, duplicate=b, actor=actor)


def test_duplicate_candidates_ignore_legal_form_and_case(centre) -> None:  # type: ignore[no-untyped-def]
    with scope(centre=centre):
        a = OrganisationFactory(centre=centre, name="Deutsch-Syrischer Kulturverein e.V.")
        b = OrganisationFactory(centre=centre, name="deutsch syrischer kulturverein")
        OrganisationFactory(centre=centre, name="Ganz anderer Verein")
        groups = selectors.duplicate_candidates(centre=centre)
    assert [{o.pk for o in g.organisations} for g in groups] == [{a.pk, b.pk}]


def test_search_finds_words_across_fields(centre) -> None:  # type: ignore[no-untyped-def]
    with scope(centre=centre):
        school = OrganisationFactory(
            centre=centre, name="Gesamtschule Mitte", kind=Organisation.Kind.SCHOOL, school_number="123456"
        )
        AddressFactory(organisation=school, district="Nordstadt")
        OrganisationFactory(centre=centre, name="Kita Sonnenschein")
        assert list(selectors.organisation_list(centre=centre, text="gesamtschule nordstadt")) == [school]
        assert list(selectors.organisation_list(centre=centre, text="123456")) == [school]
        assert list(selectors.organisation_list(centre=centre, kind="school")) == [school]

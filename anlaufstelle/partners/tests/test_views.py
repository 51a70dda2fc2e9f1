"""Partner register screens: search with htmx, forms with clear errors, query budgets, merge flow."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from anlaufstelle.core.roles import Role
from anlaufstelle.core.tests.budget import query_budget
from anlaufstelle.partners.models import Organisation
from anlaufstelle.partners.tests.factories import AddressFactory, ContactPersonFactory, OrganisationFactory, TagFactory


def list_url(centre) -> str:  # type: ignore[no-untyped-def]
    return reverse("partners:list", kwargs={"centre": centre.slug})


def make_orgs(centre, count: int) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        tag = TagFactory(centre=centre)
        for _ in range(count):
            org = OrganisationFactory(centre=centre)
            org.tags.add(tag)
            AddressFactory(organisation=org)
            ContactPersonFactory(organisation=org)


def test_list_query_count_does_not_grow_with_rows(admin_client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    make_orgs(centre, 3)
    admin_client.get(list_url(centre))  # warm-up: the first request also writes the session
    with query_budget() as few:
        assert admin_client.get(list_url(centre)).status_code == 200
    make_orgs(centre, 20)
    with query_budget(15) as many:
        assert admin_client.get(list_url(centre)).status_code == 200
    many.assert_exactly(few.count)


def test_detail_query_count_does_not_grow_with_contacts(admin_client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        org = OrganisationFactory(centre=centre)
        ContactPersonFactory(organisation=org)
    url = reverse("partners:detail", kwargs={"centre": centre.slug, "pk": org.pk})
    admin_client.get(url)  # warm-up: the first request also writes the session
    with query_budget() as few:
        admin_client.get(url)
    with scopes_disabled():
        for _ in range(10):
            ContactPersonFactory(organisation=org)
            AddressFactory(organisation=org, is_primary=False)
    with query_budget() as many:
        admin_client.get(url)
    many.assert_exactly(few.count)


def test_htmx_search_returns_only_the_results_fragment(admin_client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        OrganisationFactory(centre=centre, name="Kita Pusteblume", kind="kita")
        OrganisationFactory(centre=centre, name="Jobcenter Musterstadt", kind="jobcenter")
    response = admin_client.get(list_url(centre), {"q": "pusteblume"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Kita Pusteblume" in html and "Jobcenter" not in html
    assert "<html" not in html and 'id="results"' in html
    full = admin_client.get(list_url(centre), {"q": "pusteblume"}).content.decode()
    assert "<html" in full


def test_bad_query_string_does_not_break_the_list(admin_client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    response = admin_client.get(list_url(centre), {"kind": "<script>", "tag": "abc", "page": "-5", "district": "x"})
    assert response.status_code == 200


def test_create_with_bad_input_shows_errors_and_keeps_values(admin_client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    url = reverse("partners:create", kwargs={"centre": centre.slug})
    response = admin_client.post(
        url,
        {
            "name": "Kita Regenbogen",
            "kind": "kita",
            "school_number": "12",
            "email": "kein-mail",
            "website": "nicht eine url",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"school_number", "email", "website"} <= set(errors)
    assert 'value="Kita Regenbogen"' in response.content.decode()
    with scopes_disabled():
        assert not Organisation.objects.exists()


def test_create_school_with_new_tags(admin_client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    url = reverse("partners:create", kwargs={"centre": centre.slug})
    response = admin_client.post(
        url,
        {
            "name": "Realschule am Wall",
            "kind": "school",
            "school_number": "198765",
            "school_form": "realschule",
            "new_tags": "Seiteneinstieg, Schule",
            "is_active": "on",
            "website": "realschule.example",
        },
    )
    assert response.status_code == 302
    with scope(centre=centre):
        school = Organisation.objects.get()
        assert sorted(t.name for t in school.tags.all()) == ["Schule", "Seiteneinstieg"]
        assert school.website == "https://realschule.example"


def test_school_number_is_unique_per_centre_with_a_clear_message(admin_client: Client, centre, other_centre) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        OrganisationFactory(centre=centre, kind="school", school_number="111111")
        OrganisationFactory(centre=other_centre, kind="school", school_number="222222")
    url = reverse("partners:create", kwargs={"centre": centre.slug})
    clash = admin_client.post(url, {"name": "X", "kind": "school", "school_number": "111111"})
    assert "school_number" in clash.context["form"].errors
    other = admin_client.post(url, {"name": "Y", "kind": "school", "school_number": "222222"})
    assert other.status_code == 302


def test_contact_consent_needs_a_date(admin_client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        org = OrganisationFactory(centre=centre)
    url = reverse("partners:contact_create", kwargs={"centre": centre.slug, "pk": org.pk})
    response = admin_client.post(url, {"first_name": "Erika", "last_name": "M", "consent_to_contact": "on"})
    assert "consent_given_on" in response.context["form"].errors
    response = admin_client.post(
        url, {"first_name": "Erika", "last_name": "M", "consent_to_contact": "on", "consent_given_on": "2026-01-15"}
    )
    assert response.status_code == 302


def test_merge_flow(admin_client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        a = OrganisationFactory(centre=centre, name="AWO Kreisverband")
        b = OrganisationFactory(centre=centre, name="AWO Kreisverband e.V.")
    dupes = admin_client.get(reverse("partners:duplicates", kwargs={"centre": centre.slug}))
    assert len(dupes.context["groups"]) == 1
    url = reverse("partners:merge", kwargs={"centre": centre.slug, "pk": a.pk, "other_pk": b.pk})
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, {"keep": "999"}).status_code == 200  # invalid choice: error, nothing merged
    response = admin_client.post(url, {"keep": str(b.pk)})
    assert response.status_code == 302
    with scopes_disabled():
        assert list(Organisation.objects.values_list("pk", flat=True)) == [b.pk]


def test_delete_organisation_needs_confirmation(admin_client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        org = OrganisationFactory(centre=centre)
    url = reverse("partners:delete", kwargs={"centre": centre.slug, "pk": org.pk})
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url).status_code == 302
    with scopes_disabled():
        assert not Organisation.objects.exists()


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.EVENTS_ORGANISER])
def test_readers_see_but_only_editors_change(client: Client, centre, member_factory, login, role) -> None:  # type: ignore[no-untyped-def]
    login(member_factory(centre, role))
    with scopes_disabled():
        org = OrganisationFactory(centre=centre)
    detail = client.get(reverse("partners:detail", kwargs={"centre": centre.slug, "pk": org.pk}))
    assert detail.status_code == 200
    assert detail.context["can_change"] is (role == Role.CASEWORKER)


def test_organisation_with_partner_accounts_is_not_deleted(admin_client: Client, centre, member_factory) -> None:  # type: ignore[no-untyped-def]
    from anlaufstelle.core.models import Membership

    with scopes_disabled():
        org = OrganisationFactory(centre=centre)
    partner = member_factory(centre, Role.VOLUNTEER)
    Membership.objects.create(user=partner, centre=centre, role=Role.PARTNER, organisation=org)
    response = admin_client.post(reverse("partners:delete", kwargs={"centre": centre.slug, "pk": org.pk}))
    assert response.status_code == 302
    with scopes_disabled():
        assert Organisation.objects.filter(pk=org.pk).exists()


def test_error_pages_are_translated(client: Client, db) -> None:  # type: ignore[no-untyped-def]
    assert "Seite nicht gefunden" in client.get("/gibt-es-nicht/").content.decode()
    assert "Page not found" in client.get("/en/gibt-es-nicht/").content.decode()

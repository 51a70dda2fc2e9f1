"""The staff search across modules: each kind only for the roles that may see it, only this centre, audited."""

from __future__ import annotations

import itertools

import pytest
from django.urls import reverse
from django.utils.translation import gettext
from django_scopes import scopes_disabled

from anlaufstelle.core.access import permissions_of
from anlaufstelle.core.models import AuditEntry, Membership
from anlaufstelle.core.roles import Role
from anlaufstelle.core.tests.budget import query_budget
from anlaufstelle.directory.tests.factories import make_offer
from anlaufstelle.events.models import Registration, RegistrationGroup
from anlaufstelle.events.tests.factories import make_event
from anlaufstelle.newcomers.tests.factories import ChildFactory, GuardianFactory
from anlaufstelle.partners.tests.factories import ContactPersonFactory, OrganisationFactory
from anlaufstelle.volunteers.tests.factories import VolunteerFactory, make_request
from anlaufstelle.workspace.search import LIMIT
from conftest import verify

pytestmark = pytest.mark.django_db

WORD = "Zeder"
_n = itertools.count()


def _seed(centre, n: int = 1) -> None:
    """`n` records of every kind, each holding WORD where that kind is searched."""
    with scopes_disabled():
        for _ in range(n):
            i = next(_n)
            child = ChildFactory(centre=centre, family__centre=centre, first_name=f"Mira{i}", last_name=f"{WORD}{i}")
            GuardianFactory(family=child.family, centre=centre, last_name=f"{WORD}{i}")
            organisation = OrganisationFactory(centre=centre, name=f"{WORD}verein {i}")
            ContactPersonFactory(organisation=organisation, centre=centre, last_name=f"{WORD}berg{i}")
            make_offer(centre, f"{WORD}kurs {i}")
            event = make_event(centre, title=f"{WORD}fest {i}")
            group = RegistrationGroup.objects.create(
                centre=centre,
                contact_name="K",
                contact_email="k@example.org",
                confirm_token_hash=f"c{centre.pk}-{i}",
                manage_token_hash=f"m{centre.pk}-{i}",
            )
            Registration.objects.create(
                centre=centre,
                group=group,
                session=event.sessions.first(),
                first_name="Pia",
                last_name=f"{WORD}{i}",
                token_hash=f"t{centre.pk}-{i}",
            )
            VolunteerFactory(centre=centre, first_name="Ola", last_name=f"{WORD}{i}", email=f"ola{i}@example.org")
            make_request(centre, hour=8 + i % 8, place=f"{WORD}schule {i}")


def _reads(**kwargs):
    with scopes_disabled():
        return AuditEntry.objects.filter(kind=AuditEntry.Kind.READ, **kwargs).all()


def _search(client, centre, q=WORD):
    return client.get(reverse("workspace:search", kwargs={"centre": centre.slug}), {"q": q})


def _kinds(response) -> set[str]:
    return {str(group.kind) for group in response.context["groups"]}


def _urls(response) -> list[str]:
    return [hit.url for group in response.context["groups"] for hit in group.hits]


FAMILIES = {"Children", "Families"}
PARTNERS = {"Partner organisations", "Contact persons"}
OFFERS = {"Offers"}
EVENTS = {"Events", "Registrations"}
VOLUNTEERS = {"Volunteers", "Interpreting requests"}

# Which permission lets a person find which kinds (each module's own pages ask for the same).
BY_PERMISSION = {
    "newcomers.view_families": FAMILIES,
    "partners.view": PARTNERS,
    "directory.view": OFFERS,
    "events.manage": EVENTS,
    "volunteers.view": {"Volunteers"},
    "volunteers.manage_requests": {"Interpreting requests"},
}
ROLES = [
    Role.CASEWORKER,
    Role.SCHOOL_AUTHORITY,
    Role.EDITOR,
    Role.EVENTS_ORGANISER,
    Role.VOLUNTEER_COORDINATOR,
    Role.CENTRE_ADMIN,
    Role.COUNCIL_CLERK,
]


def _expected(role) -> set[str]:
    perms = permissions_of({role})
    return set().union(*(kinds for perm, kinds in BY_PERMISSION.items() if perm in perms))


@pytest.mark.parametrize("role", ROLES)
def test_each_role_finds_only_the_kinds_it_may_see_and_only_in_its_centre(
    role, client, centre, other_centre, member_factory
):
    _seed(centre)
    _seed(other_centre)
    verify(client, member_factory(centre, role))
    response = _search(client, centre)
    assert response.status_code == 200
    assert _kinds(response) == {gettext(kind) for kind in _expected(role)}
    urls = _urls(response)
    assert bool(urls) == bool(_expected(role))
    assert all(f"/{centre.slug}/" in url for url in urls), urls
    assert not any(f"/{other_centre.slug}/" in url for url in urls)
    assert other_centre.name not in response.content.decode()


def test_a_foreign_centres_records_are_never_found(client, centre, other_centre, member_factory):
    _seed(other_centre, 2)
    user = member_factory(centre, Role.CASEWORKER)
    verify(client, user)
    response = _search(client, centre)
    assert response.context["groups"] == []
    assert WORD.encode() in response.content  # the query is echoed, nothing else
    assert not _reads(actor=user).exists()


def test_a_person_in_two_centres_finds_each_centres_records_only_there(client, centre, other_centre, member_factory):
    _seed(centre)
    _seed(other_centre)
    user = member_factory(centre, Role.CASEWORKER)
    Membership.objects.create(user=user, centre=other_centre, role=Role.EDITOR)
    verify(client, user)
    here = _search(client, centre)
    there = _search(client, other_centre)
    assert gettext("Children") in _kinds(here)
    assert gettext("Children") not in _kinds(there)  # an editor there: no families
    assert all(f"/{other_centre.slug}/" in url for url in _urls(there))


def test_a_partner_and_a_school_contact_find_no_staff_records(client, centre, member_factory):
    _seed(centre)
    for role in (Role.PARTNER, Role.SCHOOL_CONTACT):
        user = member_factory(centre, role)
        verify(client, user)
        response = _search(client, centre)
        # A partner has no internal area at all or finds nothing there.
        assert response.status_code in (200, 403, 404)
        if response.status_code == 200:
            assert response.context["groups"] == [] or _kinds(response) <= {"Angebote", "Offers"}
        client.logout()


def test_finding_children_and_families_is_audited_as_a_read(client, centre, member_factory):
    _seed(centre)
    user = member_factory(centre, Role.CASEWORKER)
    verify(client, user)
    _search(client, centre)
    actions = set(_reads(actor=user).values_list("action", flat=True))
    assert {"newcomers.child.search", "newcomers.family.search"} <= actions


def test_a_short_query_finds_and_audits_nothing(client, centre, member_factory):
    _seed(centre)
    user = member_factory(centre, Role.CASEWORKER)
    verify(client, user)
    response = _search(client, centre, "Z")
    assert response.context["groups"] == []
    assert response.context["too_short"]
    assert not _reads(actor=user).exists()


def test_every_word_must_match(client, centre, member_factory):
    _seed(centre, 3)
    verify(client, member_factory(centre, Role.CASEWORKER))
    with scopes_disabled():
        from anlaufstelle.newcomers.models import Child

        child = Child.objects.filter(centre=centre).order_by("pk").first()
    response = _search(client, centre, f"{child.first_name} {child.last_name}")
    children = next(g for g in response.context["groups"] if str(g.kind) == gettext("Children"))
    assert [h.label for h in children.hits] == [f"{child.first_name} {child.last_name}"]


@pytest.mark.parametrize(
    "role", [Role.CASEWORKER, Role.VOLUNTEER_COORDINATOR, Role.EVENTS_ORGANISER, Role.CENTRE_ADMIN]
)
def test_the_query_count_is_constant_in_the_number_of_records(role, client, centre, member_factory):
    _seed(centre, 1)
    verify(client, member_factory(centre, role))
    _search(client, centre)  # the first request of a session writes it once
    with query_budget() as few:
        _search(client, centre)
    _seed(centre, LIMIT + 3)
    with query_budget(few.count, label="search with many records") as many:
        response = _search(client, centre)
    many.assert_exactly(few.count)
    assert any(group.more for group in response.context["groups"])
    assert all(len(group.hits) <= LIMIT for group in response.context["groups"])


def test_the_start_page_has_the_search_box(client, centre, member_factory):
    verify(client, member_factory(centre, Role.CASEWORKER))
    response = client.get(reverse("core:dashboard", kwargs={"centre": centre.slug}))
    assert reverse("workspace:search", kwargs={"centre": centre.slug}).encode() in response.content
    assert b'type="search"' in response.content


def test_the_role_table_gives_families_to_caseworkers_only():
    assert [r for r in Role if "newcomers.view_families" in permissions_of({r})] == [Role.CASEWORKER]

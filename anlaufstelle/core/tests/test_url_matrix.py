"""Every URL × every role × both centres: nobody sees more than their role allows, and a
foreign centre's data answers 404. The catalogue must name every URL of the site."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_scopes import scopes_disabled

from anlaufstelle.core.models import BackgroundJob, Membership
from anlaufstelle.core.roles import ALL_ROLES, PERMISSIONS, Role
from anlaufstelle.core.tests.url_catalogue import CATALOGUE, PUBLIC, make_objects, url_of
from conftest import verify


def all_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str = "") -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(namespace + pattern.name)

    walk(get_resolver().url_patterns)
    return names


def test_catalogue_names_every_url() -> None:
    assert all_url_names() == set(CATALOGUE), "Add new URLs to CATALOGUE with the permission they need."


def test_catalogue_permissions_exist() -> None:
    for _builder, permission, _status in CATALOGUE.values():
        assert permission == PUBLIC or permission in PERMISSIONS


def test_every_view_declares_its_permission() -> None:
    resolver = get_resolver()
    for name, (builder, permission, _status) in CATALOGUE.items():
        if builder is None:
            continue
        # Build a URL with dummy arguments just to find the view function.
        kwargs = {
            "centre": "x",
            "pk": 1,
            "language": "de",
            "address_pk": 1,
            "contact_pk": 1,
            "child_pk": 1,
            "kind": "invitation",
            "school_pk": 1,
            "other_pk": 2,
            "uidb64": "MQ",
            "token": "t",
            "year": 2026,
        }
        if name.startswith("core:job"):
            kwargs["pk"] = "00000000-0000-0000-0000-000000000000"  # type: ignore[assignment]
        for candidate in _subsets(kwargs):
            try:
                url = reverse(name, kwargs=candidate)
                break
            except Exception:  # noqa: BLE001, S112 - try the next combination
                continue
        view = resolver.resolve(url).func
        declared = getattr(view, "required_permission", "undeclared")
        assert declared == (None if permission == PUBLIC else permission), name


def _subsets(kwargs: dict[str, Any]) -> list[dict[str, Any]]:
    keys = list(kwargs)
    result = []
    for mask in range(1 << len(keys)):
        result.append({k: kwargs[k] for i, k in enumerate(keys) if mask & (1 << i)})
    return sorted(result, key=len)


@pytest.fixture
def world(db, centre, other_centre):  # type: ignore[no-untyped-def]
    return make_objects(centre), make_objects(other_centre)


@pytest.mark.parametrize("role", sorted(ALL_ROLES))
def test_role_matrix_in_own_centre_and_foreign_centre(role: str, world, client: Client) -> None:  # type: ignore[no-untyped-def]
    own, foreign = world
    from anlaufstelle.core.tests.factories import UserFactory

    user = UserFactory()
    # A school contact acts for a school: the one whose seats and placements the catalogue uses.
    acts_for = own.quota.school if role == Role.SCHOOL_CONTACT else None
    Membership.objects.create(user=user, centre=own.centre, role=role, organisation=acts_for)
    with scopes_disabled():
        own.job = BackgroundJob.objects.create(centre=own.centre, created_by=user, kind="test", title="Test")
        foreign.job = BackgroundJob.objects.create(centre=foreign.centre, created_by=user, kind="test", title="Test")
    verify(client, user)
    failures = []
    for name, (builder, permission, ok_status) in CATALOGUE.items():
        url = url_of(name, own)
        status = client.get(url).status_code
        if permission == PUBLIC:
            expected = ok_status
        else:
            expected = ok_status if role in PERMISSIONS[permission] else 403
        if status != expected:
            failures.append(f"{role} GET {url}: {status}, expected {expected}")
        if builder is not None and permission != PUBLIC:
            # The foreign centre's own URLs: not a member there -> 404.
            url = url_of(name, foreign)
            status = client.get(url).status_code
            if status != 404:
                failures.append(f"{role} GET foreign {url}: {status}, expected 404")
            # The foreign centre's objects through the own centre's URLs -> 404.
            crossed = builder(foreign)
            if set(crossed) - {"centre", "language", "kind"} and role in PERMISSIONS[permission]:
                crossed["centre"] = own.centre.slug
                url = reverse(name, kwargs=crossed)
                # POST-only views are probed with POST: the foreign object must stay invisible.
                status = (client.post(url) if ok_status == 405 else client.get(url)).status_code
                if status != 404:
                    failures.append(f"{role} GET crossed {url}: {status}, expected 404")
    assert not failures, "\n".join(failures)


def test_anonymous_is_sent_to_sign_in(world, client: Client) -> None:  # type: ignore[no-untyped-def]
    own, _foreign = world
    with scopes_disabled():
        own.job = BackgroundJob.objects.create(centre=own.centre, kind="test", title="Test")
    for name, (_builder, permission, ok_status) in CATALOGUE.items():
        url = url_of(name, own)
        response = client.get(url)
        if permission == PUBLIC:
            assert response.status_code == ok_status, url
        else:
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("core:login")), url


def test_signed_in_without_second_factor_is_sent_to_it(world, client: Client, member_factory) -> None:  # type: ignore[no-untyped-def]
    own, _foreign = world
    user = member_factory(own.centre, Role.CENTRE_ADMIN)
    client.force_login(user)
    response = client.get(reverse("partners:list", kwargs={"centre": own.centre.slug}))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:otp"))


def test_foreign_post_changes_nothing(world, client: Client, member_factory) -> None:  # type: ignore[no-untyped-def]
    own, foreign = world
    verify(client, member_factory(own.centre, Role.CENTRE_ADMIN))
    url = reverse("partners:edit", kwargs={"centre": own.centre.slug, "pk": foreign.organisation.pk})
    response = client.post(url, {"name": "Hijacked", "kind": "mso"})
    assert response.status_code == 404
    with scopes_disabled():
        foreign.organisation.refresh_from_db()
    assert foreign.organisation.name != "Hijacked"


def test_roles_are_the_issue_list() -> None:
    assert {r.value for r in Role} == {
        "centre_admin",
        "caseworker",
        "volunteer_coordinator",
        "editor",
        "events_organiser",
        "council_clerk",
        "grants_officer",
        "partner",
        "school_authority",
        "school_contact",
        "volunteer",
        "state_analyst",
    }

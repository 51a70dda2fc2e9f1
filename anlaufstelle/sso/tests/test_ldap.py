"""Staff sign in with their town's LDAP / Active Directory account (issue 18, item 2), against
Debian's slapd on loopback with TLS."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse

from anlaufstelle.core.models import AuditEntry, Membership, User
from anlaufstelle.core.roles import Role
from anlaufstelle.sso import ldap_directory, oidc
from anlaufstelle.sso.models import ExternalIdentity, IdentityProvider
from anlaufstelle.sso.tests.directory import (
    ADMIN_DN,
    ADMIN_PASSWORD,
    PEOPLE,
    SUFFIX,
    RunningDirectory,
    running_directory,
)

pytestmark = [pytest.mark.security, pytest.mark.usefixtures("unscoped")]


@pytest.fixture
def town_directory(monkeypatch) -> Iterator[RunningDirectory]:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("MUSTERSTADT_LDAP_PASSWORD", ADMIN_PASSWORD)
    with running_directory() as running:
        yield running


def configure(centre: Any, directory: RunningDirectory, **extra: Any) -> IdentityProvider:
    values: dict[str, Any] = {
        "kind": IdentityProvider.Kind.LDAP,
        "enabled": True,
        "ldap_uri": directory.uri,
        "ldap_start_tls": True,
        "ldap_ca_file": directory.ca_file,
        "ldap_bind_dn": ADMIN_DN,
        "ldap_bind_password_env": "MUSTERSTADT_LDAP_PASSWORD",
        "ldap_user_base": f"ou=people,{SUFFIX}",
        "ldap_group_base": f"ou=groups,{SUFFIX}",
        "role_map": {"ki-beratung": [Role.CASEWORKER], "ki-leitung": [Role.CENTRE_ADMIN]},
        "create_accounts": True,
        **extra,
    }
    return IdentityProvider.objects.create(centre=centre, **values)


def post(client, centre, login: str, password: str) -> Any:  # type: ignore[no-untyped-def]
    return client.post(reverse("sso:start", kwargs={"centre": centre.slug}), {"login": login, "password": password})


def test_staff_sign_in_with_the_directory_password_then_the_second_factor(client, centre, town_directory) -> None:  # type: ignore[no-untyped-def]
    configure(centre, town_directory)
    assert client.get(reverse("sso:start", kwargs={"centre": centre.slug})).status_code == 200
    response = post(client, centre, "berk", PEOPLE["berk"][2])
    assert response.status_code == 302 and response["Location"].startswith(reverse("core:otp"))
    user = User.objects.get(email="berk@stadt.example")
    roles = set(Membership.objects.filter(user=user, centre=centre, is_active=True).values_list("role", flat=True))
    assert roles == {Role.CASEWORKER, Role.CENTRE_ADMIN}
    assert not user.has_usable_password()
    # A directory password is one factor: the platform's TOTP is still asked.
    dashboard = client.get(reverse("core:dashboard", kwargs={"centre": centre.slug}))
    assert dashboard.status_code == 302 and dashboard["Location"].startswith(reverse("core:otp"))
    identity = ExternalIdentity.objects.get(user=user)
    assert identity.subject and identity.subject != "berk"  # entryUUID, stable across renames
    assert AuditEntry.objects.filter(action="sso.sign_in", actor=user).exists()


def test_sign_in_by_e_mail_address_too(client, centre, town_directory) -> None:  # type: ignore[no-untyped-def]
    configure(centre, town_directory)
    assert post(client, centre, "anna.beispiel@stadt.example", PEOPLE["anna"][2]).status_code == 302


@pytest.mark.parametrize(
    ("login", "password"),
    [
        ("anna", "wrong"),
        ("anna", ""),  # an empty password would be an anonymous bind
        ("nobody", "Anna-Passwort-1"),
        ("*", "Anna-Passwort-1"),  # filter injection
        ("anna)(uid=*", "Anna-Passwort-1"),
    ],
)
def test_wrong_names_passwords_and_filter_tricks_are_refused(client, centre, town_directory, login, password) -> None:  # type: ignore[no-untyped-def]
    configure(centre, town_directory)
    response = post(client, centre, login, password)
    assert response.status_code in (200, 403)
    assert "_auth_user_id" not in client.session
    assert not User.objects.exists()


def test_groups_without_a_role_give_no_access(client, centre, town_directory) -> None:  # type: ignore[no-untyped-def]
    configure(centre, town_directory)
    assert post(client, centre, "carla", PEOPLE["carla"][2]).status_code == 403
    assert not User.objects.exists()


def test_repeated_wrong_passwords_are_slowed_down(client, centre, town_directory) -> None:  # type: ignore[no-untyped-def]
    configure(centre, town_directory)
    for _attempt in range(6):
        post(client, centre, "anna", "wrong")
    response = post(client, centre, "anna", PEOPLE["anna"][2])
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_password_never_travels_unencrypted(centre, town_directory) -> None:  # type: ignore[no-untyped-def]
    # Without the CA the server's certificate cannot be checked: no bind happens at all.
    provider = configure(centre, town_directory, ldap_ca_file="/etc/ssl/certs/nonexistent.pem")
    with pytest.raises(oidc.ProviderUnavailable):
        ldap_directory.authenticate(provider, login="anna", password=PEOPLE["anna"][2])


def test_a_directory_that_does_not_answer_gives_a_clear_message(client, centre) -> None:  # type: ignore[no-untyped-def]
    IdentityProvider.objects.create(
        centre=centre,
        kind=IdentityProvider.Kind.LDAP,
        enabled=True,
        ldap_uri="ldap://127.0.0.1:9",
        ldap_user_base="ou=people,dc=x",
        role_map={"a": [Role.EDITOR]},
    )
    response = post(client, centre, "anna", "whatever")
    assert response.status_code == 502
    assert response.context["form"].non_field_errors()


def test_member_of_attribute_when_no_group_base(centre, town_directory) -> None:  # type: ignore[no-untyped-def]
    # Active Directory style: groups read from memberOf. slapd here has no memberof overlay, so
    # the person has no groups and gets no role: refused, not guessed.
    provider = configure(centre, town_directory, ldap_group_base="")
    claims = ldap_directory.authenticate(provider, login="anna", password=PEOPLE["anna"][2])
    assert claims["groups"] == []

"""The centre admin connects the centre to the town's provider; every bad entry gets a clear message."""

from __future__ import annotations

import pytest
from django.urls import reverse

from anlaufstelle.core.models import AuditEntry
from anlaufstelle.core.roles import Role
from anlaufstelle.sso.models import IdentityProvider

pytestmark = pytest.mark.usefixtures("unscoped")

GOOD = {
    "kind": "oidc",
    "ldap_user_filter": "(|(uid={login})(mail={login}))",
    "ldap_id_attribute": "entryUUID",
    "enabled": "on",
    "label": "Konto der Stadt",
    "issuer": "https://login.stadt.example/realms/ki/",
    "client_id": "anlaufstelle",
    "client_secret_env": "MUSTERSTADT_OIDC_SECRET",
    "scopes": "email profile",
    "groups_claim": "groups",
    "role_lines": "ki-beratung = caseworker\nki-leitung = centre_admin, editor",
    "mfa_amr_values": "mfa otp",
    "mfa_acr_values": "",
}


def url(centre) -> str:  # type: ignore[no-untyped-def]
    return reverse("sso:provider_edit", kwargs={"centre": centre.slug})


def test_the_admin_connects_the_centre(admin_client, centre) -> None:  # type: ignore[no-untyped-def]
    assert admin_client.get(url(centre)).status_code == 200
    response = admin_client.post(url(centre), GOOD)
    assert response.status_code == 302
    provider = IdentityProvider.objects.get(centre=centre)
    assert provider.issuer == "https://login.stadt.example/realms/ki"
    assert provider.scopes == "openid email profile"
    assert provider.role_map == {"ki-beratung": [Role.CASEWORKER], "ki-leitung": [Role.CENTRE_ADMIN, Role.EDITOR]}
    assert AuditEntry.objects.filter(action="sso.provider.save", centre=centre).exists()
    # The form shows the mapping again as lines.
    assert "ki-leitung = centre_admin, editor" in admin_client.get(url(centre)).content.decode()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("role_lines", "ki-beratung"),
        ("role_lines", "ki-beratung = partner"),
        ("role_lines", "ki-beratung = chef"),
        ("client_secret_env", "hunter2-the-secret-itself"),
        ("issuer", "http://login.stadt.example"),
        ("issuer", "keine adresse"),
        ("role_lines", ""),
        ("client_id", ""),
    ],
)
def test_bad_entries_are_refused_with_a_message_and_nothing_is_saved(admin_client, centre, field, value) -> None:  # type: ignore[no-untyped-def]
    response = admin_client.post(url(centre), {**GOOD, field: value})
    assert response.status_code == 200
    assert response.context["form"].errors.get(field)
    assert not IdentityProvider.objects.exists()
    # What was typed is still there.
    assert response.context["form"].data["label"] == "Konto der Stadt"


def test_only_the_centre_admin_keeps_the_settings(client, centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    caseworker = login(member_factory(centre, Role.CASEWORKER))
    assert caseworker.get(url(centre)).status_code == 403
    assert caseworker.post(url(centre), GOOD).status_code == 403
    assert not IdentityProvider.objects.exists()


def test_the_login_page_offers_the_town_sign_in(client, centre) -> None:  # type: ignore[no-untyped-def]
    IdentityProvider.objects.create(
        centre=centre, enabled=True, issuer="https://login.stadt.example", client_id="a", role_map={"g": ["editor"]}
    )
    assert reverse("sso:choose") in client.get(reverse("core:login")).content.decode()
    page = client.get(reverse("sso:choose")).content.decode()
    assert reverse("sso:start", kwargs={"centre": centre.slug}) in page


LDAP = {
    **GOOD,
    "kind": "ldap",
    "issuer": "",
    "client_id": "",
    "ldap_uri": "ldap://ldap.stadt.example",
    "ldap_start_tls": "on",
    "ldap_bind_dn": "cn=anlaufstelle,ou=services,dc=stadt,dc=example",
    "ldap_bind_password_env": "MUSTERSTADT_LDAP_PASSWORD",
    "ldap_user_base": "ou=people,dc=stadt,dc=example",
}


def test_the_admin_connects_the_centre_to_an_ldap_directory(admin_client, centre) -> None:  # type: ignore[no-untyped-def]
    response = admin_client.post(url(centre), LDAP)
    assert response.status_code == 302, response.context["form"].errors
    provider = IdentityProvider.objects.get(centre=centre)
    assert provider.kind == "ldap" and provider.ldap_bind_password_env == "MUSTERSTADT_LDAP_PASSWORD"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ldap_start_tls": ""}, "ldap_start_tls"),  # a password would travel in clear text
        ({"ldap_uri": "http://ldap.stadt.example"}, "ldap_uri"),
        ({"ldap_uri": ""}, "ldap_uri"),
        ({"ldap_user_base": ""}, "ldap_user_base"),
        ({"ldap_user_filter": "(uid=anna)"}, "ldap_user_filter"),
        ({"ldap_bind_password_env": "the password itself"}, "ldap_bind_password_env"),
        ({"ldap_ca_file": "/no/such/ca.pem"}, "ldap_ca_file"),
    ],
)
def test_bad_ldap_entries_are_refused(admin_client, centre, changes, field) -> None:  # type: ignore[no-untyped-def]
    data = {key: value for key, value in {**LDAP, **changes}.items() if value != ""}
    response = admin_client.post(url(centre), data)
    assert response.status_code == 200
    assert response.context["form"].errors.get(field)
    assert not IdentityProvider.objects.exists()

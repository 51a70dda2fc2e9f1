"""Staff sign in through their town's OpenID Connect provider (issue 18, item 1), against a real
provider on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client
from django.urls import reverse
from joserfc import jwt
from joserfc.jwk import RSAKey

from anlaufstelle.core.models import AuditEntry, Membership, User
from anlaufstelle.core.roles import Role
from anlaufstelle.sso import oidc
from anlaufstelle.sso.models import ExternalIdentity, IdentityProvider
from anlaufstelle.sso.tests.provider import RunningProvider, running_provider

pytestmark = [pytest.mark.security, pytest.mark.usefixtures("unscoped")]


@pytest.fixture
def town(monkeypatch) -> Iterator[RunningProvider]:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("MUSTERSTADT_OIDC_SECRET", "s3cret-from-the-environment")
    with running_provider() as running:
        yield running


def configure(centre: Any, town: RunningProvider, **extra: Any) -> IdentityProvider:
    values: dict[str, Any] = {
        "enabled": True,
        "issuer": town.issuer,
        "client_id": f"anlaufstelle-{centre.slug}",
        "client_secret_env": "MUSTERSTADT_OIDC_SECRET",
        "role_map": {"ki-beratung": [Role.CASEWORKER], "ki-leitung": [Role.CENTRE_ADMIN]},
        "create_accounts": True,
        **extra,
    }
    return IdentityProvider.objects.create(centre=centre, **values)


def sign_in(client: Client, town: RunningProvider, centre: Any, sub: str, next_url: str = "") -> Any:
    start = reverse("sso:start", kwargs={"centre": centre.slug}) + (f"?next={next_url}" if next_url else "")
    response = client.get(start)
    assert response.status_code == 302, response.content[:300]
    back = urlparse(town.sign_in(response["Location"], sub))
    return client.get(back.path + "?" + back.query)


def person(town: RunningProvider, sub: str, **claims: Any) -> None:
    base = {"email": f"{sub}@stadt.example", "email_verified": True, "name": sub.title(), "groups": ["ki-beratung"]}
    town.set_user(sub, {**base, **claims})


def test_staff_sign_in_at_the_town_maps_groups_to_roles_with_pkce(client, centre, town) -> None:  # type: ignore[no-untyped-def]
    configure(centre, town)
    person(town, "anna", amr=["pwd", "mfa"], name="Anna Beispiel")
    response = sign_in(client, town, centre, "anna")
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    user = User.objects.get(email="anna@stadt.example")
    assert set(Membership.objects.filter(user=user, centre=centre, is_active=True).values_list("role", flat=True)) == {
        Role.CASEWORKER
    }
    assert not user.has_usable_password()
    # The provider confirmed a second factor: the staff area opens without the platform's TOTP.
    assert client.get(reverse("core:dashboard", kwargs={"centre": centre.slug})).status_code == 200
    # PKCE S256 and a nonce went out, and the token request proved the verifier.
    query = town.recorder.authorize_queries[0]
    assert query["code_challenge_method"] == ["S256"] and query["nonce"] and query["state"]
    assert town.recorder.token_requests and town.recorder.token_requests[0]["code_verifier"]
    assert AuditEntry.objects.filter(action="sso.sign_in", actor=user, centre=centre).exists()


def test_without_a_second_factor_at_the_provider_the_platform_asks_for_its_own(client, centre, town) -> None:  # type: ignore[no-untyped-def]
    configure(centre, town)
    person(town, "ben", amr=["pwd"])
    response = sign_in(client, town, centre, "ben")
    assert response["Location"].startswith(reverse("core:otp"))
    dashboard = client.get(reverse("core:dashboard", kwargs={"centre": centre.slug}))
    assert dashboard.status_code == 302 and dashboard["Location"].startswith(reverse("core:otp"))


def test_acr_values_can_count_as_a_second_factor(client, centre, town) -> None:  # type: ignore[no-untyped-def]
    configure(centre, town, mfa_amr_values="", mfa_acr_values="urn:stadt:loa:substantial")
    person(town, "cem", acr="urn:stadt:loa:substantial")
    assert sign_in(client, town, centre, "cem")["Location"] == reverse("core:home")


def test_the_provider_of_one_centre_never_signs_anyone_into_another(client, centre, other_centre, town) -> None:  # type: ignore[no-untyped-def]
    # Dana holds roles in both centres (a password account). Signing in through Musterstadt's
    # provider gives her Musterstadt only, though her account is a member of Beispielland too.
    dana = User.objects.create_user(email="dana@stadt.example", password="x" * 20, full_name="Dana")
    Membership.objects.create(user=dana, centre=centre, role=Role.EDITOR)
    Membership.objects.create(user=dana, centre=other_centre, role=Role.CENTRE_ADMIN)
    configure(centre, town)
    person(town, "dana", amr=["mfa"])
    assert sign_in(client, town, centre, "dana").status_code == 302
    assert client.get(reverse("core:dashboard", kwargs={"centre": centre.slug})).status_code == 200
    assert client.get(reverse("core:dashboard", kwargs={"centre": other_centre.slug})).status_code == 404
    assert client.get(reverse("core:member_list", kwargs={"centre": other_centre.slug})).status_code == 404
    home = client.get(reverse("core:home"))
    assert home["Location"] == reverse("core:dashboard", kwargs={"centre": centre.slug})


def test_an_account_only_another_centre_knows_is_not_taken_over(client, centre, other_centre, town) -> None:  # type: ignore[no-untyped-def]
    elsewhere = User.objects.create_user(email="emil@stadt.example", password="x" * 20, full_name="Emil")
    Membership.objects.create(user=elsewhere, centre=other_centre, role=Role.CENTRE_ADMIN)
    configure(centre, town)
    person(town, "emil", amr=["mfa"], groups=["ki-leitung"])
    response = sign_in(client, town, centre, "emil")
    assert response.status_code == 403
    assert not ExternalIdentity.objects.exists()
    assert not Membership.objects.filter(user=elsewhere, centre=centre).exists()
    assert "_auth_user_id" not in client.session


def test_no_mapped_group_no_account(client, centre, town) -> None:  # type: ignore[no-untyped-def]
    configure(centre, town)
    person(town, "fritz", groups=["kantine"], amr=["mfa"])
    assert sign_in(client, town, centre, "fritz").status_code == 403
    assert not User.objects.filter(email="fritz@stadt.example").exists()


def test_accounts_are_created_only_where_the_centre_allows(client, centre, town) -> None:  # type: ignore[no-untyped-def]
    configure(centre, town, create_accounts=False)
    person(town, "gul", amr=["mfa"])
    assert sign_in(client, town, centre, "gul").status_code == 403
    assert not User.objects.filter(email="gul@stadt.example").exists()


def test_roles_follow_the_directory_groups_at_each_sign_in(client, centre, town) -> None:  # type: ignore[no-untyped-def]
    configure(centre, town)
    person(town, "hanna", amr=["mfa"], groups=["ki-beratung", "ki-leitung"])
    sign_in(client, town, centre, "hanna")
    user = User.objects.get(email="hanna@stadt.example")
    roles = set(Membership.objects.filter(user=user, is_active=True).values_list("role", flat=True))
    assert roles == {Role.CASEWORKER, Role.CENTRE_ADMIN}
    client.post(reverse("core:logout"))
    person(town, "hanna", amr=["mfa"], groups=["ki-beratung"])
    sign_in(client, town, centre, "hanna")
    roles = set(Membership.objects.filter(user=user, is_active=True).values_list("role", flat=True))
    assert roles == {Role.CASEWORKER}
    assert ExternalIdentity.objects.filter(user=user).count() == 1


def test_a_return_link_works_once_and_only_with_its_own_state(client, centre, town) -> None:  # type: ignore[no-untyped-def]
    configure(centre, town)
    person(town, "ida", amr=["mfa"])
    start = client.get(reverse("sso:start", kwargs={"centre": centre.slug}))
    back = urlparse(town.sign_in(start["Location"], "ida"))
    params = parse_qs(back.query)
    forged = client.get(back.path, {"code": params["code"][0], "state": "someone-elses-state"})
    assert forged.status_code == 400
    # Another browser cannot use the link: its session never began this flow.
    assert Client().get(back.path + "?" + back.query).status_code == 400
    assert client.get(back.path + "?" + back.query).status_code == 302
    assert client.get(back.path + "?" + back.query).status_code == 400  # used up


def test_an_id_token_for_another_client_is_refused(client, centre, town) -> None:  # type: ignore[no-untyped-def]
    provider = configure(centre, town)
    person(town, "jan", amr=["mfa"])
    start = client.get(reverse("sso:start", kwargs={"centre": centre.slug}))
    back = urlparse(town.sign_in(start["Location"], "jan"))
    IdentityProvider.objects.filter(pk=provider.pk).update(client_id="another-client")
    assert client.get(back.path + "?" + back.query).status_code == 403
    assert not User.objects.filter(email="jan@stadt.example").exists()


def test_an_id_token_signed_with_a_foreign_key_is_refused(centre, town) -> None:  # type: ignore[no-untyped-def]
    provider = configure(centre, town)
    foreign = RSAKey.generate_key(2048)
    claims = {"iss": town.issuer, "aud": provider.client_id, "sub": "x", "exp": 4102444800, "nonce": "n"}
    forged = jwt.encode({"alg": "RS256"}, claims, foreign)
    with pytest.raises(oidc.SignInRefused):
        oidc.validate_id_token(provider, forged, nonce="n")


def test_signing_out_ends_the_session_at_the_provider_too(client, centre, town) -> None:  # type: ignore[no-untyped-def]
    configure(centre, town)
    person(town, "kai", amr=["mfa"])
    sign_in(client, town, centre, "kai")
    response = client.post(reverse("core:logout"))
    target = urlparse(response["Location"])
    assert f"{target.scheme}://{target.netloc}" == town.issuer
    query = parse_qs(target.query)
    assert query["id_token_hint"] and query["post_logout_redirect_uri"] == ["http://testserver/konto/anmelden/"]
    assert "_auth_user_id" not in client.session


def test_a_provider_that_does_not_answer_gives_a_clear_message(client, centre) -> None:  # type: ignore[no-untyped-def]
    IdentityProvider.objects.create(
        centre=centre, enabled=True, issuer="http://127.0.0.1:9", client_id="x", role_map={"a": [Role.EDITOR]}
    )
    response = client.get(reverse("sso:start", kwargs={"centre": centre.slug}))
    assert response.status_code == 502
    assert "sso/failed.html" in [t.name for t in response.templates]

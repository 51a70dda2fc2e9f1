"""The OpenID Connect relying party: discovery, the authorization request with PKCE, the code
exchange and the ID token's validation (signature from the provider's JWKS, issuer, audience,
expiry, nonce). HTTP through httpx, JOSE through joserfc; nothing here keeps state between calls
except the discovery document and key set, cached for an hour.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from anlaufstelle.core.errors import Refused
from anlaufstelle.sso.models import IdentityProvider

TIMEOUT = httpx.Timeout(10.0)
CACHE_SECONDS = 3600
# Clock skew allowed for exp/iat/nbf.
LEEWAY_SECONDS = 60


class ProviderUnavailable(Refused):
    """The provider did not answer as OpenID Connect says it must."""


class SignInRefused(Refused):
    """The answer came back, but it does not let this person in."""


@dataclass(frozen=True)
class Flow:
    """What the platform remembers between sending the person away and their return."""

    state: str
    nonce: str
    code_verifier: str
    provider_id: int
    next_url: str

    def as_session(self) -> dict[str, Any]:
        return {
            "nonce": self.nonce,
            "code_verifier": self.code_verifier,
            "provider_id": self.provider_id,
            "next_url": self.next_url,
        }


def _issuer(provider: IdentityProvider) -> str:
    return provider.issuer.rstrip("/")


def _get_json(url: str) -> dict[str, Any]:
    try:
        response = httpx.get(url, timeout=TIMEOUT, follow_redirects=False)
        response.raise_for_status()
        data = response.json()
    except (httpx.HTTPError, ValueError) as error:
        raise ProviderUnavailable(_("The town's sign-in service does not answer. Please try again later.")) from error
    if not isinstance(data, dict):
        raise ProviderUnavailable(_("The town's sign-in service does not answer. Please try again later."))
    return data


def discovery(provider: IdentityProvider) -> dict[str, Any]:
    """The provider's discovery document; its issuer must be the configured one exactly."""
    key = f"sso:discovery:{hashlib.sha256(_issuer(provider).encode()).hexdigest()}"
    document = cache.get(key)
    if document is None:
        document = _get_json(_issuer(provider) + "/.well-known/openid-configuration")
        if str(document.get("issuer", "")).rstrip("/") != _issuer(provider):
            raise ProviderUnavailable(_("The sign-in service names another issuer than the one configured."))
        for field in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
            if not document.get(field):
                raise ProviderUnavailable(_("The sign-in service's discovery document is incomplete."))
        cache.set(key, document, CACHE_SECONDS)
    return dict(document)


def _key_set(provider: IdentityProvider, *, refresh: bool = False) -> KeySet:
    document = discovery(provider)
    key = f"sso:jwks:{hashlib.sha256(str(document['jwks_uri']).encode()).hexdigest()}"
    data = None if refresh else cache.get(key)
    if data is None:
        data = _get_json(str(document["jwks_uri"]))
        cache.set(key, data, CACHE_SECONDS)
    try:
        return KeySet.import_key_set(data)  # type: ignore[arg-type]
    except (JoseError, ValueError, KeyError, TypeError) as error:
        raise ProviderUnavailable(_("The sign-in service's keys cannot be read.")) from error


def code_challenge(verifier: str) -> str:
    """RFC 7636 S256: BASE64URL(SHA256(verifier)) without padding."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def begin(provider: IdentityProvider, *, redirect_uri: str, next_url: str, language: str) -> tuple[Flow, str]:
    """A new flow and the URL to send the person to."""
    document = discovery(provider)
    flow = Flow(
        state=secrets.token_urlsafe(32),
        nonce=secrets.token_urlsafe(32),
        code_verifier=secrets.token_urlsafe(64),
        provider_id=provider.pk,
        next_url=next_url,
    )
    scopes = provider.scopes.split()
    if "openid" not in scopes:
        scopes.insert(0, "openid")
    query = urlencode(
        {
            "response_type": "code",
            "client_id": provider.client_id,
            "redirect_uri": redirect_uri,
            "scope": " ".join(scopes),
            "state": flow.state,
            "nonce": flow.nonce,
            "code_challenge": code_challenge(flow.code_verifier),
            "code_challenge_method": "S256",
            "ui_locales": language,
        }
    )
    endpoint = str(document["authorization_endpoint"])
    return flow, endpoint + ("&" if "?" in endpoint else "?") + query


def client_secret(provider: IdentityProvider) -> str:
    if not provider.client_secret_env:
        return ""
    return os.environ.get(provider.client_secret_env, "")


def finish(
    provider: IdentityProvider, *, code: str, redirect_uri: str, nonce: str, code_verifier: str
) -> tuple[dict[str, Any], str]:
    """Exchange the code and validate the ID token; the claims and the raw ID token."""
    document = discovery(provider)
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri,
        "code_verifier": code_verifier,
        "client_id": provider.client_id,
    }
    secret = client_secret(provider)
    auth = httpx.BasicAuth(provider.client_id, secret) if secret else None
    try:
        response = httpx.post(str(document["token_endpoint"]), data=form, auth=auth, timeout=TIMEOUT)
        answer = response.json()
    except (httpx.HTTPError, ValueError) as error:
        raise ProviderUnavailable(_("The town's sign-in service does not answer. Please try again later.")) from error
    if response.status_code != 200 or not isinstance(answer, dict) or not answer.get("id_token"):
        raise SignInRefused(_("The town's sign-in service did not confirm the sign-in. Please start again."))
    id_token = str(answer["id_token"])
    return validate_id_token(provider, id_token, nonce=nonce), id_token


def validate_id_token(provider: IdentityProvider, id_token: str, *, nonce: str) -> dict[str, Any]:
    """The ID token's claims, after checking signature, issuer, audience, expiry and nonce."""
    refused = SignInRefused(_("The town's sign-in service sent an answer that cannot be trusted. Please start again."))
    token = None
    for refresh in (False, True):  # a rotated key: fetch the key set once more
        try:
            token = jwt.decode(id_token, _key_set(provider, refresh=refresh))
            break
        except JoseError:
            continue
        except ValueError as error:
            raise refused from error
    if token is None:
        raise refused
    claims = dict(token.claims)
    registry = jwt.JWTClaimsRegistry(
        leeway=LEEWAY_SECONDS,
        iss={"essential": True, "value": _issuer(provider)},
        sub={"essential": True},
        exp={"essential": True},
        nonce={"essential": True, "value": nonce},
    )
    try:
        registry.validate(claims)
    except JoseError as error:
        raise refused from error
    audience = claims.get("aud")
    audiences = audience if isinstance(audience, list) else [audience]
    if provider.client_id not in audiences:
        raise refused
    if len(audiences) > 1 and claims.get("azp") != provider.client_id:
        raise refused
    return claims


def end_session_url(provider: IdentityProvider, *, id_token: str, post_logout_redirect_uri: str) -> str | None:
    """Where to send the person to end the session at the provider too (RP-initiated logout)."""
    try:
        endpoint = discovery(provider).get("end_session_endpoint")
    except Refused:
        return None
    if not endpoint:
        return None
    query = urlencode(
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": post_logout_redirect_uri,
            "client_id": provider.client_id,
        }
    )
    return str(endpoint) + ("&" if "?" in str(endpoint) else "?") + query


def second_factor_done(provider: IdentityProvider, claims: dict[str, Any]) -> bool:
    """True when the provider says the person gave a second factor there (amr or acr)."""
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    accepted_amr = set(provider.mfa_amr_values.split())
    if accepted_amr & {str(value) for value in amr}:
        return True
    accepted_acr = set(provider.mfa_acr_values.split())
    return bool(accepted_acr) and str(claims.get("acr", "")) in accepted_acr

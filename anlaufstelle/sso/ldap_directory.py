"""Sign-in against the town's LDAP directory or Active Directory (python-ldap).

Find the person with the service account, bind as the person with the password they typed (the
directory checks it; the platform never sees a stored password), read their groups, and hand the
same claims as OpenID Connect gives (`sub`, `email`, `name`, groups) to `external_sign_in`.
"""

from __future__ import annotations

import os
from typing import Any

from django.utils.translation import gettext_lazy as _

try:  # python-ldap is an optional extra (requirements-ldap.txt; `make ldap-deps`)
    import ldap
    import ldap.dn
    from ldap.filter import escape_filter_chars
except ImportError:  # pragma: no cover - depends on the installation
    ldap = None

from anlaufstelle.sso.models import IdentityProvider
from anlaufstelle.sso.oidc import ProviderUnavailable, SignInRefused

TIMEOUT_SECONDS = 10
GROUPS_CLAIM = "groups"


def _text(values: list[bytes] | None) -> str:
    return values[0].decode("utf-8", "replace") if values else ""


def _connect(provider: IdentityProvider) -> Any:
    connection = ldap.initialize(provider.ldap_uri, bytes_mode=False)
    connection.set_option(ldap.OPT_REFERRALS, 0)  # Active Directory's referrals lead elsewhere
    connection.set_option(ldap.OPT_NETWORK_TIMEOUT, TIMEOUT_SECONDS)
    connection.set_option(ldap.OPT_TIMEOUT, TIMEOUT_SECONDS)
    connection.set_option(ldap.OPT_PROTOCOL_VERSION, 3)
    if provider.ldap_ca_file:
        connection.set_option(ldap.OPT_X_TLS_CACERTFILE, provider.ldap_ca_file)
    connection.set_option(ldap.OPT_X_TLS_REQUIRE_CERT, ldap.OPT_X_TLS_DEMAND)
    connection.set_option(ldap.OPT_X_TLS_NEWCTX, 0)
    if provider.ldap_start_tls and provider.ldap_uri.startswith("ldap://"):
        connection.start_tls_s()
    return connection


def _group_names(provider: IdentityProvider, connection: Any, dn: str, entry: dict[str, list[bytes]]) -> list[str]:
    if not provider.ldap_group_base:
        # Active Directory and OpenLDAP's memberof overlay: the groups' DNs on the person.
        names = []
        for value in entry.get("memberOf", []):
            first = ldap.dn.str2dn(value.decode())[0][0]
            names.append(first[1])
        return names
    found = connection.search_s(
        provider.ldap_group_base,
        ldap.SCOPE_SUBTREE,
        f"(|(member={escape_filter_chars(dn)})(uniqueMember={escape_filter_chars(dn)}))",
        ["cn"],
    )
    return [_text(attributes.get("cn")) for group_dn, attributes in found if group_dn]


def authenticate(provider: IdentityProvider, *, login: str, password: str) -> dict[str, Any]:
    """The person's claims when the directory accepts the password; refused otherwise."""
    if ldap is None:
        raise ProviderUnavailable(_("Sign-in through LDAP is not installed here. Please tell the operator."))
    wrong = SignInRefused(_("Sign-in name or password is wrong."))
    login = login.strip()
    # An empty password would be an anonymous bind, which most directories accept.
    if not login or not password or len(login) > 200 or "\x00" in login + password:
        raise wrong
    try:
        connection = _connect(provider)
        try:
            service_password = (
                os.environ.get(provider.ldap_bind_password_env, "") if provider.ldap_bind_password_env else ""
            )
            if provider.ldap_bind_dn:
                connection.simple_bind_s(provider.ldap_bind_dn, service_password)
            query = provider.ldap_user_filter.replace("{login}", escape_filter_chars(login))
            attributes = ["mail", "cn", "displayName", "givenName", "sn", "memberOf", provider.ldap_id_attribute]
            found = [
                (dn, entry)
                for dn, entry in connection.search_s(provider.ldap_user_base, ldap.SCOPE_SUBTREE, query, attributes)
                if dn
            ]
            if len(found) != 1:
                raise wrong
            dn, entry = found[0]
            try:
                person = _connect(provider)
                person.simple_bind_s(dn, password)
                person.unbind_s()
            except ldap.INVALID_CREDENTIALS as error:
                raise wrong from error
            groups = _group_names(provider, connection, dn, entry)
        finally:
            connection.unbind_s()
    except SignInRefused:
        raise
    except (ldap.LDAPError, ValueError) as error:  # ValueError: a TLS option the library refuses
        raise ProviderUnavailable(_("The town's directory does not answer. Please try again later.")) from error
    subject = _text(entry.get(provider.ldap_id_attribute)) or dn
    name = _text(entry.get("displayName")) or _text(entry.get("cn"))
    return {
        "sub": subject,
        "email": _text(entry.get("mail")),
        "email_verified": True,
        "name": name,
        provider.groups_claim or GROUPS_CLAIM: groups,
    }

"""The centre admin's form for the centre's identity provider."""

from __future__ import annotations

import os
import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.forms import KernFormMixin
from anlaufstelle.core.roles import STAFF_ROLES, Role
from anlaufstelle.sso.models import IdentityProvider

ENV_NAME = re.compile(r"^[A-Z_][A-Z0-9_]{0,99}$")


def role_map_text(role_map: dict[str, list[str]]) -> str:
    return "\n".join(f"{group} = {', '.join(roles)}" for group, roles in sorted(role_map.items()))


class ProviderForm(KernFormMixin, forms.ModelForm):
    role_lines = forms.CharField(
        label=_("Roles per directory group"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "dir": "ltr"}),
        help_text=_("One line per group: group = role, role. Staff roles: %(roles)s.")
        % {"roles": ", ".join(sorted(STAFF_ROLES))},
    )

    class Meta:
        model = IdentityProvider
        fields = [
            "kind",
            "enabled",
            "label",
            "issuer",
            "client_id",
            "client_secret_env",
            "scopes",
            "groups_claim",
            "create_accounts",
            "mfa_amr_values",
            "mfa_acr_values",
            "ldap_uri",
            "ldap_start_tls",
            "ldap_ca_file",
            "ldap_bind_dn",
            "ldap_bind_password_env",
            "ldap_user_base",
            "ldap_user_filter",
            "ldap_group_base",
            "ldap_id_attribute",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["role_lines"] = role_map_text(self.instance.role_map)
        for name in (
            "issuer",
            "client_id",
            "client_secret_env",
            "scopes",
            "groups_claim",
            "mfa_amr_values",
            "ldap_uri",
            "ldap_bind_dn",
            "ldap_bind_password_env",
            "ldap_user_base",
            "ldap_user_filter",
            "ldap_group_base",
        ):
            self.fields[name].widget.attrs["dir"] = "ltr"

    def clean_issuer(self) -> str:
        issuer = self.cleaned_data["issuer"].rstrip("/")
        if issuer and not issuer.startswith(("https://", "http://127.0.0.1", "http://localhost")):
            raise forms.ValidationError(_("The issuer must be an https:// address."))
        return issuer

    def _env_name(self, field: str) -> str:
        name = self.cleaned_data[field].strip()
        if name and not ENV_NAME.match(name):
            raise forms.ValidationError(
                _("Give the name of an environment variable (capital letters, digits and _), not the secret itself.")
            )
        return name

    def clean_client_secret_env(self) -> str:
        return self._env_name("client_secret_env")

    def clean_ldap_bind_password_env(self) -> str:
        return self._env_name("ldap_bind_password_env")

    def clean_ldap_uri(self) -> str:
        uri = self.cleaned_data["ldap_uri"].strip()
        if uri and not uri.startswith(("ldap://", "ldaps://")):
            raise forms.ValidationError(_("The server address starts with ldaps:// or ldap://."))
        return uri

    def clean_ldap_ca_file(self) -> str:
        path = self.cleaned_data["ldap_ca_file"].strip()
        if path and not os.path.isfile(path):
            raise forms.ValidationError(_("There is no such file on the server."))
        return path

    def clean_ldap_user_filter(self) -> str:
        text = self.cleaned_data["ldap_user_filter"].strip()
        if "{login}" not in text or not (text.startswith("(") and text.endswith(")")):
            raise forms.ValidationError(_("Write an LDAP filter in brackets that contains {login}."))
        return text

    def clean_scopes(self) -> str:
        scopes = self.cleaned_data["scopes"].split()
        if "openid" not in scopes:
            scopes.insert(0, "openid")
        return " ".join(dict.fromkeys(scopes))

    def clean_role_lines(self) -> dict[str, list[str]]:
        mapping: dict[str, list[str]] = {}
        for number, raw in enumerate(self.cleaned_data["role_lines"].splitlines(), start=1):
            line = raw.strip()
            if not line:
                continue
            group, sep, roles_text = line.rpartition("=")
            group = group.strip()
            roles = [role.strip() for role in roles_text.split(",") if role.strip()]
            if not sep or not group or not roles:
                raise forms.ValidationError(_("Line %(number)d: write “group = role, role”.") % {"number": number})
            unknown = [role for role in roles if role not in STAFF_ROLES]
            if unknown:
                raise forms.ValidationError(
                    _("Line %(number)d: %(roles)s is not a staff role.")
                    % {"number": number, "roles": ", ".join(unknown)}
                )
            mapping.setdefault(group, [])
            for role in roles:
                if role not in mapping[group]:
                    mapping[group].append(role)
        return mapping

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("enabled") and not cleaned.get("role_lines"):
            self.add_error("role_lines", _("Map at least one directory group to a role before enabling sign-in."))
        if cleaned.get("kind") == IdentityProvider.Kind.LDAP:
            for name in ("ldap_uri", "ldap_user_base"):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, _("This field is required."))
            uri = cleaned.get("ldap_uri") or ""
            if uri.startswith("ldap://") and not cleaned.get("ldap_start_tls"):
                self.add_error("ldap_start_tls", _("Passwords travel only encrypted: use ldaps:// or StartTLS."))
        else:
            for name in ("issuer", "client_id"):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, _("This field is required."))
        return cleaned

    def provider_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["role_map"] = self.cleaned_data["role_lines"]
        return data


ROLE_LABELS = {str(role): role.label for role in Role}


class DirectoryLoginForm(KernFormMixin, forms.Form):
    """Sign-in name and password for the town's LDAP directory (checked there, never stored)."""

    login = forms.CharField(
        label=_("Sign-in name of your town account"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "username", "dir": "ltr"}),
    )
    password = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

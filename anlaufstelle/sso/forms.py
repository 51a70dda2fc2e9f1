"""The centre admin's form for the centre's identity provider."""

from __future__ import annotations

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
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["role_lines"] = role_map_text(self.instance.role_map)
        for name in ("issuer", "client_id", "client_secret_env", "scopes", "groups_claim", "mfa_amr_values"):
            self.fields[name].widget.attrs["dir"] = "ltr"

    def clean_issuer(self) -> str:
        issuer = self.cleaned_data["issuer"].rstrip("/")
        if (
            not issuer.startswith("https://")
            and not issuer.startswith("http://127.0.0.1")
            and not issuer.startswith("http://localhost")
        ):
            raise forms.ValidationError(_("The issuer must be an https:// address."))
        return issuer

    def clean_client_secret_env(self) -> str:
        name = self.cleaned_data["client_secret_env"].strip()
        if name and not ENV_NAME.match(name):
            raise forms.ValidationError(
                _("Give the name of an environment variable (capital letters, digits and _), not the secret itself.")
            )
        return name

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
        return cleaned

    def provider_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["role_map"] = self.cleaned_data["role_lines"]
        return data


ROLE_LABELS = {str(role): role.label for role in Role}

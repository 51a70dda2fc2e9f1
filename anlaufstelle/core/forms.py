"""Forms of the core app: sign-in, second factor, public page texts, team, funders."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.models import CentreContent, Funder, TeamMember
from anlaufstelle.core.uploads import validate_image_upload


class KernFormMixin:
    """Adds the KERN UX classes to every widget, and the error state after validation."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            css = self._kern_class(widget)
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    @staticmethod
    def _kern_class(widget: forms.Widget) -> str:
        if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
            return "kern-form-check__checkbox"
        if isinstance(widget, forms.RadioSelect):
            return "kern-form-check__radio"
        if isinstance(widget, forms.Select):
            return "kern-form-input__select"
        return "kern-form-input__input"

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            if name not in self.fields:  # type: ignore[attr-defined]
                continue
            widget = self.fields[name].widget  # type: ignore[attr-defined]
            widget.attrs["class"] += f" {self._kern_class(widget)}--error"
            widget.attrs["aria-invalid"] = "true"
            widget.attrs["aria-describedby"] = f"{self[name].auto_id}_error"  # type: ignore[index]


class LoginForm(KernFormMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "username"}))
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class TokenForm(KernFormMixin, forms.Form):
    token = forms.RegexField(
        label=_("Six-digit code from your authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Enter the six digits shown in your app.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": "8"}),
    )


class CentreContentForm(KernFormMixin, forms.ModelForm):
    class Meta:
        model = CentreContent
        fields = list(CentreContent.translated_fields)
        help_texts = {
            "notice": _("Shown as a banner on every public page, e.g. “Currently only reachable by phone”."),
            "about": _("Markdown: **bold**, lists with “-”, links as [text](https://…)."),
        }


class TeamMemberForm(KernFormMixin, forms.ModelForm):
    class Meta:
        model = TeamMember
        fields = ["name", "email", "phone", "position", "is_public"]


class TeamMemberTextForm(KernFormMixin, forms.Form):
    """Job title and tasks in one language (a prefix per language)."""

    job_title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    tasks = forms.CharField(label=_("Tasks"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


def team_text_forms(
    data: Any = None, initial: dict[str, dict[str, str]] | None = None
) -> dict[str, TeamMemberTextForm]:
    initial = initial or {}
    return {
        code: TeamMemberTextForm(data=data, prefix=code, initial=initial.get(code, {}))
        for code in settings.CONTENT_LANGUAGES
    }


class FunderForm(KernFormMixin, forms.ModelForm):
    url = forms.URLField(label=_("Web address"), required=False, max_length=200, assume_scheme="https")
    logo = forms.ImageField(label=_("Logo (PNG, JPEG or WebP)"), required=False, validators=[validate_image_upload])

    class Meta:
        model = Funder
        fields = ["name", "url", "logo", "position"]


class AuditFilterForm(KernFormMixin, forms.Form):
    from anlaufstelle.core.models import AuditEntry

    kind = forms.ChoiceField(
        label=_("What happened"), required=False, choices=[("", _("all")), *list(AuditEntry.Kind.choices)]
    )
    actor = forms.CharField(label=_("Who (e-mail)"), required=False, max_length=254)
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

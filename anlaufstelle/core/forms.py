"""Forms of the core app: sign-in, second factor, public page texts, team, funders."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.models import CentreContent, Funder, TeamMember
from anlaufstelle.core.roles import Role
from anlaufstelle.core.uploads import validate_image_upload

MAX_ID = 2**63 - 1  # the largest primary key either database stores
DJANGO_DASHES = "---------"  # Django's empty choice (BLANK_CHOICE_DASH, ModelChoiceField.empty_label)
PLEASE_CHOOSE = _("– please choose –")


def requested_id(data: Mapping[str, Any], name: str) -> int | None:
    """An id chosen in a request (a button's value, a hidden field, a query parameter), read
    through a form field: anything that is not a plausible id is None — never a ValueError, nor
    a number too large for the database. Views answer None with 404 or a message."""
    field = forms.IntegerField(min_value=1, max_value=MAX_ID)
    try:
        return field.clean(data.get(name))
    except ValidationError:
        return None


OTHER_DISTRICT = _("other or unknown")


def district_choice(field: forms.Field, *, centre: Any, current: str = "") -> forms.Field:
    """A district field as a choice of the centre's districts and "other or unknown" (stored as
    empty); a value typed before the list existed stays a choice so it is shown and kept. While
    the centre has no list, the field stays as it was (free text)."""
    names = centre.district_list if centre is not None else []
    if not names:
        return field
    choices = [("", OTHER_DISTRICT), *((name, name) for name in names)]
    if current and current not in names:
        choices.append((current, current))
    return forms.ChoiceField(label=field.label, required=False, choices=choices, help_text=field.help_text)


FieldType = TypeVar("FieldType", bound=forms.Field)


def field_of(form: forms.BaseForm, name: str, kind: type[FieldType]) -> FieldType:
    """`form.fields[name]`, checked to be a `kind` (a ChoiceField, a ModelChoiceField), so that
    setting its choices or queryset in `__init__` is typed."""
    field = form.fields[name]
    if not isinstance(field, kind):
        raise TypeError(f"{type(form).__name__}.{name} is a {type(field).__name__}, not a {kind.__name__}.")
    return field


def in_rows(*fields: forms.Field) -> None:
    """Lay the choices of these checkbox or radio fields out in rows (many short choices);
    `core/includes/field.html` reads the flag."""
    for field in fields:
        setattr(field, "horizontal", True)  # noqa: B010 - a flag the template reads, not a Field attribute


# The mixin is only ever combined with a form class; the type checker is told so.
if TYPE_CHECKING:
    _MixinBase = forms.BaseForm
else:
    _MixinBase = object


class KernFormMixin(_MixinBase):
    """Adds the KERN UX classes to every widget, and the error state after validation."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_fields()

    def style_fields(self) -> None:
        """Give every widget its KERN class (call again after adding fields), and every select a
        translatable empty choice instead of Django's "---------"."""
        for name, field in self.fields.items():
            self._label_empty_choice(field)
            widget = field.widget
            css = self._kern_class(widget)
            if css not in widget.attrs.get("class", "").split():
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            if field.help_text:  # screen readers read the hint with the field
                widget.attrs["aria-describedby"] = f"{self[name].auto_id}_hint"

    @staticmethod
    def _label_empty_choice(field: forms.Field) -> None:
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label == DJANGO_DASHES:
                field.empty_label = PLEASE_CHOOSE
        elif isinstance(field, forms.ChoiceField):
            choices = list(field.choices)  # type: ignore[arg-type]  # the stubs' union; the getter gives a list
            if any(value in ("", None) and label == DJANGO_DASHES for value, label in choices):
                field.choices = [
                    (value, PLEASE_CHOOSE if value in ("", None) and label == DJANGO_DASHES else label)
                    for value, label in choices
                ]

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
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            widget = self.fields[name].widget
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {self._kern_class(widget)}--error".strip()
            widget.attrs["aria-invalid"] = "true"
            described = [f"{self[name].auto_id}_hint"] if self.fields[name].help_text else []
            widget.attrs["aria-describedby"] = " ".join([*described, f"{self[name].auto_id}_error"])


class ActionModelForm(KernFormMixin, forms.ModelForm):
    """A model form that only cleans its fields: the module's action validates (uniqueness included,
    with a message) and saves. Takes the centre whose choices it offers."""

    def __init__(self, *args: Any, centre: Any, **kwargs: Any) -> None:
        self.centre = centre
        super().__init__(*args, **kwargs)

    def validate_unique(self) -> None:
        """The actions check what must be unique, with a message."""

    def _post_clean(self) -> None:
        """The actions validate and save."""


class LoginForm(KernFormMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "username"}))
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class ResetForm(KernFormMixin, PasswordResetForm):
    """Also reaches invited accounts that never set a password (their invitation link expired)."""

    def get_users(self, email: str) -> Iterator[Any]:
        from anlaufstelle.core.models import User

        return (user for user in User.objects.filter(email__iexact=email, is_active=True))


class TokenForm(KernFormMixin, forms.Form):
    token = forms.RegexField(
        label=_("Six-digit code from your authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Enter the six digits shown in your app.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": "8"}),
    )


NOTICE_SCHEDULE = CentreContent.schedule_fields


class CentreContentForm(KernFormMixin, forms.ModelForm):
    """The public page texts in one language; the German form also sets when the notice shows."""

    class Meta:
        model = CentreContent
        fields = [
            *CentreContent.translated_fields[: CentreContent.translated_fields.index("notice") + 1],
            *NOTICE_SCHEDULE,
            *CentreContent.translated_fields[CentreContent.translated_fields.index("notice") + 1 :],
        ]
        widgets = {name: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d") for name in NOTICE_SCHEDULE}
        help_texts = {
            "notice": _("Shown as a banner on every public page, e.g. “Currently only reachable by phone”."),
            "notice_starts_on": _("Optional. The first day the banner shows (empty: from now on)."),
            "notice_ends_on": _("Optional. The last day the banner shows; from the next day on it is hidden."),
            "about": _("Markdown: **bold**, lists with “-”, links as [text](https://…)."),
        }

    def __init__(self, *args: Any, with_schedule: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_schedule:  # translations share the German row's schedule
            for name in NOTICE_SCHEDULE:
                del self.fields[name]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts_on, ends_on = data.get("notice_starts_on"), data.get("notice_ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("notice_ends_on", _("The last day cannot be before the first day."))
        return data


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
    target_type = forms.ChoiceField(label=_("Kind of record"), required=False, choices=[("", _("all"))])
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    # One record (set by the "only this record" link of a row): not a field people type in.
    target_id = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args: Any, record_types: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["target_type"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("all")), *(record_types or [])]


class CentreForm(KernFormMixin, forms.ModelForm):
    class Meta:
        from anlaufstelle.core.models import Centre

        model = Centre
        fields = ["name", "street", "postcode", "city", "email", "phone", "districts"]
        widgets = {"districts": forms.Textarea(attrs={"rows": 6})}

    def clean_districts(self) -> str:
        lines = (line.strip() for line in self.cleaned_data["districts"].splitlines())
        names = list(dict.fromkeys(line[:100] for line in lines if line))
        return "\n".join(names)


class MemberForm(KernFormMixin, forms.Form):
    """An invitation by e-mail, or a member's roles in this centre (and for partner roles, the
    organisation they act for). Inviting asks for no name: the person gives it on accepting."""

    email = forms.EmailField(label=_("E-mail"))
    full_name = forms.CharField(label=_("Name in this centre"), max_length=200, required=False, disabled=True)
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=Role.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    organisation: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Organisation (for partner and school contact roles)"),
        queryset=None,  # type: ignore[arg-type]
        required=False,
    )

    def __init__(self, *args: Any, centre: Any, editing: bool = False, **kwargs: Any) -> None:
        from anlaufstelle.partners.models import Organisation

        super().__init__(*args, **kwargs)
        field_of(self, "organisation", forms.ModelChoiceField).queryset = Organisation.objects.filter(centre=centre)
        if editing:
            self.fields["email"].disabled = True
            self.fields["email"].required = False
        else:
            del self.fields["full_name"]
            self.fields["roles"].required = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        needs_org = set(data.get("roles") or []) & {Role.PARTNER, Role.SCHOOL_CONTACT}
        if needs_org and not data.get("organisation"):
            self.add_error("organisation", _("Partner and school contact roles act for an organisation: choose one."))
        return data


class InvitationAcceptForm(KernFormMixin, forms.Form):
    """Accepting with an existing account: the name this centre will show."""

    full_name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        help_text=_("Shown to the people of this centre."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )


class InvitationNewAccountForm(KernFormMixin, SetPasswordForm):
    """Accepting without an account: name and password (checked by the password rules)."""

    field_order = ["full_name", "new_password1", "new_password2"]

    full_name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        help_text=_("Shown to the people of this centre."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

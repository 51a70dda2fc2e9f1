"""Forms of the library module (KERN UX classes through KernFormMixin); the actions check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField, SafeModelMultipleChoiceField

from anlaufstelle.core.forms import PLEASE_CHOOSE, ActionModelForm, KernFormMixin, field_of
from anlaufstelle.core.languages import OFFER_LANGUAGES, decode_codes
from anlaufstelle.core.models import Centre, User
from anlaufstelle.core.uploads import validate_upload_size
from anlaufstelle.library import actions, selectors
from anlaufstelle.library.models import Borrower, Copy, LibrarySettings, LoanRule, MediaType, Title, Topic
from anlaufstelle.partners.models import ContactPerson
from anlaufstelle.volunteers.models import Volunteer

BARCODE_ATTRS = {
    "autocomplete": "off",
    "autocapitalize": "off",
    "spellcheck": "false",
    "enterkeyhint": "go",
    "dir": "ltr",
    "data-scan": "barcode",
}


class TitleForm(ActionModelForm):
    """A title with its summary in each language of the site (German is the source)."""

    isbn = forms.CharField(
        label=_("ISBN"), required=False, max_length=40, help_text=_("ISBN-10 or ISBN-13, with or without hyphens.")
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=OFFER_LANGUAGES, required=False, widget=forms.CheckboxSelectMultiple
    )
    topics = SafeModelMultipleChoiceField(
        label=_("Topics"), queryset=Topic.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Title
        fields = (
            "isbn",
            "title",
            "authors",
            "publisher",
            "year",
            "languages",
            "media_type",
            "age_from",
            "age_to",
            "topics",
            "public",
        )

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, centre=centre, **kwargs)
        field_of(self, "topics", forms.ModelMultipleChoiceField).queryset = Topic.objects.filter(centre=self.centre)
        title: Title | None = self.instance if self.instance.pk else None
        existing = {row.language: row.summary for row in title.texts.all()} if title else {}
        if title is not None:
            self.initial["isbn"] = title.isbn_display
            self.initial["languages"] = decode_codes(title.languages)
        for code, name in settings.LANGUAGES:
            self.fields[f"summary_{code}"] = forms.CharField(
                label=_("Summary (%(language)s)") % {"language": name},
                required=False,
                max_length=5000,
                initial=existing.get(code, ""),
                widget=forms.Textarea(attrs={"rows": 3, "lang": code}),
            )
        self.style_fields()

    def summaries(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"summary_{code}", "") for code, _name in settings.LANGUAGES}

    def title_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data}


class CopyForm(ActionModelForm):
    class Meta:
        model = Copy
        fields = actions.COPY_FIELDS
        widgets = {"barcode": forms.TextInput(attrs=BARCODE_ATTRS)}


class ComponentForm(KernFormMixin, forms.Form):
    label = forms.CharField(
        label=_("Component"), max_length=200, required=False, help_text=_("Empty for a packed copy: its title.")
    )
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=999, initial=1)
    packed_copy = SafeModelChoiceField(
        label=_("Copy packed in the kit"), queryset=Copy.objects.none(), required=False, empty_label=PLEASE_CHOOSE
    )

    def __init__(self, *args: Any, centre: Centre, kit: Copy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "packed_copy", forms.ModelChoiceField).queryset = selectors.copies_to_pack(
            centre=centre
        ).exclude(pk=kit.pk)


class TopicForm(KernFormMixin, forms.Form):
    name = forms.CharField(label=_("New topic"), max_length=120)


class RuleForm(ActionModelForm):
    class Meta:
        model = LoanRule
        fields = actions.RULE_FIELDS


class SettingsForm(ActionModelForm):
    class Meta:
        model = LibrarySettings
        fields = actions.SETTINGS_FIELDS


class BorrowerForm(KernFormMixin, forms.Form):
    """Register a person the platform knows; exactly one of the three is chosen."""

    contact = SafeModelChoiceField(
        label=_("Contact person of a partner organisation"),
        queryset=ContactPerson.objects.none(),
        required=False,
        empty_label=PLEASE_CHOOSE,
    )
    volunteer = SafeModelChoiceField(
        label=_("Volunteer"), queryset=Volunteer.objects.none(), required=False, empty_label=PLEASE_CHOOSE
    )
    user = SafeModelChoiceField(
        label=_("Staff"), queryset=User.objects.none(), required=False, empty_label=PLEASE_CHOOSE
    )

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "contact", forms.ModelChoiceField).queryset = ContactPerson.objects.filter(
            centre=centre
        ).select_related("organisation")
        field_of(self, "volunteer", forms.ModelChoiceField).queryset = Volunteer.objects.filter(centre=centre)
        field_of(self, "user", forms.ModelChoiceField).queryset = selectors.staff_users(centre=centre)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = [name for name in ("contact", "volunteer", "user") if data.get(name)]
        if len(chosen) != 1:
            raise forms.ValidationError(_("Please choose exactly one person."))
        data["kind"] = {
            "contact": Borrower.Kind.CONTACT,
            "volunteer": Borrower.Kind.VOLUNTEER,
            "user": Borrower.Kind.STAFF,
        }[chosen[0]]
        data["person"] = data[chosen[0]]
        return data


class BorrowerChoiceForm(KernFormMixin, forms.Form):
    borrower = SafeModelChoiceField(label=_("Borrower"), queryset=Borrower.objects.none(), empty_label=PLEASE_CHOOSE)

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "borrower", forms.ModelChoiceField).queryset = selectors.borrower_list(centre=centre)


class CheckOutForm(BorrowerChoiceForm):
    barcode = forms.CharField(label=_("Barcode"), max_length=60, widget=forms.TextInput(attrs=BARCODE_ATTRS))


class CheckInForm(KernFormMixin, forms.Form):
    barcode = forms.CharField(label=_("Barcode"), max_length=60, widget=forms.TextInput(attrs=BARCODE_ATTRS))


class ChecklistForm(KernFormMixin, forms.Form):
    """A kit's components at return: each is there, or marked lost now."""

    barcode = forms.CharField(widget=forms.HiddenInput, max_length=60)
    present = forms.MultipleChoiceField(label=_("There"), required=False, widget=forms.CheckboxSelectMultiple)
    lost = forms.MultipleChoiceField(label=_("Mark lost"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, components: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(c.pk), f"{c.quantity} × {c.label}" if c.quantity > 1 else c.label) for c in components]
        field_of(self, "present", forms.MultipleChoiceField).choices = choices
        field_of(self, "lost", forms.MultipleChoiceField).choices = choices

    def ids(self, name: str) -> set[int]:
        return {int(value) for value in self.cleaned_data.get(name, [])}


class CatalogueSearchForm(forms.Form):
    """The public and the staff catalogue search: words, topic, language, age, media type."""

    q = forms.CharField(label=_("Words"), required=False, max_length=200)
    topic = SafeModelChoiceField(
        label=_("Topic"), queryset=Topic.objects.none(), required=False, empty_label=_("all topics")
    )
    language = forms.ChoiceField(label=_("Language"), required=False)
    age = forms.IntegerField(label=_("Age"), required=False, min_value=0, max_value=120)
    media_type = forms.ChoiceField(label=_("Media type"), required=False)

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "topic", forms.ModelChoiceField).queryset = Topic.objects.filter(centre=centre)
        field_of(self, "language", forms.ChoiceField).choices = [("", _("all languages")), *OFFER_LANGUAGES]
        field_of(self, "media_type", forms.ChoiceField).choices = [("", _("all media types")), *MediaType.choices]

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "words": data.get("q") or "",
            "topic": data.get("topic"),
            "language": data.get("language") or "",
            "age": data.get("age"),
            "media_type": data.get("media_type") or "",
        }


class ErasureForm(KernFormMixin, forms.Form):
    reason = forms.ChoiceField(
        label=_("Why is the borrower erased?"),
        choices=[
            ("request", _("The person asked for erasure (Art. 17 GDPR)")),
            ("not_needed", _("The person no longer borrows")),
        ],
        widget=forms.RadioSelect,
    )


class ImportForm(KernFormMixin, forms.Form):
    file = forms.FileField(
        label=_("CSV, Excel (XLSX) or MARC file (.mrc, MARCXML .xml)"), validators=[validate_upload_size]
    )

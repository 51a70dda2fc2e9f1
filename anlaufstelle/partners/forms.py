"""Forms of the partner register."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelMultipleChoiceField

from anlaufstelle.core.forms import KernFormMixin, district_choice, field_of
from anlaufstelle.core.models import Centre
from anlaufstelle.core.uploads import validate_upload_size
from anlaufstelle.partners import actions
from anlaufstelle.partners.models import Address, ContactPerson, Organisation, Tag


class OrganisationFilterForm(KernFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    tag: forms.ModelChoiceField[Tag] = forms.ModelChoiceField(
        label=_("Tag"), required=False, queryset=Tag.objects.none(), empty_label=_("all")
    )
    district = forms.ChoiceField(label=_("District"), required=False)
    inactive = forms.BooleanField(label=_("also inactive"), required=False)

    def __init__(self, *args: Any, centre: Centre, districts: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "kind", forms.ChoiceField).choices = [("", _("all")), *list(Organisation.Kind.choices)]
        field_of(self, "tag", forms.ModelChoiceField).queryset = Tag.objects.filter(centre=centre)
        field_of(self, "district", forms.ChoiceField).choices = [("", _("all"))] + [(d, d) for d in districts]


class OrganisationForm(KernFormMixin, forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, max_length=200, assume_scheme="https")
    new_tags = forms.CharField(
        label=_("New tags"),
        required=False,
        max_length=300,
        help_text=_("Separate several tags with commas."),
    )

    class Meta:
        model = Organisation
        # The action's fields; the tags (written after the organisation) shown before the active switch.
        fields = [*(name for name in actions.ORGANISATION_FIELDS if name != "is_active"), "tags", "is_active"]
        widgets = {"tags": forms.CheckboxSelectMultiple, "description": forms.Textarea(attrs={"rows": 4})}
        field_classes = {"tags": SafeModelMultipleChoiceField}

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.centre = centre
        field_of(self, "tags", forms.ModelMultipleChoiceField).queryset = Tag.objects.filter(centre=centre)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        number = data.get("school_number")
        if kind != Organisation.Kind.SCHOOL and (number or data.get("school_form")):
            self.add_error("school_number", _("Only schools have a school number and school form."))
        if number:
            clash = Organisation.objects.filter(centre=self.centre, school_number=number)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("school_number", _("Another organisation already has this school number."))
        return data

    def _post_clean(self) -> None:
        self.instance.centre = self.centre
        super()._post_clean()  # type: ignore[misc]  # private in Django, absent from the stubs

    def validate_unique(self) -> None:
        """Uniqueness is checked in clean() with a clear message."""

    def tag_names(self) -> list[str]:
        chosen = [tag.name for tag in self.cleaned_data.get("tags") or []]
        return chosen + list(self.cleaned_data.get("new_tags", "").split(","))


class AddressForm(KernFormMixin, forms.ModelForm):
    class Meta:
        model = Address
        fields = actions.ADDRESS_FIELDS

    def __init__(self, *args: Any, centre: Centre | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"] = district_choice(
            self.fields["district"], centre=centre, current=self.instance.district
        )
        self.style_fields()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("latitude", _("Give both latitude and longitude, or neither."))
        return data


class ContactPersonForm(KernFormMixin, forms.ModelForm):
    class Meta:
        model = ContactPerson
        fields = actions.CONTACT_FIELDS
        widgets = {"consent_given_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("consent_to_contact") and not data.get("consent_given_on"):
            self.add_error("consent_given_on", _("When was consent given?"))
        given = data.get("consent_given_on")
        if given and given > timezone.localdate():
            self.add_error("consent_given_on", _("The date lies in the future."))
        return data


class ErasureForm(KernFormMixin, forms.Form):
    reason = forms.ChoiceField(
        label=_("Why is the contact person erased?"),
        choices=[
            ("request", _("The person asked for erasure (Art. 17 GDPR)")),
            ("consent_withdrawn", _("The person withdrew consent")),
            ("not_needed", _("No longer needed for the cooperation")),
            ("left_organisation", _("The person left the organisation")),
        ],
        widget=forms.RadioSelect,
    )


class ImportForm(KernFormMixin, forms.Form):
    file = forms.FileField(label=_("CSV or Excel file (XLSX)"), validators=[validate_upload_size])


class MergeForm(KernFormMixin, forms.Form):
    keep = forms.TypedChoiceField(label=_("Keep"), coerce=int, widget=forms.RadioSelect)

    def __init__(self, *args: Any, pair: tuple[Organisation, Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "keep", forms.ChoiceField).choices = [(org.pk, org.name) for org in pair]

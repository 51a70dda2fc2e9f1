"""Forms of the public directory."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.forms import BoundField
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from anlaufstelle.core.forms import KernFormMixin, field_of
from anlaufstelle.core.languages import OFFER_LANGUAGES, decode_codes, encode_codes
from anlaufstelle.core.translation import SOURCE_LANGUAGE
from anlaufstelle.core.uploads import validate_upload_size
from anlaufstelle.directory import actions
from anlaufstelle.directory.models import Offer, OfferTranslation
from anlaufstelle.directory.taxonomy import AgeGroup, Area
from anlaufstelle.partners.models import Address, Organisation


class SearchForm(KernFormMixin, forms.Form):
    q = forms.CharField(label=_("What are you looking for?"), required=False, max_length=200)
    area = forms.ChoiceField(label=_("Area of life"), required=False)
    age = forms.ChoiceField(label=_("For whom"), required=False)
    lang = forms.ChoiceField(label=_("Language spoken"), required=False)
    district = forms.ChoiceField(label=_("District"), required=False)
    free = forms.BooleanField(label=_("Only free of charge"), required=False)
    near = forms.CharField(label=_("Near (postcode or address)"), required=False, max_length=200)
    radius = forms.TypedChoiceField(
        label=_("Distance"),
        required=False,
        coerce=int,
        empty_value=10,  # type: ignore[arg-type]  # the stubs allow only str or None; coerce gives int
        choices=[(2, "2 km"), (5, "5 km"), (10, "10 km"), (25, "25 km")],
    )

    def __init__(self, *args: Any, districts: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything = ("", _("all"))
        field_of(self, "area", forms.ChoiceField).choices = [everything, *Area.choices]
        field_of(self, "age", forms.ChoiceField).choices = [everything, *AgeGroup.choices]
        field_of(self, "lang", forms.ChoiceField).choices = [everything, *OFFER_LANGUAGES]
        field_of(self, "district", forms.ChoiceField).choices = [everything, *((d, d) for d in districts)]
        self.fields["q"].widget.attrs.update({"type": "search", "autocomplete": "off"})
        self.fields["near"].widget.attrs.update({"autocomplete": "postal-code"})
        self.fields["radius"].initial = 10


class AddressChoiceField(SafeModelChoiceField):
    """An address, named with its organisation (several providers may share a street)."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.organisation.name}: {obj}"


class OfferForm(KernFormMixin, forms.ModelForm):
    """The language-independent part of an offer; texts come from OfferTextForm per language."""

    area_codes = forms.MultipleChoiceField(
        label=_("Areas of life"), choices=Area.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    age_codes = forms.MultipleChoiceField(
        label=_("Age groups"), choices=AgeGroup.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    language_codes = forms.MultipleChoiceField(
        label=_("Languages spoken at the offer"),
        choices=OFFER_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    website = forms.URLField(label=_("Website"), required=False, max_length=200, assume_scheme="https")

    class Meta:
        model = Offer
        # The action's fields, less those this form fills otherwise: the status (the button pressed)
        # and the codes (area_codes, age_codes and language_codes above).
        fields = [
            name.removesuffix("_id")
            for name in actions.OFFER_FIELDS
            if name not in {"status", "areas", "age_groups", "languages"}
        ]
        widgets = {"last_reviewed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        field_classes = {"organisation": SafeModelChoiceField, "address": AddressChoiceField}

    def __init__(self, *args: Any, centre: Any, organisation: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.filter(centre=centre, is_active=True).order_by("name")
        addresses = Address.objects.filter(centre=centre).select_related("organisation")
        if organisation is not None:  # a partner works on its own organisation's offers only
            organisations = organisations.filter(pk=organisation.pk)
            addresses = addresses.filter(organisation=organisation)
            del self.fields["last_reviewed_on"]
            self.initial["organisation"] = organisation.pk
        field_of(self, "organisation", forms.ModelChoiceField).queryset = organisations
        field_of(self, "address", forms.ModelChoiceField).queryset = addresses
        if self.instance.pk:
            self.initial.setdefault("area_codes", decode_codes(self.instance.areas))
            self.initial.setdefault("age_codes", decode_codes(self.instance.age_groups))
            self.initial.setdefault("language_codes", decode_codes(self.instance.languages))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        address, organisation = data.get("address"), data.get("organisation")
        if address is not None and organisation is not None and address.organisation_id != organisation.pk:
            self.add_error("address", _("Choose an address of the provider."))
        return data

    def offer_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}
        data["areas"] = encode_codes(self.cleaned_data["area_codes"])
        data["age_groups"] = encode_codes(self.cleaned_data["age_codes"])
        data["languages"] = encode_codes(self.cleaned_data["language_codes"])
        return data


class OfferTextForm(KernFormMixin, forms.ModelForm):
    """An offer's texts in one language (prefixed with the language code)."""

    pairs: list[tuple[BoundField, str]]  # each field with its German source text (pair_with_source)

    class Meta:
        model = OfferTranslation
        fields = list(OfferTranslation.translated_fields)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "opening_hours": forms.Textarea(attrs={"rows": 3}),
            "registration": forms.Textarea(attrs={"rows": 3}),
            "accessibility": forms.Textarea(attrs={"rows": 2}),
            "directions": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, language: str, **kwargs: Any) -> None:
        super().__init__(*args, prefix=language, **kwargs)
        self.language = language
        if language == SOURCE_LANGUAGE:
            self.fields["title"].required = True


def offer_text_forms(data: Any, offer: Offer | None) -> dict[str, OfferTextForm]:
    rows = {row.language: row for row in offer.translations.all()} if offer is not None else {}
    forms_ = {code: OfferTextForm(data, instance=rows.get(code), language=code) for code in settings.CONTENT_LANGUAGES}
    source = rows.get(SOURCE_LANGUAGE)
    pair_with_source(forms_, source.texts() if source is not None else {})
    return forms_


def pair_with_source(text_forms: dict[str, OfferTextForm], source: dict[str, str]) -> None:
    """Line each translated field up with its German source text (`form.pairs`).

    The inputs carry the target language and its direction; labels and hints stay in the
    reader's language and direction (they are not inside an element with the target's `dir`).
    """
    for code, form in text_forms.items():
        direction = "rtl" if code in settings.LANGUAGES_BIDI else "ltr"
        for name, field in form.fields.items():
            field.widget.attrs.update({"lang": code, "dir": direction})
            if code != SOURCE_LANGUAGE and not field.help_text:  # the German source is read with the field
                field.widget.attrs["aria-describedby"] = f"source-{form[name].html_name}"
        form.pairs = [(form[name], source.get(name, "")) for name in form.fields]


def proposal_forms(data: Any, *, proposal: Any, centre: Any) -> tuple[OfferForm, dict[str, OfferTextForm]]:
    """The forms of the offer editor, filled from a proposal's payload (for the editor to correct)."""
    payload = proposal.payload
    values = dict(payload["data"])
    initial = {
        **{name: values.get(name) for name in OfferForm.Meta.fields if name in values},
        "organisation": proposal.organisation_id,
        "address": values.get("address"),
        "area_codes": decode_codes(values.get("areas") or ""),
        "age_codes": decode_codes(values.get("age_groups") or ""),
        "language_codes": decode_codes(values.get("languages") or ""),
    }
    form = OfferForm(data, initial=initial, centre=centre, organisation=proposal.organisation)
    texts = payload.get("texts", {})
    text_forms = {
        code: OfferTextForm(data, initial=texts.get(code, {}), language=code) for code in settings.CONTENT_LANGUAGES
    }
    pair_with_source(text_forms, texts.get(SOURCE_LANGUAGE, {}))
    return form, text_forms


class BrochureForm(KernFormMixin, forms.Form):
    areas = forms.MultipleChoiceField(
        label=_("Areas of life (none chosen: all)"),
        choices=Area.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    district = forms.ChoiceField(label=_("District"), required=False)
    language = forms.ChoiceField(label=_("Language of the brochure"))

    def __init__(self, *args: Any, districts: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "district", forms.ChoiceField).choices = [("", _("all")), *((d, d) for d in districts)]
        languages = dict(settings.LANGUAGES)
        field_of(self, "language", forms.ChoiceField).choices = [
            (code, languages[code]) for code in settings.CONTENT_LANGUAGES
        ]


class ImportUploadForm(KernFormMixin, forms.Form):
    file = forms.FileField(label=_("CSV or Excel file (XLSX)"), validators=[validate_upload_size])


class ImportMappingForm(KernFormMixin, forms.Form):
    """For each field of an offer, the column of the uploaded file that holds it."""

    def __init__(self, *args: Any, headers: list[str], guesses: dict[str, str], **kwargs: Any) -> None:
        from anlaufstelle.directory.transfer import FIELDS

        super().__init__(*args, **kwargs)
        choices = [("", _("— not in the file —")), *((h, h) for h in headers)]
        for field, (label, required, _words) in FIELDS.items():
            self.fields[field] = forms.ChoiceField(
                label=label, choices=choices, required=required, initial=guesses.get(field, "")
            )
        self.style_fields()


class ProposalCommentForm(KernFormMixin, forms.Form):
    text = forms.CharField(label=_("Comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), strip=True)


class OfferStatusForm(forms.Form):
    """The status a button sets (publish, back to draft, archive)."""

    status = forms.ChoiceField(choices=Offer.Status.choices)


class OfferTranslateForm(forms.Form):
    """The language a button fills from the German text by machine translation."""

    language = forms.ChoiceField(
        choices=[(code, code) for code in settings.CONTENT_LANGUAGES if code != SOURCE_LANGUAGE]
    )


class ProposalReturnForm(forms.Form):
    """The comment that goes back to the partner with a returned proposal (longer text is cut)."""

    comment = forms.CharField(required=False, strip=True)

    def clean_comment(self) -> str:
        return str(self.cleaned_data.get("comment", ""))[:2000]

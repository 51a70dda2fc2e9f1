"""Forms of the public directory."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.forms import KernFormMixin
from anlaufstelle.directory.taxonomy import OFFER_LANGUAGES, AgeGroup, Area


class SearchForm(KernFormMixin, forms.Form):
    q = forms.CharField(label=_("What are you looking for?"), required=False, max_length=200)
    area = forms.ChoiceField(label=_("Area of life"), required=False)
    age = forms.ChoiceField(label=_("For whom"), required=False)
    lang = forms.ChoiceField(label=_("Language spoken"), required=False)
    district = forms.ChoiceField(label=_("District"), required=False)
    free = forms.BooleanField(label=_("Only free of charge"), required=False)

    def __init__(self, *args: Any, districts: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything = ("", _("all"))
        self.fields["area"].choices = [everything, *Area.choices]  # type: ignore[attr-defined]
        self.fields["age"].choices = [everything, *AgeGroup.choices]  # type: ignore[attr-defined]
        self.fields["lang"].choices = [everything, *OFFER_LANGUAGES]  # type: ignore[attr-defined]
        self.fields["district"].choices = [everything, *((d, d) for d in districts)]  # type: ignore[attr-defined]
        self.fields["q"].widget.attrs.update({"type": "search", "autocomplete": "off"})

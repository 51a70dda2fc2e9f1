"""The intake fields the school statistics need (nationality, birth, home language), from the catalogues.

The forms of the intake call these helpers, so the choices and the reasons shown to the caseworker
live in one place (decision 0013). The values are stored as catalogue codes (`catalogues.py`).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.forms import PLEASE_CHOOSE
from anlaufstelle.newcomers.catalogues import NO_STATE, home_language_choices, state, state_choices

STATISTICS_REASON = _(
    "The school must report this to the state's school statistics; it receives it with the hand-over."
)


def _select(form: forms.BaseForm, name: str, choices: list[tuple[str, str]], help_text: Any) -> None:
    old = form.fields[name]
    form.fields[name] = forms.ChoiceField(
        label=old.label, choices=[("", PLEASE_CHOOSE), *choices], required=False, help_text=help_text
    )


def add_child_fields(form: forms.ModelForm[Any]) -> None:
    """Nationality (one or two), country of birth and country of schooling as catalogue choices."""
    instance = form.instance
    keep = [instance.nationality, instance.second_nationality, instance.birth_country, instance.schooling_country]
    countries = state_choices(keep=[code for code in keep if code])
    _select(form, "nationality", countries, STATISTICS_REASON)
    _select(
        form,
        "second_nationality",
        [(code, name) for code, name in countries if code not in NO_STATE],
        _("Only if the child has a second nationality."),
    )
    _select(form, "birth_country", countries, STATISTICS_REASON)
    schooling = [(code, name) for code, name in countries if code not in NO_STATE]
    typed = instance.schooling_country
    if typed and state(typed) is None:  # typed before the catalogue: kept until someone chooses again
        schooling.append((typed, typed))
    _select(
        form,
        "schooling_country",
        schooling,
        _("The country of the last school. The school records its previous school from it."),
    )
    form.fields["birth_place"].help_text = _(
        "As in the passport or birth certificate. The school records it in the pupil's file."
    )


def add_family_fields(form: forms.ModelForm[Any]) -> None:
    _select(
        form,
        "home_language",
        home_language_choices(),
        format_lazy("{} {}", _("The language the family mostly speaks at home."), STATISTICS_REASON),
    )


def clean_child(form: forms.BaseForm, data: dict[str, Any]) -> None:
    first, second = data.get("nationality", ""), data.get("second_nationality", "")
    if second and not first:
        form.add_error("second_nationality", _("Choose the first nationality first."))
    elif second and second == first:
        form.add_error("second_nationality", _("The second nationality must differ from the first."))
    elif second and first in NO_STATE:
        form.add_error("second_nationality", _("A child without a known nationality has no second one."))

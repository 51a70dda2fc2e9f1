"""The names of known dialects (dialects.py) in the reader's language, and a form field that
stores what a person types as the known dialect where it names one."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from anlaufstelle.volunteers import dialects

NAMES = {
    "levantine": _("Levantine"),
    "syrian": _("Syrian"),
    "lebanese": _("Lebanese"),
    "palestinian": _("Palestinian"),
    "jordanian": _("Jordanian"),
    "gulf": _("Gulf Arabic"),
    "iraqi": _("Iraqi"),
    "egyptian": _("Egyptian"),
    "maghrebi": _("Maghrebi (Darija)"),
    "moroccan": _("Moroccan"),
    "algerian": _("Algerian"),
    "tunisian": _("Tunisian"),
    "libyan": _("Libyan"),
    "sudanese": _("Sudanese"),
    "yemeni": _("Yemeni"),
    "standard-arabic": _("Modern Standard Arabic"),
    "kurmanji": _("Kurmanji"),
    "badini": _("Badini"),
    "sorani": _("Sorani"),
    "southern-kurdish": _("Southern Kurdish"),
    "zazaki": _("Zazaki"),
    "gorani": _("Gorani"),
    "farsi": _("Farsi (Iran)"),
    "dari": _("Dari (Afghanistan)"),
    "tajik": _("Tajik"),
}


def dialect_label(value: str) -> str:
    """A stored dialect as shown: the translated name of a known one, other text as entered."""
    return str(NAMES[value]) if value in NAMES else value


class DialectField(forms.CharField):
    """Free text, stored as the known dialect it names ("Syrisch-Arabisch" -> "syrian")."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 60)
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("e.g. Syrian, Iraqi, Sorani, Dari — related dialects are found too."))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        return dialect_label(value) if isinstance(value, str) else value

    def clean(self, value: Any) -> str:
        text: str = super().clean(value)
        known = dialects.normalise(text)
        return known if known in dialects.DIALECTS else text.strip()

"""Languages are named in the reader's language, with the own script beside it (issue 19 item 7)."""

from __future__ import annotations

import pytest
from django.utils import translation

from anlaufstelle.core.languages import OFFER_LANGUAGES, codes_by_name, language_label, language_name


@pytest.mark.parametrize(
    ("reader", "code", "label"),
    [
        ("de", "ar", "Arabisch (العربية)"),
        ("de", "prs", "Dari (دری)"),
        ("de", "fa", "Persisch (فارسی)"),
        ("de", "ps", "Paschtu (پښتو)"),
        ("de", "kmr", "Kurmandschi (Kurmancî)"),
        ("de", "de", "Deutsch"),
        ("en", "uk", "Ukrainian (Українська)"),
        ("ar", "ar", "العربية"),
        ("tr", "tr", "Türkçe"),
    ],
)
def test_a_language_is_named_for_the_reader(reader: str, code: str, label: str) -> None:
    with translation.override(reader):
        assert language_label(code) == label


def test_choices_follow_the_active_language() -> None:
    labels = dict(OFFER_LANGUAGES)
    with translation.override("de"):
        assert str(labels["prs"]) == "Dari (دری)" and str(labels["fa"]) == "Persisch (فارسی)"
    with translation.override("uk"):
        assert language_name("de") == "німецька"


def test_imports_accept_codes_own_german_and_english_names() -> None:
    table = codes_by_name()
    for name, code in {
        "ar": "ar",
        "العربية": "ar",
        "arabisch": "ar",
        "arabic": "ar",
        "dari": "prs",
        "paschtu": "ps",
    }.items():
        assert table[name.casefold()] == code

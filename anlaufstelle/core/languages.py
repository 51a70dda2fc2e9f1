"""Shared vocabulary of all apps: the languages an offer, a family, a volunteer or an event can be
held in, and how a set of codes is stored in one text column ("|ar|de|").

Every app reads its language choices from here (directory, newcomers, volunteers, events), so no
app depends on another for them.
"""

from __future__ import annotations

from babel import Locale, UnknownLocaleError
from django.utils.functional import lazy
from django.utils.translation import get_language, gettext_lazy, to_locale

# The languages an offer, a family, a volunteer or an event can have (ISO 639-1, plus Dari "prs"
# and Kurmanji "kmr"), each with its name in its own script.
OWN_NAMES = {
    "de": "Deutsch",
    "en": "English",
    "ar": "العربية",
    "tr": "Türkçe",
    "uk": "Українська",
    "ru": "Русский",
    "fa": "فارسی",
    "prs": "دری",
    "kmr": "Kurmancî",
    "ro": "Română",
    "bg": "Български",
    "pl": "Polski",
    "ti": "ትግርኛ",
    "ps": "پښتو",
    "so": "Soomaali",
    "fr": "Français",
}

# CLDR (through Babel) names every language above in every interface language except these two,
# which it files under Persian (Afghanistan) and Kurdish; their names come from our catalogues.
_NOT_IN_CLDR = {"prs": gettext_lazy("Dari"), "kmr": gettext_lazy("Kurmanji")}


def language_name(code: str) -> str:
    """The language's name in the reader's language: "Arabisch" on a German page, "Arabic" in
    English, "العربية" in Arabic (CLDR data, maintained by Unicode, through Babel)."""
    if code in _NOT_IN_CLDR:
        return str(_NOT_IN_CLDR[code])
    reader = get_language() or "en"  # no active language (management commands): English
    try:
        names = Locale.parse(to_locale(reader)).languages
    except (UnknownLocaleError, ValueError):
        names = Locale.parse("en").languages
    return str(names.get(code) or OWN_NAMES.get(code, code))


def language_label(code: str) -> str:
    """The reader's name with the own-script name beside it where they differ: "Dari (دری)" on a
    German staff page, so Dari and Farsi are told apart by people who read neither script."""
    name = language_name(code)
    own = OWN_NAMES.get(code, "")
    return name if not own or own.casefold() == name.casefold() else f"{name} ({own})"


def codes_by_name() -> dict[str, str]:
    """Every code, and every name a spreadsheet may give a language (own script, German, English),
    lower-cased, to its code: for imports."""
    table = {code: code for code in OWN_NAMES}
    for code, own in OWN_NAMES.items():
        table[own.casefold()] = code
        for reader in ("de", "en"):
            name = str(_NOT_IN_CLDR[code]) if code in _NOT_IN_CLDR else Locale.parse(reader).languages.get(code)
            if name:
                table[name.casefold()] = code
    table.update({"dari": "prs", "kurmanji": "kmr", "kurmandschi": "kmr"})
    return table


# Choices for every language field and filter: labels computed when shown, in the reader's language.
OFFER_LANGUAGES: list[tuple[str, str]] = [(code, lazy(language_label, str)(code)) for code in OWN_NAMES]


def encode_codes(codes: list[str] | tuple[str, ...]) -> str:
    """Store a set of codes so that `|code|` finds each one on every database."""
    cleaned = sorted({code for code in codes if code})
    return f"|{'|'.join(cleaned)}|" if cleaned else ""


def decode_codes(value: str) -> list[str]:
    return [code for code in (value or "").split("|") if code]

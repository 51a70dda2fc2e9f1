"""Shared vocabulary of all apps: the languages an offer, a family, a volunteer or an event can be
held in, and how a set of codes is stored in one text column ("|ar|de|").

Every app reads its language choices from here (directory, newcomers, volunteers, events), so no
app depends on another for them.
"""

from __future__ import annotations

# Languages an offer can be held in (ISO 639-1, plus Kurmanji "kmr" and Dari "prs").
OFFER_LANGUAGES = [
    ("de", "Deutsch"),
    ("en", "English"),
    ("ar", "العربية"),
    ("tr", "Türkçe"),
    ("uk", "Українська"),
    ("ru", "Русский"),
    ("fa", "فارسی"),
    ("prs", "دری"),
    ("kmr", "Kurmancî"),
    ("ro", "Română"),
    ("bg", "Български"),
    ("pl", "Polski"),
    ("ti", "ትግርኛ"),
    ("ps", "پښتو"),
    ("so", "Soomaali"),
    ("fr", "Français"),
]


def encode_codes(codes: list[str] | tuple[str, ...]) -> str:
    """Store a set of codes so that `|code|` finds each one on every database."""
    cleaned = sorted({code for code in codes if code})
    return f"|{'|'.join(cleaned)}|" if cleaned else ""


def decode_codes(value: str) -> list[str]:
    return [code for code in (value or "").split("|") if code]

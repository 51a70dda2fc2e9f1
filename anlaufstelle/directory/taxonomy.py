"""The fixed vocabularies of the directory: areas of life and age groups (seed 000), as codes.

Codes are stored on offers ("|school|health|"); labels are translated with gettext.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Area(models.TextChoices):
    """Areas of life seeded for NRW integration centres."""

    LANGUAGE = "language", _("Language and education")
    SCHOOL = "school", _("School")
    KITA_FAMILY = "kita_family", _("Kita and family")
    WORK = "work", _("Work and vocational training")
    HEALTH = "health", _("Health")
    COUNSELLING = "counselling", _("Counselling")
    HOUSING = "housing", _("Housing")
    SPORT_LEISURE = "sport_leisure", _("Sport and leisure")
    VOLUNTEERING = "volunteering", _("Volunteering")
    MIGRANT_ORGS = "migrant_orgs", _("Migrant organisations")
    LEGAL_RESIDENCE = "legal_residence", _("Legal matters and residence (referral)")


class AgeGroup(models.TextChoices):
    """Age groups as named in the KI directory entries (seed 000)."""

    TODDLERS = "toddlers", _("Young children (0–6)")
    CHILDREN = "children", _("Children (6–13)")
    TEENAGERS = "teenagers", _("Teenagers (13–17)")
    YOUNG_ADULTS = "young_adults", _("Young adults (17–21)")
    ADULTS = "adults", _("Adults")
    FAMILIES = "families", _("Families")


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

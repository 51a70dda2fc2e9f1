"""The fixed vocabularies of the directory: areas of life and age groups (seed 000), as codes.

Codes are stored on offers ("|school|health|", see core.languages.encode_codes); labels are
translated with gettext. The language list shared by every app lives in core.languages.
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

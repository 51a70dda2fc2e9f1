"""The programme kinds shipped as templates and the indicator vocabulary (pure: no database).

A centre installs the templates on demand (`actions.kinds_install`) and may change them or add
kinds of its own. An indicator template is data: a list of `{"key", "label", "measure", "status",
"language", "age_band"}` dictionaries stored on the kind and copied to each programme, so a new
indicator is a new row in that list, never a migration (decision 0023).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

# What an indicator can count. Each measure is computed from the recorded sessions and the groups
# of a programme year (indicators.py); `status`, `language` and `age_band` narrow the sessions.
MEASURES = {
    "groups": _("groups"),
    "sites": _("sites"),
    "providers": _("partner providers"),
    "sessions": _("sessions"),
    "adults": _("adult attendances"),
    "children": _("child attendances"),
    "families": _("families reached"),
    "children_reached": _("children reached"),
    "languages": _("languages used"),
}
# Measures counting people or languages only ever count held sessions.
HELD_ONLY = frozenset({"adults", "children", "families", "children_reached", "languages"})
STATUSES = ("", "planned", "held", "cancelled")


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    measure: str
    status: str = ""
    language: str = ""
    age_band: str = ""


def parse_indicators(raw: Any) -> list[Indicator]:
    """The indicator template as objects; raises ValueError (with the offending entry) on bad data."""
    if not isinstance(raw, list):
        raise ValueError("an indicator template is a list")
    result: list[Indicator] = []
    keys: set[str] = set()
    for entry in raw:
        if not isinstance(entry, dict) or not isinstance(entry.get("key"), str) or not entry["key"]:
            raise ValueError(f"indicator without a key: {entry!r}")
        if entry.get("measure") not in MEASURES:
            raise ValueError(f"unknown measure in {entry!r}")
        status = entry.get("status", "") or ""
        if status not in STATUSES:
            raise ValueError(f"unknown status in {entry!r}")
        if entry["key"] in keys:
            raise ValueError(f"indicator key used twice: {entry['key']!r}")
        keys.add(entry["key"])
        result.append(
            Indicator(
                key=entry["key"],
                label=str(entry.get("label") or MEASURES[entry["measure"]]),
                measure=entry["measure"],
                status=status,
                language=str(entry.get("language", "") or ""),
                age_band=str(entry.get("age_band", "") or ""),
            )
        )
    return result


def _i(key: str, label: str, measure: str, **narrow: str) -> dict[str, str]:
    return {"key": key, "label": label, "measure": measure, **narrow}


# The figures the state coordination asks for in every family-education programme (German labels:
# the template is the centre's data, edited in German like the rest of its content).
_FAMILY_EDUCATION = [
    _i("groups", "Gruppen", "groups"),
    _i("sites", "Standorte", "sites"),
    _i("providers", "Träger", "providers"),
    _i("sessions_planned", "Geplante Treffen", "sessions"),
    _i("sessions_held", "Durchgeführte Treffen", "sessions", status="held"),
    _i("sessions_cancelled", "Ausgefallene Treffen", "sessions", status="cancelled"),
    _i("families", "Erreichte Familien", "families"),
    _i("children", "Erreichte Kinder", "children_reached"),
    _i("adults", "Teilnahmen Erwachsene", "adults"),
    _i("languages", "Sprachen", "languages"),
]


@dataclass(frozen=True)
class KindTemplate:
    code: str
    name: str
    age_from: int | None
    age_to: int | None
    age_note: str
    state_coordination: str
    year_kind: str  # "kita" or "school": both run 1 August to 31 July in NRW
    school_title: bool  # per-school title data (Schule ohne Rassismus)
    description: str
    indicators: list[dict[str, str]]


LAKI = "LaKI – Landesweite Koordinierungsstelle Kommunale Integrationszentren NRW"

TEMPLATES = (
    KindTemplate(
        code="griffbereit",
        name="Griffbereit",
        age_from=1,
        age_to=3,
        age_note="griffbereitMINI: 0–1 Jahre",
        state_coordination=LAKI,
        year_kind="kita",
        school_title=False,
        description="Wöchentliche Eltern-Kind-Gruppe über etwa ein Jahr, geleitet von Elternbegleiterinnen.",
        indicators=[
            *_FAMILY_EDUCATION,
            _i("children_mini", "Erreichte Kinder 0–1 (griffbereitMINI)", "children_reached", age_band="0–1"),
            _i("children_1_3", "Erreichte Kinder 1–3", "children_reached", age_band="1–3"),
        ],
    ),
    KindTemplate(
        code="rucksack-kita",
        name="Rucksack KiTa",
        age_from=4,
        age_to=6,
        age_note="",
        state_coordination=LAKI,
        year_kind="kita",
        school_title=False,
        description="Wöchentliche zweistündige Elterngruppe in der Kita über das Kitajahr (etwa 36 Wochen); "
        "Kooperationsvereinbarung mit dem Träger, jährliche Auswertung der Qualitätsstandards.",
        indicators=list(_FAMILY_EDUCATION),
    ),
    KindTemplate(
        code="rucksack-schule",
        name="Rucksack Schule",
        age_from=6,
        age_to=10,
        age_note="Klassen 1–4",
        state_coordination=LAKI,
        year_kind="school",
        school_title=False,
        description="Wöchentliche zweistündige Elterngruppe an der Grundschule, Themen im Takt des Unterrichts "
        "und des Herkunftssprachlichen Unterrichts; Vereinbarung zwischen Schule und KI.",
        indicators=list(_FAMILY_EDUCATION),
    ),
    KindTemplate(
        code="schule-ohne-rassismus",
        name="Schule ohne Rassismus – Schule mit Courage",
        age_from=None,
        age_to=None,
        age_note="alle Schulformen",
        state_coordination="Bundeskoordination Schule ohne Rassismus – Schule mit Courage; Landeskoordination NRW",
        year_kind="school",
        school_title=True,
        description="Titel bei Unterschrift von mindestens 70 % aller Mitglieder der Schule, mit Patin oder Pate "
        "und mindestens einem Projekttag im Jahr; das KI koordiniert die Schulen der Region.",
        indicators=[_i("sites", "Schulen", "sites"), _i("sessions_held", "Aktionen", "sessions", status="held")],
    ),
    KindTemplate(
        code="sport-vor-ort",
        name="Sport vor Ort",
        age_from=None,
        age_to=None,
        age_note="",
        state_coordination="",
        year_kind="school",
        school_title=False,
        description="Lokales Format: Gruppen oder eine Veranstaltungsreihe.",
        indicators=[
            _i("groups", "Gruppen", "groups"),
            _i("sites", "Standorte", "sites"),
            _i("sessions_held", "Durchgeführte Termine", "sessions", status="held"),
            _i("children", "Teilnahmen Kinder", "children"),
            _i("adults", "Teilnahmen Erwachsene", "adults"),
        ],
    ),
)

for _template in TEMPLATES:  # the shipped data must parse
    parse_indicators(_template.indicators)

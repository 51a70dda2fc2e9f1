"""The official code tables the school statistics use: states (Destatis) and family languages (SVWS).

The tables are shipped as data in `newcomers/data/` with their source, commit and licence
(see its README); this module only reads them. The intake offers their entries, the SchILD-NRW
hand-over (`handover.py`) writes their codes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils import timezone

DATA = Path(__file__).resolve().parent / "data"

GERMANY = "000"
STATELESS, UNCLEAR, NOT_STATED = "997", "998", "999"
# Not a state: no second nationality beside them, never "the country" of a school.
NO_STATE = frozenset({STATELESS, UNCLEAR, NOT_STATED})

UNKNOWN_LANGUAGE, OTHER_LANGUAGE = "xx", "xy"
# Languages the centre records more finely than the catalogue (ISO 639-3 individual languages):
# the catalogue code of their macrolanguage, and the name shown in the intake.
LANGUAGE_VARIANTS = {
    "prs": ("fa", "Dari"),
    "kmr": ("ku", "Kurmandschi (Nordkurdisch)"),
    "ckb": ("ku", "Sorani (Zentralkurdisch)"),
}


@dataclass(frozen=True)
class State:
    code: str  # Destatis, 3 digits
    iso3: str
    iso2: str
    name: str
    nationality: str
    valid_from: int | None
    valid_to: int | None

    def valid_in(self, year: int) -> bool:
        return (self.valid_from is None or self.valid_from <= year) and (self.valid_to is None or year <= self.valid_to)


@dataclass(frozen=True)
class Language:
    code: str  # what SchILD writes: ISO 639-1, or xx/xy
    iso3: str
    name: str


def _rows(name: str) -> list[dict[str, object]]:
    payload = json.loads((DATA / name).read_text(encoding="utf-8"))
    rows: list[dict[str, object]] = payload["rows"]
    return rows


def _year(value: object) -> int | None:
    """A year of validity from the data file (null: open-ended)."""
    return None if value is None else int(str(value))


@cache
def states() -> dict[str, State]:
    """Every state and territory by its Destatis code, historic ones included."""
    return {
        str(row["code"]): State(
            code=str(row["code"]),
            iso3=str(row["iso3"]),
            iso2=str(row["iso2"]),
            name=str(row["name"]),
            nationality=str(row["nationality"]),
            valid_from=_year(row["from"]),
            valid_to=_year(row["to"]),
        )
        for row in _rows("nationalitaeten.json")
    }


@cache
def languages() -> dict[str, Language]:
    return {
        str(row["code"]): Language(code=str(row["code"]), iso3=str(row["iso3"]), name=str(row["name"]))
        for row in _rows("verkehrssprachen.json")
    }


def _sort_key(text: str) -> str:
    for umlaut, plain in (("ä", "a"), ("ö", "o"), ("ü", "u"), ("ß", "ss"), ("ô", "o"), ("ã", "a")):
        text = text.lower().replace(umlaut, plain)
    return text


def state(code: str) -> State | None:
    return states().get(code or "")


def find_state(text: str) -> State | None:
    """A state from a code, an ISO code or its German name (for values typed before the catalogue)."""
    text = (text or "").strip()
    if not text:
        return None
    if text in states():
        return states()[text]
    wanted = _sort_key(text)
    year = timezone.localdate().year
    matches = [
        s
        for s in states().values()
        if wanted in {s.iso3.lower(), s.iso2.lower(), _sort_key(s.name)} and s.valid_in(year)
    ]
    return matches[0] if len(matches) == 1 else None


def state_choices(*, keep: Iterable[str] = ()) -> list[tuple[str, str]]:
    """States valid this year by German name, the three "no state" entries last; `keep` codes stay
    offered even when no longer valid, so an older record is shown as it is."""
    year = timezone.localdate().year
    kept = set(keep)
    chosen = [s for s in states().values() if s.code not in NO_STATE and (s.valid_in(year) or s.code in kept)]
    chosen.sort(key=lambda s: _sort_key(s.name))
    return [(s.code, s.name) for s in chosen] + [(code, states()[code].name) for code in sorted(NO_STATE)]


def home_language_choices() -> list[tuple[str, str]]:
    """The catalogue's languages plus the finer ones the centre records, by name; unknown/other last."""
    entries = [
        (lang.code, lang.name) for lang in languages().values() if lang.code not in {UNKNOWN_LANGUAGE, OTHER_LANGUAGE}
    ]
    entries += [(code, name) for code, (_, name) in LANGUAGE_VARIANTS.items()]
    entries.sort(key=lambda item: _sort_key(item[1]))
    last = [(code, languages()[code].name) for code in (OTHER_LANGUAGE, UNKNOWN_LANGUAGE)]
    return [*entries, *last]


def language_name(code: str) -> str:
    if code in LANGUAGE_VARIANTS:
        return LANGUAGE_VARIANTS[code][1]
    entry = languages().get(code)
    return entry.name if entry else code


def verkehrssprache(code: str) -> str | None:
    """The catalogue code for a language code of ours (`kmr` → `ku`, `prs` → `fa`, `ara` → `ar`);
    None when the catalogue has no entry for it (the hand-over then writes `xy`, other language)."""
    if code in languages():
        return code
    if code in LANGUAGE_VARIANTS:
        return LANGUAGE_VARIANTS[code][0]
    for lang in languages().values():
        if lang.iso3 == code:
            return lang.code
    return None

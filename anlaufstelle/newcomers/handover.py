"""Hand-over of placed children to the school: the "Schnittstelle SchILD-NRW" text files in a ZIP.

Decision 0013: `SchuelerBasisdaten.dat`, `SchuelerZusatzdaten.dat`, `SchuelerErzieher.dat` and
`SchuelerTelefonnummern.dat`; `|`-separated, no quotes, every line with every column, a header
line, dates TT.MM.JJJJ, CRLF, Windows-1252 by default (UTF-8 with BOM on request). Names that
Windows-1252 cannot hold are never changed silently: the export refuses and says who and why.

Every value is checked against the interface description before anything is written (`LIMITS`:
length and "must not be empty" per column); codes come from the shipped catalogues
(`catalogues.py`). What cannot be expressed is refused with one message naming each child and
field, so the school never has to fix a record by hand.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Mapping, Sequence
from typing import Any

from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anlaufstelle.core.errors import Refused
from anlaufstelle.newcomers import catalogues
from anlaufstelle.newcomers.models import Child, Family, Guardian, Placement

BASIS = [
    "Nachname",
    "Vorname",
    "Geburtsdatum",
    "Geschlecht",
    "Status",
    "PLZ",
    "Ort",
    "Straße",
    "Aussiedler",
    "1. Staatsang.",
    "Konfession",
    "StatistikKrz Konfession",
    "Aufnahmedatum",
    "Abmeldedatum Religionsunterricht",
    "Anmeldedatum Religionsunterricht",
    "Schulpflicht erf.",
    "Reform-Pädagogik",
    "Nr. Stammschule",
    "Jahr",
    "Abschnitt",
    "Jahrgang",
    "Klasse",
    "Schulgliederung",
    "OrgForm",
    "Klassenart",
    "Fachklasse",
    "Noch frei",
    "Verpflichtung Sprachförderkurs",
    "Teilnahme Sprachförderkurs",
    "Einschulungsjahr",
    "Übergangsempf. JG5",
    "Jahr Wechsel S1",
    "1. Schulform S1",
    "Jahr Wechsel S2",
    "Förderschwerpunkt",
    "2. Förderschwerpunkt",
    "Schwerstbehinderung",
    "Autist",
    "LS Schulnr.",
    "LS Schulform",
    "Herkunft",
    "LS Entlassdatum",
    "LS Jahrgang",
    "LS Versetzung",
    "LS Reformpädagogik",
    "LS Gliederung",
    "LS Fachklasse",
    "LS Abschluss",
    "Abschluss",
    "Schulnr. neue Schule",
    "Zuzugsjahr",
    "Geburtsland Schüler",
    "Geburtsland Mutter",
    "Geburtsland Vater",
    "Verkehrssprache",
    "Dauer Kindergartenbesuch",
    "Ende Eingliederungsphase",
    "Ende Anschlussförderung",
]
EXTRA = [
    "Nachname",
    "Vorname",
    "Geburtsdatum",
    "Namenszusatz",
    "Geburtsname",
    "Geburtsort",
    "Ortsteil",
    "Telefon-Nr.",
    "E-Mail",
    "2. Staatsang.",
    "Externe ID-Nr",
    "Sportbefreiung",
    "Fahrschülerart",
    "Haltestelle",
    "Einschulungsart",
    "Entlassdatum",
    "Entlassjahrgang",
    "Datum Schulwechsel",
    "Bemerkungen",
    "BKAZVO",
    "BeginnBildungsgang",
    "Anmeldedatum",
    "Bafög",
    "EP-Jahre",
    "Fax/Mobilnr",
    "Ausweisnummer",
    "schulische E-Mail",
    "Masern-Impfnachweis",
]
GUARDIANS = [
    "Nachname",
    "Vorname",
    "Geburtsdatum",
    "Erzieherart",
    "Anrede 1.Person",
    "Titel 1.Person",
    "Nachname 1.Person",
    "Vorname 1.Person",
    "Anrede 2.Person",
    "Titel 2.Person",
    "Nachname 2.Person",
    "Vorname 2.Person",
    "Straße",
    "PLZ",
    "Ort",
    "Ortsteil",
    "E-Mail 1. Person",
    "Anschreiben",
    "E-Mail 2. Person",
]
PHONES = ["Nachname", "Vorname", "Geburtsdatum", "Telefonnr.", "Art"]

# The interface description, per column that has a limit: (maximum length, may be empty). Text(n) is
# n characters; dates and numbers have no length here. "Nein" in the description is False.
LIMITS: dict[str, dict[str, tuple[int | None, bool]]] = {
    "SchuelerBasisdaten.dat": {
        "Nachname": (50, False),
        "Vorname": (30, False),
        "Geburtsdatum": (None, False),
        "Geschlecht": (1, False),
        "Status": (None, False),
        "PLZ": (10, True),
        "Ort": (50, True),
        "Straße": (50, True),
        "Aussiedler": (1, True),
        "1. Staatsang.": (3, True),
        "Schulpflicht erf.": (1, False),
        "Jahrgang": (20, True),
        "Klasse": (6, True),
        "Verpflichtung Sprachförderkurs": (1, False),
        "Teilnahme Sprachförderkurs": (1, False),
        "Schwerstbehinderung": (1, False),
        "Autist": (1, False),
        "LS Schulnr.": (6, True),
        "Herkunft": (3, True),
        "Geburtsland Schüler": (3, True),
        "Verkehrssprache": (2, True),
    },
    "SchuelerZusatzdaten.dat": {
        "Nachname": (50, False),
        "Vorname": (30, False),
        "Geburtsdatum": (None, False),
        "Geburtsort": (30, True),
        "2. Staatsang.": (3, True),
        "Externe ID-Nr": (30, True),
        "Bemerkungen": (255, True),
    },
    "SchuelerErzieher.dat": {
        "Nachname": (50, False),
        "Vorname": (30, False),
        "Geburtsdatum": (None, False),
        "Erzieherart": (30, True),
        "Anrede 1.Person": (20, True),
        "Nachname 1.Person": (50, False),
        "Vorname 1.Person": (30, True),
        "Anrede 2.Person": (20, True),
        "Nachname 2.Person": (50, True),
        "Vorname 2.Person": (30, True),
        "Straße": (50, True),
        "PLZ": (10, True),
        "Ort": (50, True),
        "E-Mail 1. Person": (50, True),
        "Anschreiben": (1, False),
        "E-Mail 2. Person": (50, True),
    },
    "SchuelerTelefonnummern.dat": {
        "Nachname": (50, False),
        "Vorname": (30, False),
        "Geburtsdatum": (None, False),
        "Telefonnr.": (20, False),
        "Art": (30, False),
    },
}


def _label(model: Any, name: str) -> Any:
    return model._meta.get_field(name).verbose_name


def _guardian_label(name: str) -> Any:
    return format_lazy("{} – {}", Guardian._meta.verbose_name, _label(Guardian, name))


# What each column is called where the caseworker (or the school at download) can change it.
SOURCES: dict[str, Any] = {
    "Nachname": _label(Child, "last_name"),
    "Vorname": _label(Child, "first_name"),
    "PLZ": _label(Family, "postcode"),
    "Ort": _label(Family, "city"),
    "Straße": _label(Family, "street"),
    "Geburtsort": _label(Child, "birth_place"),
    "Jahrgang": gettext_lazy("grade"),
    "Klasse": gettext_lazy("class"),
    "Nachname 1.Person": _guardian_label("last_name"),
    "Vorname 1.Person": _guardian_label("first_name"),
    "Nachname 2.Person": _guardian_label("last_name"),
    "Vorname 2.Person": _guardian_label("first_name"),
    "E-Mail 1. Person": _guardian_label("email"),
    "E-Mail 2. Person": _guardian_label("email"),
    "Telefonnr.": _guardian_label("phone"),
}

GENDER: dict[str, str] = {
    Child.Gender.FEMALE: "w",
    Child.Gender.MALE: "m",
    Child.Gender.DIVERSE: "d",
    Child.Gender.UNSPECIFIED: "x",
}
ADDRESS_FORM: dict[str, str] = {Guardian.Relation.MOTHER: "Frau", Guardian.Relation.FATHER: "Herr"}
RELATION: dict[str, str] = {
    Guardian.Relation.MOTHER: "Mutter",
    Guardian.Relation.FATHER: "Vater",
    Guardian.Relation.GUARDIAN: "Vormund",
}
# "LS Schulnr." of a school abroad (SVWS Herkunftsschulnummern): Belgium, Luxembourg and the
# Netherlands have their own number, every other country is "Schule aus dem sonstigen Ausland".
ABROAD_SCHOOL = "999000"
NEIGHBOUR_SCHOOL = {"124": "991000", "143": "992000", "148": "993000"}
FOREIGN_NEWCOMER, GERMAN_NEWCOMER = "AS", "XS"  # Herkunft: foreign / German pupils arriving from abroad


class HandoverError(Refused):
    """The files cannot be written as asked; the message names each child and field concerned."""


def _date(day: datetime.date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


def _clean(value: object) -> str:
    return str(value or "").replace("|", "/").replace("\r", " ").replace("\n", " ").strip()


def school_year(day: datetime.date) -> tuple[str, str]:
    """(Jahr, Abschnitt) in SchILD's sense: the school year starts on 1 August, the second half on 1 February."""
    year = day.year if day.month >= 8 else day.year - 1
    half = "1" if day.month >= 8 or day.month == 1 else "2"
    return str(year), half


def _line(columns: Sequence[str], values: dict[str, str]) -> str:
    unknown = set(values) - set(columns)
    if unknown:  # a typo in a column name must not silently drop a value
        raise KeyError(unknown)
    return "|".join(_clean(values.get(column, "")) for column in columns)


def approved_on(placement: Placement) -> datetime.date:
    """The day the school authority approved the place (its stage event), not the day of the download."""
    days = [e.happened_on for e in placement.child.stage_events.all() if e.stage == Child.Stage.APPROVED]
    if days:
        return max(days)
    moment = placement.decided_at if placement.status == Placement.Status.APPROVED else None
    return timezone.localdate(moment or placement.created_at)


class _Problems:
    """What cannot be written, one sentence per child and field; refused together at the end."""

    def __init__(self) -> None:
        self.sentences: list[str] = []

    def missing(self, child: Child, field: Any) -> None:
        self.sentences.append(
            _("%(child)s: %(field)s is not recorded; add it to the child's record.") % {"child": child, "field": field}
        )

    def unknown(self, child: Child, field: Any, value: str) -> None:
        self.sentences.append(
            _("%(child)s: %(field)s “%(value)s” is not in the catalogue of the school statistics; choose it again.")
            % {"child": child, "field": field, "value": value}
        )

    def check(self, child: Child, name: str, row: dict[str, str]) -> None:
        """Lengths and required columns of one line, as the interface description gives them."""
        for column, (limit, may_be_empty) in LIMITS[name].items():
            value = _clean(row.get(column, ""))
            field = SOURCES.get(column, column)
            if not value and not may_be_empty:
                self.missing(child, field)
            elif limit is not None and len(value) > limit:
                self.sentences.append(
                    _(
                        "%(child)s: %(field)s “%(value)s” has %(length)s characters, but the school's software "
                        "takes at most %(limit)s. Please shorten it where it was entered."
                    )
                    % {"child": child, "field": field, "value": value, "length": len(value), "limit": limit}
                )
        if bool(_clean(row.get("PLZ"))) != bool(_clean(row.get("Ort"))) and "PLZ" in LIMITS[name]:
            self.sentences.append(
                _("%(child)s: the address needs both postcode and city, or neither.") % {"child": child}
            )

    def raise_if_any(self) -> None:
        if self.sentences:
            raise HandoverError(" ".join(dict.fromkeys(self.sentences)))


def _nationalities(child: Child, problems: _Problems) -> tuple[str, str]:
    """(1st, 2nd) Destatis codes; a German citizen's German nationality comes first."""
    codes = [code for code in (child.nationality, child.second_nationality) if code]
    if not codes:
        problems.missing(child, _label(Child, "nationality"))
        return "", ""
    for code, name in zip(codes, ("nationality", "second_nationality"), strict=False):
        if catalogues.state(code) is None:
            problems.unknown(child, _label(Child, name), code)
    if catalogues.GERMANY in codes:
        codes.sort(key=lambda code: code != catalogues.GERMANY)
    return codes[0], (codes[1] if len(codes) > 1 else "")


def _birth_country(child: Child, problems: _Problems) -> str:
    if not child.birth_country:
        problems.missing(child, _label(Child, "birth_country"))
    elif catalogues.state(child.birth_country) is None:
        problems.unknown(child, _label(Child, "birth_country"), child.birth_country)
    return child.birth_country


def _home_language(child: Child, problems: _Problems) -> str:
    """The catalogue code of the language spoken at home; a family with one language speaks that one."""
    family = child.family
    code = family.home_language or (family.language_codes[0] if len(family.language_codes) == 1 else "")
    if not code:
        problems.missing(child, _label(Family, "home_language"))
        return ""
    return catalogues.verkehrssprache(code) or catalogues.OTHER_LANGUAGE


def _previous_school(child: Child, problems: _Problems) -> tuple[str, catalogues.State | None]:
    """`LS Schulnr.` for schooling abroad, by the country of the last school."""
    schooled = child.schooling_kind in (Child.Schooling.REGULAR, Child.Schooling.INTERRUPTED)
    if not child.schooling_years or not schooled:  # no school, or informal/home schooling: no previous school
        return "", None
    country = catalogues.find_state(child.schooling_country)
    if country is None or country.code in catalogues.NO_STATE:
        if child.schooling_country:
            problems.unknown(child, _label(Child, "schooling_country"), child.schooling_country)
        else:
            problems.missing(child, _label(Child, "schooling_country"))
        return "", None
    if country.code == catalogues.GERMANY:  # a school in Germany: its number is the school's to ask
        return "", country
    return NEIGHBOUR_SCHOOL.get(country.code, ABROAD_SCHOOL), country


def _guardian_rows(key: dict[str, str], family: Family, guardians: list[Guardian]) -> list[dict[str, str]]:
    """One line per two guardians, the first two first; a third guardian gets a line of their own."""
    rows = []
    for first, second in (
        (guardians[i], guardians[i + 1] if i + 1 < len(guardians) else None) for i in range(0, len(guardians), 2)
    ):
        row = {
            **key,
            "Erzieherart": "Eltern" if second else RELATION.get(first.relation, "Vormund"),
            "Anrede 1.Person": ADDRESS_FORM.get(first.relation, ""),
            "Nachname 1.Person": first.last_name,
            "Vorname 1.Person": first.first_name,
            "Straße": family.street,
            "PLZ": family.postcode,
            "Ort": family.city,
            "E-Mail 1. Person": first.email,
            "Anschreiben": "J",
        }
        if second:
            row.update(
                {
                    "Anrede 2.Person": ADDRESS_FORM.get(second.relation, ""),
                    "Nachname 2.Person": second.last_name,
                    "Vorname 2.Person": second.first_name,
                    "E-Mail 2. Person": second.email,
                }
            )
        rows.append(row)
    return rows


def _rows(
    placement: Placement, problems: _Problems, grade: str = "", klass: str = ""
) -> tuple[dict[str, str], dict[str, str], list[dict[str, str]], list[dict[str, str]]]:
    child: Child = placement.child
    family = child.family
    key = {"Nachname": child.last_name, "Vorname": child.first_name, "Geburtsdatum": _date(child.birth_date)}
    start = placement.first_school_day or child.first_school_day or timezone.localdate()
    year, half = school_year(start)
    first, second = _nationalities(child, problems)
    previous, country = _previous_school(child, problems)
    basis = {
        **key,
        "Geschlecht": GENDER[child.gender],
        "Status": "0",  # Neuaufnahme
        "PLZ": family.postcode,
        "Ort": family.city,
        "Straße": family.street,
        "Aussiedler": "N",
        "1. Staatsang.": first,
        "Aufnahmedatum": _date(placement.first_school_day),
        "Schulpflicht erf.": "N",
        "Jahr": year,
        "Abschnitt": half,
        "Jahrgang": grade,
        "Klasse": klass,
        "Verpflichtung Sprachförderkurs": "N",
        "Teilnahme Sprachförderkurs": "N",
        "Schwerstbehinderung": "N",
        "Autist": "N",
        "LS Schulnr.": previous,
        "Herkunft": GERMAN_NEWCOMER if first == catalogues.GERMANY else FOREIGN_NEWCOMER,
        # SchILD's guidance for children from abroad: left the previous school the day before admission.
        "LS Entlassdatum": _date(placement.first_school_day - datetime.timedelta(days=1))
        if previous and placement.first_school_day
        else "",
        "Zuzugsjahr": str(family.arrival_date.year) if family.arrival_date else "",
        "Geburtsland Schüler": _birth_country(child, problems),
        "Verkehrssprache": _home_language(child, problems),
    }
    notes = [
        f"Seiteneinstieg über das Kommunale Integrationszentrum; {child.schooling_years} Schulbesuchsjahre",
        f"Klassenmodell: {placement.quota.get_class_model_display()}",
    ]
    if child.last_grade:
        notes.append(f"zuletzt Klasse {child.last_grade}")
    if country is not None or child.schooling_country:
        notes.append(f"Schulbesuch in {country.name if country else child.schooling_country}")
    extra = {
        **key,
        "Geburtsort": child.birth_place,
        "2. Staatsang.": second,
        "Externe ID-Nr": f"KI-{child.centre_id}-{child.pk}",
        "Bemerkungen": "; ".join(notes)[:255],
        "Anmeldedatum": _date(approved_on(placement)),
    }
    guardians = list(family.guardians.all())
    guardian_rows = _guardian_rows(key, family, guardians)
    phones = [{**key, "Telefonnr.": g.phone, "Art": RELATION.get(g.relation, "Vormund")} for g in guardians if g.phone]
    problems.check(child, "SchuelerBasisdaten.dat", basis)
    problems.check(child, "SchuelerZusatzdaten.dat", extra)
    for row in guardian_rows:
        problems.check(child, "SchuelerErzieher.dat", row)
    for row in phones:
        problems.check(child, "SchuelerTelefonnummern.dat", row)
    return basis, extra, guardian_rows, phones


def _encode(text: str, encoding: str, placements: list[Placement]) -> bytes:
    try:
        return text.encode(encoding)
    except UnicodeEncodeError as exc:
        bad = text[exc.start : exc.end]
        for placement in placements:
            child = placement.child
            if bad in f"{child.last_name}{child.first_name}{child.birth_place}" or any(
                bad in f"{g.last_name}{g.first_name}{g.email}" for g in child.family.guardians.all()
            ):
                raise HandoverError(
                    _(
                        "“%(char)s” in the names of %(child)s cannot be written in Windows-1252. Download the "
                        "UTF-8 file if the school's software reads it, or ask the family for the Latin spelling."
                    )
                    % {"char": bad, "child": child}
                ) from None
        raise HandoverError(
            _("“%(char)s” cannot be written in Windows-1252. Download the UTF-8 file instead.") % {"char": bad}
        ) from None


def schild_zip(
    placements: list[Placement],
    *,
    encoding: str = "cp1252",
    classes: Mapping[int, tuple[str, str]] | None = None,
) -> bytes:
    """The four interface files for these placements, in one ZIP.

    `classes` maps a child's id to the (Jahrgang, Klasse) the school entered at download; both are
    the school's own names and may stay empty (SchILD-NRW 3 from 3.1.20 imports a pupil without a class).
    Raises HandoverError, naming every child and field that cannot be written, before writing anything.
    """
    tables: dict[str, tuple[list[str], list[dict[str, str]]]] = {
        "SchuelerBasisdaten.dat": (BASIS, []),
        "SchuelerZusatzdaten.dat": (EXTRA, []),
        "SchuelerErzieher.dat": (GUARDIANS, []),
        "SchuelerTelefonnummern.dat": (PHONES, []),
    }
    problems = _Problems()
    for placement in placements:
        grade, klass = (classes or {}).get(placement.child_id, ("", ""))
        basis, extra, guardians, phones = _rows(placement, problems, grade.strip(), klass.strip())
        tables["SchuelerBasisdaten.dat"][1].append(basis)
        tables["SchuelerZusatzdaten.dat"][1].append(extra)
        tables["SchuelerErzieher.dat"][1].extend(guardians)
        tables["SchuelerTelefonnummern.dat"][1].extend(phones)
    problems.raise_if_any()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, (columns, rows) in tables.items():
            text = "\r\n".join(["|".join(columns), *(_line(columns, row) for row in rows)]) + "\r\n"
            archive.writestr(name, _encode(text, encoding, placements))
    return buffer.getvalue()

"""Hand-over of placed children to the school: the "Schnittstelle SchILD-NRW" text files in a ZIP.

Decision 0013: `SchuelerBasisdaten.dat`, `SchuelerZusatzdaten.dat`, `SchuelerErzieher.dat` and
`SchuelerTelefonnummern.dat`; `|`-separated, no quotes, every line with every column, a header
line, dates TT.MM.JJJJ, CRLF, Windows-1252 by default (UTF-8 with BOM on request). Names that
Windows-1252 cannot hold are never changed silently: the export refuses and says who and why.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Sequence

from django.utils import timezone
from django.utils.translation import gettext as _

from anlaufstelle.core.errors import Refused
from anlaufstelle.newcomers.models import Child, Guardian, Placement

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

GENDER = {"f": "w", "m": "m"}  # the spec knows only m/w; d/x stay empty until tested (decision 0013)
ADDRESS_FORM: dict[str, str] = {Guardian.Relation.MOTHER: "Frau", Guardian.Relation.FATHER: "Herr"}
RELATION: dict[str, str] = {
    Guardian.Relation.MOTHER: "Mutter",
    Guardian.Relation.FATHER: "Vater",
    Guardian.Relation.GUARDIAN: "Vormund",
}
ABROAD_SCHOOL = "999000"


class HandoverError(Refused):
    """The files cannot be written as asked; the message says which child and what to do."""


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


def _rows(placement: Placement) -> tuple[dict[str, str], dict[str, str], list[dict[str, str]], list[dict[str, str]]]:
    child: Child = placement.child
    family = child.family
    key = {"Nachname": child.last_name, "Vorname": child.first_name, "Geburtsdatum": _date(child.birth_date)}
    start = placement.first_school_day or child.first_school_day or timezone.localdate()
    year, half = school_year(start)
    languages = [code for code in family.language_codes if len(code) == 2]
    basis = {
        **key,
        "Geschlecht": GENDER.get(child.gender, ""),
        "Status": "0",  # Neuaufnahme
        "PLZ": family.postcode,
        "Ort": family.city,
        "Straße": family.street,
        "Aussiedler": "N",
        "Aufnahmedatum": _date(placement.first_school_day),
        "Schulpflicht erf.": "N",
        "Jahr": year,
        "Abschnitt": half,
        "Verpflichtung Sprachförderkurs": "N",
        "Teilnahme Sprachförderkurs": "N",
        "Schwerstbehinderung": "N",
        "Autist": "N",
        "LS Schulnr.": ABROAD_SCHOOL if child.schooling_years else "",
        "Herkunft": "AS",
        "Zuzugsjahr": str(family.arrival_date.year) if family.arrival_date else "",
        "Verkehrssprache": languages[0] if languages else ("xy" if family.language_codes else "xx"),
    }
    notes = [
        f"Seiteneinstieg über das Kommunale Integrationszentrum; {child.schooling_years} Schulbesuchsjahre",
        f"Klassenmodell: {placement.quota.get_class_model_display()}",
    ]
    if child.last_grade:
        notes.append(f"zuletzt Klasse {child.last_grade}")
    if child.schooling_country:
        notes.append(f"Schulbesuch in {child.schooling_country}")
    extra = {
        **key,
        "Externe ID-Nr": f"KI-{child.centre_id}-{child.pk}",
        "Bemerkungen": "; ".join(notes)[:255],
        "Anmeldedatum": _date(timezone.localdate()),
    }
    guardians = list(family.guardians.all())
    guardian_rows = []
    if guardians:
        first, second = guardians[0], (guardians[1] if len(guardians) > 1 else None)
        kind = "Eltern" if second else RELATION.get(first.relation, "Vormund")
        row = {
            **key,
            "Erzieherart": kind,
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
        guardian_rows.append(row)
    phones = [{**key, "Telefonnr.": g.phone, "Art": RELATION.get(g.relation, "Vormund")} for g in guardians if g.phone]
    return basis, extra, guardian_rows, phones


def _encode(text: str, encoding: str, placements: list[Placement]) -> bytes:
    try:
        return text.encode(encoding)
    except UnicodeEncodeError as exc:
        bad = text[exc.start : exc.end]
        for placement in placements:
            child = placement.child
            if bad in f"{child.last_name}{child.first_name}" or any(
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


def schild_zip(placements: list[Placement], *, encoding: str = "cp1252") -> bytes:
    """The four interface files for these placements, in one ZIP."""
    tables: dict[str, tuple[list[str], list[dict[str, str]]]] = {
        "SchuelerBasisdaten.dat": (BASIS, []),
        "SchuelerZusatzdaten.dat": (EXTRA, []),
        "SchuelerErzieher.dat": (GUARDIANS, []),
        "SchuelerTelefonnummern.dat": (PHONES, []),
    }
    for placement in placements:
        basis, extra, guardians, phones = _rows(placement)
        tables["SchuelerBasisdaten.dat"][1].append(basis)
        tables["SchuelerZusatzdaten.dat"][1].append(extra)
        tables["SchuelerErzieher.dat"][1].extend(guardians)
        tables["SchuelerTelefonnummern.dat"][1].extend(phones)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, (columns, rows) in tables.items():
            text = "\r\n".join(["|".join(columns), *(_line(columns, row) for row in rows)]) + "\r\n"
            archive.writestr(name, _encode(text, encoding, placements))
    return buffer.getvalue()

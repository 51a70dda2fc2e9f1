"""The SchILD-NRW hand-over read back by an independent reader of the interface description (issue 24).

The reader below does not use the exporter's tables: the column names and their order come from
decision 0013 (which records the interface document's headers), types, lengths and mandatory
columns from the interface description as typed here, and every code is looked up in the shipped
catalogue files themselves (newcomers/data/*.json), not through catalogues.py.
"""

from __future__ import annotations

import datetime
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from anlaufstelle.core.errors import Refused
from anlaufstelle.core.models import Membership
from anlaufstelle.core.roles import Role
from anlaufstelle.newcomers import catalogues
from anlaufstelle.newcomers.forms import ChildForm, FamilyForm
from anlaufstelle.newcomers.handover import SOURCES, HandoverError, schild_zip
from anlaufstelle.newcomers.models import Child, Family, Guardian, Placement, StageEvent
from anlaufstelle.newcomers.models.family import LANGUAGE_CHOICES
from anlaufstelle.newcomers.tests.factories import ChildFactory, GuardianFactory, SeatQuotaFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "anlaufstelle" / "newcomers" / "data"
FILES = ("SchuelerBasisdaten.dat", "SchuelerZusatzdaten.dat", "SchuelerErzieher.dat", "SchuelerTelefonnummern.dat")


@pytest.fixture(autouse=True)
def _unscoped(unscoped):  # type: ignore[no-untyped-def]
    yield


# --- the independent reader ----------------------------------------------------------------------


def headers_from_decision() -> dict[str, list[str]]:
    """Each file's header line as decision 0013 records it from the interface document."""
    text = (ROOT / "docs" / "decisions" / "0013-school-handover-format.md").read_text(encoding="utf-8")
    found = dict(re.findall(r"`(Schueler\w+\.dat)`:\n```\n([^\n]+)\n```", text))
    return {name: found[name].split("|") for name in FILES}


# The interface description, column by column: T<n> text of at most n characters, D date TT.MM.JJJJ,
# I integer, JN "J" or "N"; "!" marks a column that must not be empty ("Darf leer sein? Nein").
SPEC = {
    "SchuelerBasisdaten.dat": {
        "Nachname": "T50!",
        "Vorname": "T30!",
        "Geburtsdatum": "D!",
        "Geschlecht": "T1!",
        "Status": "I!",
        "PLZ": "T10",
        "Ort": "T50",
        "Straße": "T50",
        "Aussiedler": "JN",
        "1. Staatsang.": "T3",
        "Konfession": "T30",
        "StatistikKrz Konfession": "T10",
        "Aufnahmedatum": "D",
        "Abmeldedatum Religionsunterricht": "D",
        "Anmeldedatum Religionsunterricht": "D",
        "Schulpflicht erf.": "JN!",
        "Reform-Pädagogik": "T1",
        "Nr. Stammschule": "T6",
        "Jahr": "I",
        "Abschnitt": "I",
        "Jahrgang": "T20",
        "Klasse": "T6",
        "Schulgliederung": "T3",
        "OrgForm": "T1",
        "Klassenart": "T2",
        "Fachklasse": "T10",
        "Verpflichtung Sprachförderkurs": "JN!",
        "Teilnahme Sprachförderkurs": "JN!",
        "Einschulungsjahr": "I",
        "Übergangsempf. JG5": "T10",
        "Jahr Wechsel S1": "I",
        "1. Schulform S1": "T10",
        "Jahr Wechsel S2": "I",
        "Förderschwerpunkt": "T2",
        "2. Förderschwerpunkt": "T2",
        "Schwerstbehinderung": "JN!",
        "Autist": "JN!",
        "LS Schulnr.": "T6",
        "LS Schulform": "T2",
        "Herkunft": "T3",
        "LS Entlassdatum": "D",
        "LS Jahrgang": "T2",
        "LS Versetzung": "I",
        "LS Reformpädagogik": "T1",
        "LS Gliederung": "T3",
        "LS Fachklasse": "T10",
        "LS Abschluss": "T2",
        "Abschluss": "T2",
        "Schulnr. neue Schule": "T6",
        "Zuzugsjahr": "I",
        "Geburtsland Schüler": "T3",
        "Geburtsland Mutter": "T3",
        "Geburtsland Vater": "T3",
        "Verkehrssprache": "T2",
        "Dauer Kindergartenbesuch": "T1",
        "Ende Eingliederungsphase": "D",
        "Ende Anschlussförderung": "D",
    },
    "SchuelerZusatzdaten.dat": {
        "Nachname": "T50!",
        "Vorname": "T30!",
        "Geburtsdatum": "D!",
        "Namenszusatz": "T20",
        "Geburtsname": "T30",
        "Geburtsort": "T30",
        "Ortsteil": "T30",
        "Telefon-Nr.": "T20",
        "E-Mail": "T40",
        "2. Staatsang.": "T3",
        "Externe ID-Nr": "T30",
        "Sportbefreiung": "T50",
        "Fahrschülerart": "T30",
        "Haltestelle": "T50",
        "Einschulungsart": "T40",
        "Entlassdatum": "D",
        "Entlassjahrgang": "T20",
        "Datum Schulwechsel": "D",
        "Bemerkungen": "T255",
        "Anmeldedatum": "D",
        "Bafög": "JN",
        "Fax/Mobilnr": "T20",
        "Ausweisnummer": "T30",
        "schulische E-Mail": "T40",
        "Masern-Impfnachweis": "JN",
    },
    "SchuelerErzieher.dat": {
        "Nachname": "T50!",
        "Vorname": "T30!",
        "Geburtsdatum": "D!",
        "Erzieherart": "T30",
        "Anrede 1.Person": "T20",
        "Titel 1.Person": "T10",
        "Nachname 1.Person": "T50!",
        "Vorname 1.Person": "T30",
        "Anrede 2.Person": "T20",
        "Titel 2.Person": "T10",
        "Nachname 2.Person": "T50",
        "Vorname 2.Person": "T30",
        "Straße": "T50",
        "PLZ": "T10",
        "Ort": "T50",
        "Ortsteil": "T30",
        "E-Mail 1. Person": "T50",
        "Anschreiben": "JN!",
        "E-Mail 2. Person": "T50",
    },
    "SchuelerTelefonnummern.dat": {
        "Nachname": "T50!",
        "Vorname": "T30!",
        "Geburtsdatum": "D!",
        "Telefonnr.": "T20!",
        "Art": "T30!",
    },
}


def _catalogue(name: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads((DATA / name).read_text(encoding="utf-8"))["rows"]
    return rows


STATE_CODES = {row["code"] for row in _catalogue("nationalitaeten.json")}
LANGUAGE_CODES = {row["code"] for row in _catalogue("verkehrssprachen.json")}
CODED = {  # column -> allowed values (SVWS Geschlecht, HerkunftSonstige, Herkunftsschulnummern; catalogues)
    "Geschlecht": {"m", "w", "d", "x"},
    "Status": {"0", "1", "2", "3", "6", "8", "9"},
    "1. Staatsang.": STATE_CODES,
    "2. Staatsang.": STATE_CODES,
    "Geburtsland Schüler": STATE_CODES,
    "Verkehrssprache": LANGUAGE_CODES,
    "Herkunft": {"AS", "XS"},
    "LS Schulnr.": {"991000", "992000", "993000", "999000"},
    "Anrede 1.Person": {"Herr", "Frau"},
    "Anrede 2.Person": {"Herr", "Frau"},
}


def read_handover(content: bytes, *, encoding: str = "cp1252") -> dict[str, list[dict[str, str]]]:
    """Parse the ZIP as SchILD would and assert every rule of the interface description on the way."""
    headers = headers_from_decision()
    archive = zipfile.ZipFile(io.BytesIO(content))
    assert sorted(archive.namelist()) == sorted(FILES)
    tables: dict[str, list[dict[str, str]]] = {}
    for name in FILES:
        raw = archive.read(name)
        if encoding == "utf-8-sig":
            assert raw.startswith(b"\xef\xbb\xbf")
        text = raw.decode(encoding)
        assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
        lines = text[: -len("\r\n")].split("\r\n")
        columns = headers[name]
        assert lines[0].split("|") == columns
        spec = SPEC[name]
        rows = []
        for line in lines[1:]:
            values = line.split("|")
            assert len(values) == len(columns), (name, line)
            row = dict(zip(columns, values, strict=True))
            for column, value in row.items():
                assert value == value.strip() and '"' not in value, (name, column, value)
                rule = spec.get(column, "")
                if rule.endswith("!"):
                    assert value, (name, column, "must not be empty")
                if value and rule.startswith("T"):
                    assert len(value) <= int(rule.strip("T!")), (name, column, value)
                if value and rule.startswith("D"):
                    datetime.datetime.strptime(value, "%d.%m.%Y")
                    assert re.fullmatch(r"\d\d\.\d\d\.\d{4}", value)
                if value and rule.startswith("I"):
                    assert re.fullmatch(r"-?\d+", value), (name, column, value)
                if value and rule.startswith("JN"):
                    assert value in {"J", "N"}, (name, column, value)
                if value and column in CODED:
                    assert value in CODED[column], (name, column, value)
            if "PLZ" in row:
                assert bool(row["PLZ"]) == bool(row["Ort"]), (name, "PLZ and Ort together")
            rows.append(row)
        tables[name] = rows
    keys = {(r["Nachname"], r["Vorname"], r["Geburtsdatum"]) for r in tables["SchuelerBasisdaten.dat"]}
    for name in FILES[1:]:  # every other file points at a pupil of the basis file
        assert {(r["Nachname"], r["Vorname"], r["Geburtsdatum"]) for r in tables[name]} <= keys
    return tables


# --- children of every kind ----------------------------------------------------------------------


def _placed(centre, *, guardians=("mother",), approved=None, quota=None, **child):  # type: ignore[no-untyped-def]
    quota = quota or SeatQuotaFactory(centre=centre, school__centre=centre)
    made = ChildFactory(centre=centre, family__centre=centre, **child)
    for number, relation in enumerate(guardians):
        GuardianFactory(family=made.family, centre=centre, relation=relation, phone=f"0151 10{number}")
    placement = Placement.objects.create(
        centre=centre,
        child=made,
        quota=quota,
        status=Placement.Status.ACCEPTED,
        first_school_day=TODAY + datetime.timedelta(days=7),
    )
    if approved:
        StageEvent.objects.create(centre=centre, child=made, stage=Child.Stage.APPROVED, happened_on=approved)
    return placement


def _basis(tables, placement):  # type: ignore[no-untyped-def]
    child = placement.child
    rows = {r["Vorname"]: r for r in tables["SchuelerBasisdaten.dat"]}
    return rows[child.first_name]


def _extra(tables, placement):  # type: ignore[no-untyped-def]
    return {r["Vorname"]: r for r in tables["SchuelerZusatzdaten.dat"]}[placement.child.first_name]


def test_children_of_every_kind_follow_the_interface(centre) -> None:
    quota = SeatQuotaFactory(centre=centre, school__centre=centre)
    approved = TODAY - datetime.timedelta(days=12)
    # A German citizen from abroad (recorded Russian first, German second), born in Russia, no schooling.
    german = _placed(
        centre,
        quota=quota,
        nationality="160",
        second_nationality="000",
        birth_country="160",
        birth_place="Omsk",
        schooling_kind=Child.Schooling.NONE,
        schooling_years=0,
        schooling_country="",
        family__home_language="ru",
        approved=approved,
    )
    # Two nationalities, gender d, Kurmanji at home, schooled in the Netherlands.
    kurdish = _placed(
        centre,
        quota=quota,
        gender=Child.Gender.DIVERSE,
        nationality="475",
        second_nationality="438",
        schooling_country="148",
        family__languages="|ar|de|kmr|",
        family__home_language="kmr",
    )
    # Dari at home, gender x, three guardians, schooled in Afghanistan.
    dari = _placed(
        centre,
        quota=quota,
        guardians=("mother", "father", "guardian"),
        gender=Child.Gender.UNSPECIFIED,
        nationality="423",
        birth_country="439",
        schooling_country="423",
        family__languages="|fa|prs|",
        family__home_language="prs",
    )
    # Long names, exactly at the limits; schooled in Belgium and Luxembourg.
    long_last, long_first = "A" * 25 + "-" + "B" * 24, "C" * 30
    longest = _placed(
        centre,
        quota=quota,
        first_name=long_first,
        last_name=long_last,
        schooling_country="124",
        family__street="S" * 46 + " 12a",
    )
    GuardianFactory(family=longest.child.family, centre=centre, last_name="L" * 50, email="e" * 38 + "@example.org")
    luxembourg = _placed(centre, quota=quota, schooling_country="143")
    home_schooled = _placed(centre, quota=quota, schooling_kind=Child.Schooling.INFORMAL, schooling_country="")

    placements = [german, kurdish, dari, longest, luxembourg, home_schooled]
    tables = read_handover(schild_zip(placements, classes={kurdish.child_id: ("05", "05IK")}))

    row = _basis(tables, german)
    assert (row["1. Staatsang."], row["Herkunft"], row["Geburtsland Schüler"]) == ("000", "XS", "160")
    assert (row["LS Schulnr."], row["LS Entlassdatum"], row["Verkehrssprache"]) == ("", "", "ru")
    assert (row["Geschlecht"], row["Jahrgang"], row["Klasse"]) == ("x", "", "")
    extra = _extra(tables, german)
    assert (extra["2. Staatsang."], extra["Geburtsort"]) == ("160", "Omsk")
    assert extra["Anmeldedatum"] == approved.strftime("%d.%m.%Y")  # the approval, not the download day

    row = _basis(tables, kurdish)
    assert (row["Geschlecht"], row["1. Staatsang."], row["Herkunft"], row["Verkehrssprache"]) == (
        "d",
        "475",
        "AS",
        "ku",
    )
    assert (row["LS Schulnr."], row["Jahrgang"], row["Klasse"]) == ("993000", "05", "05IK")
    day_before = kurdish.first_school_day - datetime.timedelta(days=1)
    assert row["LS Entlassdatum"] == day_before.strftime("%d.%m.%Y")
    assert row["Aufnahmedatum"] == kurdish.first_school_day.strftime("%d.%m.%Y")
    assert _extra(tables, kurdish)["2. Staatsang."] == "438"

    row = _basis(tables, dari)
    assert (row["Geschlecht"], row["Verkehrssprache"], row["Geburtsland Schüler"], row["LS Schulnr."]) == (
        "x",
        "fa",
        "439",
        "999000",
    )
    guardians = [r for r in tables["SchuelerErzieher.dat"] if r["Vorname"] == dari.child.first_name]
    assert len(guardians) == 2  # the third guardian is not dropped: a line of their own
    assert (guardians[0]["Erzieherart"], guardians[0]["Anrede 1.Person"], guardians[0]["Anrede 2.Person"]) == (
        "Eltern",
        "Frau",
        "Herr",
    )
    assert (guardians[1]["Erzieherart"], guardians[1]["Nachname 2.Person"]) == ("Vormund", "")
    phones = [r["Art"] for r in tables["SchuelerTelefonnummern.dat"] if r["Vorname"] == dari.child.first_name]
    assert phones == ["Mutter", "Vater", "Vormund"]

    row = _basis(tables, longest)
    assert (row["Nachname"], row["Vorname"], row["LS Schulnr."]) == (long_last, long_first, "991000")
    assert _basis(tables, luxembourg)["LS Schulnr."] == "992000"
    assert (_basis(tables, home_schooled)["LS Schulnr."], _basis(tables, home_schooled)["LS Entlassdatum"]) == ("", "")


def test_utf8_with_bom_follows_the_interface_too(centre) -> None:
    placement = _placed(centre, last_name="Yılmaz", nationality="163", birth_country="163", schooling_country="163")
    tables = read_handover(schild_zip([placement], encoding="utf-8-sig"), encoding="utf-8-sig")
    assert _basis(tables, placement)["Nachname"] == "Yılmaz"


def _refusal(placements, **kwargs) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(HandoverError) as caught:
        schild_zip(placements, **kwargs)
    assert isinstance(caught.value, Refused)
    return str(caught.value)


def _label(model, name: str) -> str:  # type: ignore[no-untyped-def]
    return str(model._meta.get_field(name).verbose_name)  # translated already: tests run in German


@pytest.mark.parametrize(
    ("change", "model", "field"),
    [
        ({"last_name": "A" * 51}, Child, "last_name"),
        ({"first_name": "B" * 31}, Child, "first_name"),
        ({"family__street": "S" * 51}, Family, "street"),
        ({"nationality": ""}, Child, "nationality"),
        ({"nationality": "012"}, Child, "nationality"),
        ({"birth_country": ""}, Child, "birth_country"),
        ({"schooling_country": ""}, Child, "schooling_country"),
        ({"schooling_country": "Atlantis"}, Child, "schooling_country"),
        ({"family__languages": "|ar|de|"}, Family, "home_language"),
        ({"family__city": ""}, None, ""),
    ],
)
def test_what_cannot_be_expressed_is_refused_naming_child_and_field(centre, change, model, field) -> None:  # type: ignore[no-untyped-def]
    placement = _placed(centre, **change)
    message = _refusal([placement])
    assert str(placement.child) in message
    if model is not None:  # the field as the record names it (new sentences stay English until compiled)
        assert _label(model, field) in message


def test_guardian_values_too_long_are_refused(centre) -> None:
    placement = _placed(centre, guardians=())
    GuardianFactory(family=placement.child.family, centre=centre, email="e" * 40 + "@example.org")
    assert _label(Guardian, "email") in _refusal([placement])
    placement.child.family.guardians.update(email="", phone="+49 (0) 151 1234 5678 9")
    assert _label(Guardian, "phone") in _refusal([placement])


def test_every_problem_is_named_at_once_and_nothing_is_written(centre) -> None:
    first = _placed(centre, nationality="")
    second = _placed(centre, birth_country="")
    message = _refusal([first, second], classes={first.child_id: ("05", "1234567")})
    assert str(first.child) in message and str(second.child) in message
    assert str(SOURCES["Klasse"]) in message


def test_catalogue_mapping_of_every_language_we_record() -> None:
    codes = {row["code"] for row in _catalogue("verkehrssprachen.json")}
    for code, _name in LANGUAGE_CHOICES:  # the languages a family can have: all have a catalogue code
        assert catalogues.verkehrssprache(code) in codes - {"xy", "xx"}, code
    for code, _name in catalogues.home_language_choices():
        assert catalogues.verkehrssprache(code) in codes, code
    assert (
        catalogues.verkehrssprache("kmr"),
        catalogues.verkehrssprache("prs"),
        catalogues.verkehrssprache("ara"),
    ) == (
        "ku",
        "fa",
        "ar",
    )
    assert catalogues.verkehrssprache("tlh") is None


def test_state_choices_are_valid_today_and_keep_older_codes() -> None:
    codes = [code for code, _name in catalogues.state_choices()]
    assert "475" in codes and "000" in codes and codes[-3:] == ["997", "998", "999"]
    assert "159" not in codes  # the Soviet Union ended in 1991
    assert "159" in [code for code, _name in catalogues.state_choices(keep=["159"])]
    assert catalogues.find_state("Niederlande").code == "148"  # type: ignore[union-attr]
    assert catalogues.find_state("nld").code == "148"  # type: ignore[union-attr]


def test_intake_offers_the_catalogues_with_the_reason(centre) -> None:
    form = ChildForm()
    assert ("475", "Arabische Republik Syrien") in form.fields["nationality"].choices  # type: ignore[attr-defined]
    assert form.fields["nationality"].help_text and form.fields["birth_country"].help_text
    family = FamilyForm(centre=centre)
    choices = dict(family.fields["home_language"].choices)  # type: ignore[attr-defined]
    assert "kmr" in choices and "prs" in choices and "ku" in choices
    data = {
        "first_name": "Lina",
        "last_name": "Haddad",
        "birth_date": (TODAY - datetime.timedelta(days=9 * 365)).isoformat(),
        "gender": "f",
        "schooling_kind": "regular",
        "schooling_years": "2",
        "latin_literacy": "yes",
        "german_level": "none",
        "registered_on": TODAY.isoformat(),
        "nationality": "475",
        "second_nationality": "475",
    }
    bound = ChildForm(data)
    assert not bound.is_valid() and "second_nationality" in bound.errors
    bound = ChildForm({**data, "second_nationality": "438", "birth_country": "475", "birth_place": "Aleppo"})
    assert bound.is_valid(), bound.errors


def test_download_screen_takes_grade_class_and_encoding(centre, member_factory, login) -> None:
    placement = _placed(centre)
    contact = member_factory(centre, role=Role.SCHOOL_CONTACT)
    Membership.objects.filter(user=contact).update(organisation=placement.quota.school)
    client = login(contact)
    kwargs = {"centre": centre.slug, "school_pk": placement.quota.school_id}
    screen = client.get(reverse("newcomers:handover_screen", kwargs=kwargs))
    assert screen.status_code == 200
    page = screen.content.decode()
    assert placement.child.last_name in page and "3.1.20" in page and f'name="class-{placement.child_id}"' in page
    url = reverse("newcomers:handover", kwargs=kwargs)
    response = client.get(
        url, {"encoding": "utf-8", f"grade-{placement.child_id}": "05", f"class-{placement.child_id}": "05A"}
    )
    tables = read_handover(response.content, encoding="utf-8-sig")
    assert (_basis(tables, placement)["Jahrgang"], _basis(tables, placement)["Klasse"]) == ("05", "05A")
    too_long = client.get(url, {f"class-{placement.child_id}": "1234567"})
    assert too_long.status_code == 422
    placement.child.nationality = ""
    placement.child.save()
    refused = client.get(url)
    assert refused.status_code == 422 and str(placement.child) in refused.content.decode()
    other = SeatQuotaFactory(centre=centre, school__centre=centre)
    foreign = reverse("newcomers:handover_screen", kwargs={"centre": centre.slug, "school_pk": other.school_id})
    assert client.get(foreign).status_code == 404


def test_demo_families_can_be_handed_over(centre) -> None:
    """The demo's children carry everything the hand-over needs (issue 24)."""
    import random

    from anlaufstelle.newcomers.demo import load_newcomers

    load_newcomers(centre, random.Random(7), lat=51.3, lon=6.5, districts=("Mitte",))
    quota = SeatQuotaFactory(centre=centre, school__centre=centre)
    placements = [
        Placement.objects.create(centre=centre, child=child, quota=quota, status=Placement.Status.APPROVED)
        for child in Child.objects.filter(centre=centre, family__isnull=False).exclude(nationality="")
    ]
    assert len(placements) >= 30
    # UTF-8: the demo's "Ayşe" cannot be written in Windows-1252 (refused there by design).
    tables = read_handover(schild_zip(placements, encoding="utf-8-sig"), encoding="utf-8-sig")
    assert {r["Herkunft"] for r in tables["SchuelerBasisdaten.dat"]} == {"AS", "XS"}
    assert {"ku", "fa", "ar", "uk"} <= {r["Verkehrssprache"] for r in tables["SchuelerBasisdaten.dat"]}

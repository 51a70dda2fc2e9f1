"""Letters, waiting figures and the SchILD hand-over: what leaves the system is right and minimal."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from anlaufstelle.core.bidi import isolate
from anlaufstelle.core.models import Membership
from anlaufstelle.core.roles import Role
from anlaufstelle.core.statistics import percentile
from anlaufstelle.newcomers import actions
from anlaufstelle.newcomers.figures import waiting_figures
from anlaufstelle.newcomers.handover import BASIS, schild_zip, school_year
from anlaufstelle.newcomers.letters import letter_sides, letters_html
from anlaufstelle.newcomers.models import AppointmentSlot, Child, Placement
from anlaufstelle.newcomers.tests.factories import ChildFactory, GuardianFactory, SeatQuotaFactory, SlotFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _unscoped(unscoped):  # type: ignore[no-untyped-def]
    yield


def _placed(centre, **child):  # type: ignore[no-untyped-def]
    quota = SeatQuotaFactory(centre=centre, school__centre=centre)
    child = ChildFactory(centre=centre, family__centre=centre, **child)
    GuardianFactory(family=child.family, centre=centre, relation="mother", phone="0151 123")
    placement = Placement.objects.create(
        centre=centre,
        child=child,
        quota=quota,
        status=Placement.Status.ACCEPTED,
        first_school_day=TODAY + datetime.timedelta(days=7),
    )
    return placement


def test_letter_has_german_and_family_language_side_by_side(centre) -> None:
    child = ChildFactory(centre=centre, family__centre=centre, family__letter_language="en")
    SlotFactory(centre=centre, child=child, kind=AppointmentSlot.Kind.HEALTH_EXAM, place="Gesundheitsamt Raum 4")
    sides = letter_sides(child, "appointment")
    assert [s.language for s in sides] == ["de", "en"]
    assert "Gesundheitsamt Raum 4" in sides[0].body and child.first_name in sides[1].body
    assert "{" not in sides[0].body + sides[1].body


def test_centre_wording_overrides_and_missing_language_is_said(centre, member_factory) -> None:
    worker = member_factory(centre, role=Role.CASEWORKER)
    actions.letter_text_save(
        centre=centre, actor=worker, kind="invitation", language="de", subject="Einladung", body="Hallo {child}!"
    )
    child = ChildFactory(centre=centre, family__centre=centre, family__letter_language="ti")
    SlotFactory(centre=centre, child=child, kind=AppointmentSlot.Kind.COUNSELLING)
    sides = letter_sides(child, "invitation")
    assert [s.body for s in sides] == [f"Hallo {isolate(f'{child.first_name} {child.last_name}')}!"]
    html, skipped = letters_html([child], "invitation")
    assert "noch nicht in der Sprache der Familie" in html and not skipped


def test_arabic_side_is_right_to_left_and_letter_pdf_downloads(centre, member_factory, login) -> None:
    child = ChildFactory(centre=centre, family__centre=centre, family__letter_language="ar")
    placement = _placed(centre)
    child = placement.child
    child.family.letter_language = "ar"
    child.family.save()
    actions.letter_text_save(
        centre=centre,
        actor=member_factory(centre, role=Role.CASEWORKER),
        kind="placement",
        language="ar",
        subject="مقعد مدرسي",
        body="{child}: {school}",
    )
    sides = letter_sides(child, "placement")
    assert sides[1].rtl and placement.quota.school.name in sides[1].body
    client = login(member_factory(centre, role=Role.CASEWORKER))
    response = client.get(
        reverse(
            "newcomers:letter",
            kwargs={"centre": centre.slug, "pk": child.family_id, "child_pk": child.pk, "kind": "placement"},
        )
    )
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_letter_text_form_refuses_unknown_placeholders(centre, member_factory, login) -> None:
    client = login(member_factory(centre, role=Role.CASEWORKER))
    url = reverse("newcomers:letter_text", kwargs={"centre": centre.slug, "kind": "invitation", "language": "uk"})
    page = client.get(url).content.decode()
    assert "{child}" in page  # starts from the shipped wording
    response = client.post(url, {"subject": "Запрошення", "body": "{child} {password}"})
    assert response.status_code == 422 and "{password}" in response.content.decode()


def test_batch_letters_job_writes_one_pdf(centre, member_factory, login, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        child = ChildFactory(centre=centre, family__centre=centre)
        SlotFactory(centre=centre, child=child, kind=AppointmentSlot.Kind.HEALTH_EXAM)
    client = login(member_factory(centre, role=Role.CASEWORKER))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("newcomers:letters", kwargs={"centre": centre.slug}),
            {
                "kind": "appointment",
                "since": TODAY.isoformat(),
                "until": (TODAY + datetime.timedelta(days=10)).isoformat(),
            },
        )
    from anlaufstelle.core.models import BackgroundJob

    job = BackgroundJob.objects.get(pk=response["Location"].rstrip("/").split("/")[-1])
    assert job.status == BackgroundJob.Status.DONE, job.message
    assert job.result["letters"] == 3
    assert job.result_file.read().startswith(b"%PDF")


def test_percentiles_are_nearest_rank() -> None:
    assert percentile(list(range(1, 11)), 0.9) == 9
    assert percentile([5], 0.9) == 5
    assert percentile([], 0.9) is None


def test_waiting_figures(centre) -> None:
    for days, age in ((10, 7), (20, 7), (30, 11), (100, 17)):
        ChildFactory(
            centre=centre,
            family__centre=centre,
            family__district="Nord",
            registered_on=TODAY - datetime.timedelta(days=days),
            birth_date=TODAY - datetime.timedelta(days=int((age + 0.5) * 365.25)),
        )
    placed = ChildFactory(
        centre=centre,
        family__centre=centre,
        stage=Child.Stage.ATTENDING,
        registered_on=TODAY - datetime.timedelta(days=50),
        first_school_day=TODAY - datetime.timedelta(days=8),
    )
    SeatQuotaFactory(centre=centre, school__centre=centre, seats=5)
    numbers = waiting_figures(centre=centre)
    assert numbers.waiting == 4
    assert numbers.waiting_by_age == {"6–9": 2, "10–12": 1, "16–18": 1}
    assert numbers.waiting_by_district == {"Nord": 4}
    assert (numbers.waiting_days_median, numbers.waiting_days_p90) == (25.0, 100.0)
    assert (numbers.started, numbers.days_to_school_median) == (1, 42.0)
    assert numbers.seats["primary"] == {"seats": 5, "taken": 0, "free": 5, "needed": 2}
    assert numbers.months[-1]["started"] == (1 if placed.first_school_day.month == TODAY.month else 0)


def test_figures_xlsx_has_no_names(centre, member_factory, login) -> None:
    child = ChildFactory(centre=centre, family__centre=centre)
    client = login(member_factory(centre, role=Role.SCHOOL_AUTHORITY))
    response = client.get(reverse("newcomers:figures", kwargs={"centre": centre.slug}) + "?format=xlsx")
    book = load_workbook(io.BytesIO(response.content))
    cells = " ".join(str(c.value) for sheet in book for row in sheet.iter_rows() for c in row)
    assert str(child.pk) in cells and child.first_name not in cells and child.last_name not in cells


def test_school_year_of_first_school_day() -> None:
    assert school_year(datetime.date(2026, 11, 30)) == ("2026", "1")
    assert school_year(datetime.date(2027, 1, 10)) == ("2026", "1")
    assert school_year(datetime.date(2027, 3, 1)) == ("2026", "2")


def test_schild_files_follow_the_interface(centre) -> None:
    placement = _placed(centre, gender="f", schooling_years=3)
    placement.child.family.arrival_date = datetime.date(2026, 9, 1)
    placement.child.family.save()
    archive = zipfile.ZipFile(io.BytesIO(schild_zip([placement])))
    assert sorted(archive.namelist()) == [
        "SchuelerBasisdaten.dat",
        "SchuelerErzieher.dat",
        "SchuelerTelefonnummern.dat",
        "SchuelerZusatzdaten.dat",
    ]
    lines = archive.read("SchuelerBasisdaten.dat").decode("cp1252").split("\r\n")
    assert lines[0].split("|") == BASIS and len(BASIS) == 58
    row = dict(zip(BASIS, lines[1].split("|"), strict=True))
    child = placement.child
    assert (row["Nachname"], row["Vorname"]) == (child.last_name, child.first_name)
    assert row["Geburtsdatum"] == child.birth_date.strftime("%d.%m.%Y")
    assert (row["Geschlecht"], row["Status"], row["Herkunft"], row["LS Schulnr."]) == ("w", "0", "AS", "999000")
    assert (row["Zuzugsjahr"], row["Verkehrssprache"], row["Klasse"]) == ("2026", "ar", "")
    assert row["Aufnahmedatum"] == placement.first_school_day.strftime("%d.%m.%Y")
    phones = archive.read("SchuelerTelefonnummern.dat").decode("cp1252").split("\r\n")
    assert phones[1].endswith("|0151 123|Mutter")


def test_names_outside_windows_1252_are_refused_not_changed(centre, member_factory, login) -> None:
    placement = _placed(centre, last_name="Yılmaz")
    contact = member_factory(centre, role=Role.SCHOOL_CONTACT)
    Membership.objects.filter(user=contact).update(organisation=placement.quota.school)
    client = login(contact)
    url = reverse("newcomers:handover", kwargs={"centre": centre.slug, "school_pk": placement.quota.school_id})
    response = client.get(url, follow=True)
    assert "Windows-1252" in response.content.decode()
    response = client.get(url + "?encoding=utf-8")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert "Yılmaz" in archive.read("SchuelerBasisdaten.dat").decode("utf-8-sig")
    other = SeatQuotaFactory(centre=centre, school__centre=centre)
    foreign = reverse("newcomers:handover", kwargs={"centre": centre.slug, "school_pk": other.school_id})
    assert client.get(foreign).status_code == 404


def test_privacy_notice_needs_no_appointment(centre) -> None:
    child = ChildFactory(centre=centre, family__centre=centre, family__letter_language="en")
    sides = letter_sides(child, "privacy")
    assert [s.language for s in sides] == ["de", "en"]
    assert centre.name in sides[0].body and "DSGVO" in sides[0].body


def _arabic_family_letter(centre, kind):  # type: ignore[no-untyped-def]
    centre.phone = "02151 86-0"
    centre.street = "Hauptstraße 1"
    centre.postcode = "47798"
    centre.city = ""  # no city: the date line must not start with a comma
    centre.save()
    child = ChildFactory(
        centre=centre, family__centre=centre, family__letter_language="ar", first_name="Yusuf", last_name="Al-Masri"
    )
    SlotFactory(centre=centre, child=child, kind=AppointmentSlot.Kind.COUNSELLING, place="Rathaus, Raum 2")
    html, skipped = letters_html([child], kind)
    assert not skipped
    return child, html


@pytest.mark.parametrize("kind", ["invitation", "privacy"])
def test_arabic_letter_keeps_names_numbers_and_addresses_in_order(centre, kind) -> None:
    """Issue 20 item 16: inserted values are isolated, so they print unbroken and unreversed in Arabic."""
    from anlaufstelle.core.pdf import html_to_pdf
    from anlaufstelle.core.tests.pdftext import pdf_text

    child, html = _arabic_family_letter(centre, kind)
    arabic = letter_sides(child, kind)[1]
    assert arabic.rtl
    # Every value inserted into the Arabic text sits in a bidi isolate (FSI/LRI … PDI).
    assert "\u2068Yusuf Al-Masri\u2069" in arabic.body
    assert "\u206602151 86-0\u2069" in arabic.body  # a phone number is always left to right
    assert '<bdi dir="ltr">Yusuf Al-Masri</bdi>' in html
    assert '<bdi dir="ltr" class="nowrap">02151 86-0</bdi>' in html  # kept on one line
    text = pdf_text(html_to_pdf(html))
    assert "Yusuf Al-Masri" in text
    assert "02151 86-0" in text and "0-86 02151" not in text
    if kind == "privacy":
        assert "Hauptstraße 1, 47798" in text
    else:
        assert "Rathaus, Raum 2" in text


def test_letter_date_line_and_footer_are_clean(centre) -> None:
    """No stray comma before the date when the centre has no city; the footer survives & and quotes."""
    centre.name = 'KI "Rhein & Ruhr"'
    centre.save()
    _, html = _arabic_family_letter(centre, "invitation")
    assert "KI \\22 Rhein \\26  Ruhr\\22 " in html  # CSS escapes, not HTML entities, in the footer
    assert "&amp;" not in html.split("<style>")[1].split("</style>")[0]
    from anlaufstelle.core.pdf import html_to_pdf
    from anlaufstelle.core.tests.pdftext import pdf_text

    lines = [line.strip() for line in pdf_text(html_to_pdf(html)).splitlines()]
    assert not any(line.startswith(",") for line in lines)
    assert any('KI "Rhein & Ruhr"' in line and "02151 86-0" in line for line in lines)

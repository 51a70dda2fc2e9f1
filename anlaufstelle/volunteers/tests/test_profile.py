"""The coordinator keeps a volunteer's profile (languages, weekly times, qualifications, reach),
absences from both sides, the pools; other modules record completed courses."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from anlaufstelle.core.models import AuditEntry
from anlaufstelle.core.roles import Role
from anlaufstelle.volunteers import actions, selectors
from anlaufstelle.volunteers.models import Absence, AvailabilityWindow, Pool, Qualification, VolunteerLanguage
from anlaufstelle.volunteers.tests.factories import NEXT_MONDAY, make_request, make_volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _unscoped():  # type: ignore[no-untyped-def]
    with scopes_disabled():
        yield


def _rows(prefix: str, rows: list[dict[str, str]], initial: int) -> dict[str, str]:
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(initial)}
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def test_coordinator_changes_languages_times_qualifications_and_reach(centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    client = login(member_factory(centre, Role.VOLUNTEER_COORDINATOR))
    rana = make_volunteer(centre, "Rana")
    arabic = rana.languages.get()
    windows = list(rana.windows.all())
    url = reverse("volunteers:profile", kwargs={"centre": centre.slug, "pk": rana.pk})
    assert client.get(url).status_code == 200
    base = {"first_name": "Rana", "last_name": "Test", "email": rana.email, "phone": "", "gender": "f"}
    languages = [
        {"id": str(arabic.pk), "code": "ar", "level": "native", "dialect": "Levantinisch"},
        {"code": "kmr", "level": "good", "dialect": "Badînî"},
    ]
    window_rows = [{"id": str(w.pk), "weekday": str(w.weekday), "start": "08:00", "end": "18:00"} for w in windows]
    window_rows[0]["DELETE"] = "on"
    data = {
        **base,
        "districts": ["Mitte"],
        **_rows("languages", languages, 1),
        **_rows("windows", [*window_rows, {"weekday": "5", "start": "10:00", "end": "09:00"}], len(windows)),
        **_rows("qualifications", [{"name": "Dolmetschschulung Modul 1", "obtained_on": "2026-03-01"}], 0),
    }
    bad = client.post(url, data)
    assert bad.status_code == 422 and VolunteerLanguage.objects.filter(volunteer=rana).count() == 1
    data.update({f"windows-{len(windows)}-start": "09:00", f"windows-{len(windows)}-end": "12:00"})
    response = client.post(url, data)
    assert response.status_code == 302
    rana.refresh_from_db()
    assert sorted(lang.code for lang in rana.languages.all()) == ["ar", "kmr"]
    assert rana.languages.get(code="kmr").dialect == "badini"  # stored as the known dialect (Kurmanji group)
    assert rana.windows.count() == len(windows) and rana.windows.filter(weekday=5).exists()
    assert rana.qualifications.get().name == "Dolmetschschulung Modul 1"
    assert rana.district_list == ["Mitte"]
    entry = AuditEntry.objects.filter(action="volunteers.profile").get()
    assert "Badînî" not in str(entry.changes)  # names of fields, never values
    # The last language cannot be removed.
    data = {
        **base,
        **_rows(
            "languages",
            [
                {**lang, "DELETE": "on"}
                for lang in [
                    {"id": str(x.pk), "code": x.code, "level": x.level, "dialect": x.dialect}
                    for x in rana.languages.all()
                ]
            ],
            2,
        ),
        **_rows("windows", [], 0),
        **_rows("qualifications", [], 0),
    }
    assert client.post(url, data).status_code == 422
    assert rana.languages.count() == 2


def test_absences_from_the_coordinator_and_from_the_volunteers_own_page(  # type: ignore[no-untyped-def]
    centre, member_factory, login, django_capture_on_commit_callbacks
) -> None:
    coordinator = member_factory(centre, Role.VOLUNTEER_COORDINATOR)
    rana, omid = make_volunteer(centre, "Rana"), make_volunteer(centre, "Omid")
    request = make_request(centre)  # next Monday
    client = login(coordinator)
    url = reverse("volunteers:absence", kwargs={"centre": centre.slug, "pk": rana.pk})
    client.post(url, {"first_day": NEXT_MONDAY.isoformat(), "last_day": (NEXT_MONDAY).isoformat()})
    client.post(url, {"first_day": "2020-01-01", "last_day": "2020-01-02"})  # in the past: refused
    assert list(rana.absences.values_list("first_day", flat=True)) == [NEXT_MONDAY]
    ranking, _ = selectors.candidates(request=request)
    assert [c.volunteer for c in ranking.candidates] == [str(omid.pk)]
    # Absences before and after the day do not hide her (exclude() across the relation would).
    rana.absences.all().delete()
    Absence.objects.create(
        centre=centre,
        volunteer=rana,
        first_day=NEXT_MONDAY - datetime.timedelta(days=10),
        last_day=NEXT_MONDAY - datetime.timedelta(days=5),
    )
    Absence.objects.create(
        centre=centre,
        volunteer=rana,
        first_day=NEXT_MONDAY + datetime.timedelta(days=5),
        last_day=NEXT_MONDAY + datetime.timedelta(days=10),
    )
    ranking, _ = selectors.candidates(request=request)
    assert {c.volunteer for c in ranking.candidates} == {str(rana.pk), str(omid.pk)}
    # On her own page she notes an absence and removes it; someone else's cannot be removed.
    with django_capture_on_commit_callbacks(execute=True):
        link = actions.personal_link_send(volunteer=rana, actor=coordinator)
    path = link[link.index("/musterstadt/") :]
    client.logout()
    day = timezone.localdate() + datetime.timedelta(days=20)
    client.post(path + "abwesenheit/", {"do": "absence", "first_day": day.isoformat(), "last_day": day.isoformat()})
    mine = rana.absences.get(first_day=day)
    assert day.strftime("%d.%m.%Y") in client.get(path).content.decode()
    foreign = Absence.objects.create(centre=centre, volunteer=omid, first_day=day, last_day=day)
    client.post(path + "abwesenheit/entfernen/", {"do": "absence", "remove": foreign.pk})
    assert Absence.objects.filter(pk=foreign.pk).exists()
    client.post(path + "abwesenheit/entfernen/", {"do": "absence", "remove": mine.pk})
    assert not Absence.objects.filter(pk=mine.pk).exists()


def test_pools_are_kept_and_a_pool_with_members_stays(centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    client = login(member_factory(centre, Role.VOLUNTEER_COORDINATOR))
    lotsen = Pool.objects.create(centre=centre, name="Sprachlotsen", kind="interpreting")
    empty = Pool.objects.create(centre=centre, name="Alt", kind="family")
    make_volunteer(centre, "Rana").pools.add(lotsen)
    url = reverse("volunteers:pools", kwargs={"centre": centre.slug})
    assert "Sprachlotsen" in client.get(url).content.decode()

    def rows(extra: list[dict[str, str]]) -> dict[str, str]:
        existing = [
            {"id": str(lotsen.pk), "name": "Sprachlotsinnen und -lotsen", "kind": "interpreting"},
            {"id": str(empty.pk), "name": "Alt", "kind": "family", "DELETE": "on"},
        ]
        return _rows("form", existing + extra, 2)

    new = {"name": "Bildungspaten", "kind": "learning", "works_with_children": "on"}
    assert client.post(url, rows([new])).status_code == 302
    assert sorted(Pool.objects.values_list("name", flat=True)) == ["Bildungspaten", "Sprachlotsinnen und -lotsen"]
    assert Pool.objects.get(name="Bildungspaten").works_with_children
    # Removing a pool with members is refused and nothing of the same save is kept.
    data = _rows(
        "form",
        [{"id": str(lotsen.pk), "name": "Umbenannt", "kind": "interpreting", "DELETE": "on"}],
        1,
    )
    data["form-TOTAL_FORMS"] = "1"
    response = client.post(url, data)
    assert (
        response.status_code == 422 and Pool.objects.filter(pk=lotsen.pk, name="Sprachlotsinnen und -lotsen").exists()
    )


def test_a_completed_course_is_recorded_once_on_the_volunteers_profile(centre) -> None:  # type: ignore[no-untyped-def]
    rana = make_volunteer(centre, "Rana")
    record = {
        "centre": centre,
        "email": "  RANA@example.org ",
        "name": "Qualifizierung Sprachmittlung",
        "completed_on": datetime.date(2026, 10, 1),
        "source_ref": "event:12",
    }
    assert actions.record_completion(**record)
    assert actions.record_completion(**record)
    assert Qualification.objects.get(volunteer=rana).source == Qualification.Source.EVENT
    assert not actions.record_completion(**{**record, "email": "nobody@example.org"})
    assert AvailabilityWindow.objects.filter(volunteer=rana).exists()


def test_coordinators_are_reminded_of_police_certificates_due(centre, member_factory) -> None:  # type: ignore[no-untyped-def]
    from django.core import mail

    from anlaufstelle.volunteers.mail import police_certificate_reminders

    member_factory(centre, Role.VOLUNTEER_COORDINATOR, email="koordination@example.org")
    mentors = Pool.objects.create(centre=centre, name="Bildungspaten", kind="learning", works_with_children=True)
    today = datetime.date(2026, 11, 23)
    due = make_volunteer(centre, "Lina", police_certificate_seen_on=datetime.date(2021, 12, 1))
    fine = make_volunteer(centre, "Omid", police_certificate_seen_on=datetime.date(2025, 1, 1))
    adults = make_volunteer(centre, "Rana", police_certificate_seen_on=datetime.date(2021, 11, 1))
    due.pools.add(mentors)
    fine.pools.add(mentors)
    mail.outbox.clear()
    assert police_certificate_reminders(today=today) == 1
    (message,) = mail.outbox
    assert message.to == ["koordination@example.org"]
    assert "Lina" in message.body and "Omid" not in message.body and adults.first_name not in message.body

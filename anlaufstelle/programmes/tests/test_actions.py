"""The programmes actions: templates, agreements, groups and facilitators, planning, recording, reminders."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled

from anlaufstelle.core.models import Membership
from anlaufstelle.core.roles import Role
from anlaufstelle.programmes import actions, schedule
from anlaufstelle.programmes.errors import ProgrammeError
from anlaufstelle.programmes.models import Holiday, ProgrammeKind, ProjectDay, Session
from anlaufstelle.programmes.tests.factories import PDF, make_facilitator, make_group, make_programme, make_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def actor(centre, member_factory):  # type: ignore[no-untyped-def]
    return member_factory(centre, Role.CASEWORKER)


def test_kinds_install_adds_the_five_templates_once(centre, actor) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        assert actions.kinds_install(centre=centre, actor=actor) == 5
        assert actions.kinds_install(centre=centre, actor=actor) == 0
        kind = ProgrammeKind.objects.get(centre=centre, code="rucksack-kita")
        assert kind.age_from == 4 and kind.age_to == 6
        # A new indicator is data: no migration, just a longer list.
        data = {f: getattr(kind, f) for f in actions.KIND_FIELDS}
        data["indicators"] = [
            *kind.indicators,
            {"key": "held_tr", "label": "Türkisch", "measure": "sessions", "status": "held", "language": "tr"},
        ]
        assert len(actions.kind_save(centre=centre, actor=actor, data=data, kind=kind).indicators) == 11
        data["indicators"] = [{"key": "x", "measure": "nonsense"}]
        with pytest.raises(ProgrammeError):
            actions.kind_save(centre=centre, actor=actor, data=data, kind=kind)


def test_site_agreement_is_stored_and_an_end_before_signing_is_refused(centre, actor) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        programme = make_programme(centre)
        site = make_site(programme)
        data = {
            "organisation": site.organisation,
            "agreement_signed_on": datetime.date(2026, 8, 1),
            "agreement_valid_until": datetime.date(2027, 7, 31),
            "agreement_upload": SimpleUploadedFile("Vertrag Kita.pdf", PDF),
        }
        saved = actions.site_save(programme=programme, actor=actor, data=data, site=site)
        assert saved.agreement_file.name.startswith("uploads/programmes/")
        assert "Vertrag" not in saved.agreement_file.name and saved.agreement_file_name == "Vertrag Kita.pdf"
        data["agreement_valid_until"] = datetime.date(2026, 1, 1)
        with pytest.raises(ProgrammeError):
            actions.site_save(programme=programme, actor=actor, data=data, site=site)
        other = make_site(programme)
        with pytest.raises(ProgrammeError):  # the same organisation twice
            actions.site_save(programme=programme, actor=actor, data={"organisation": other.organisation}, site=site)


def _group_data(site, year=2026, **extra):  # type: ignore[no-untyped-def]
    first, last = schedule.year_bounds(year)
    return {
        "site": site,
        "year": year,
        "name": "Gruppe",
        "age_band": "4–6",
        "weekday": 1,
        "starts_at": datetime.time(9),
        "ends_at": datetime.time(11),
        "first_day": first,
        "last_day": last,
        "languages": ["ar"],
        **extra,
    }


def test_group_facilitators_need_the_qualification_and_days_lie_in_the_year(centre, actor) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        site = make_site(make_programme(centre))
        qualified = make_facilitator(centre)
        unqualified = make_facilitator(centre, qualified=False)
        group = actions.group_save(
            centre=centre, actor=actor, data=_group_data(site, facilitating_volunteers=[qualified])
        )
        assert list(group.facilitating_volunteers.all()) == [qualified]
        with pytest.raises(ProgrammeError) as refusal:
            actions.group_save(
                centre=centre, actor=actor, data=_group_data(site, facilitating_volunteers=[unqualified])
            )
        assert refusal.value.field == "facilitating_volunteers"
        with pytest.raises(ProgrammeError):
            actions.group_save(centre=centre, actor=actor, data=_group_data(site, last_day=datetime.date(2027, 9, 1)))


def test_planning_skips_holidays_and_closures_and_keeps_recorded_sessions(centre, actor) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        site = make_site(make_programme(centre))
        group = make_group(site, 2026, weekday=1)
        actions.holidays_install(centre=centre, actor=actor, year=2026)
        assert actions.holidays_install(centre=centre, actor=actor, year=2026) == 0
        Holiday.objects.create(
            centre=centre,
            site=site,
            name="Kita zu",
            kind="closure",
            first_day=datetime.date(2026, 9, 8),
            last_day=datetime.date(2026, 9, 8),
        )
        added, removed = actions.group_plan_sessions(group=group, actor=actor)
        dates = set(group.sessions.values_list("date", flat=True))
        assert added == len(dates) and removed == 0
        assert datetime.date(2026, 9, 8) not in dates and datetime.date(2026, 10, 20) not in dates  # Herbstferien
        assert datetime.date(2026, 9, 15) in dates
        Session.objects.filter(group=group, date=datetime.date(2026, 9, 15)).update(status="held", adults=3)
        Holiday.objects.create(
            centre=centre, name="Sondertag", first_day=datetime.date(2026, 9, 15), last_day=datetime.date(2026, 9, 22)
        )
        added, removed = actions.group_plan_sessions(group=group, actor=actor)
        assert (added, removed) == (0, 1)  # the 22nd goes, the held 15th stays
        assert group.sessions.filter(date=datetime.date(2026, 9, 15), status="held").exists()


def test_recording_refuses_bad_input_and_duplicates(centre, actor) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        group = make_group(make_site(make_programme(centre)), 2025)
        session = actions.session_add(group=group, actor=actor, date=datetime.date(2025, 9, 2))
        with pytest.raises(ProgrammeError):
            actions.session_add(group=group, actor=actor, date=datetime.date(2025, 9, 2))
        with pytest.raises(ProgrammeError):
            actions.session_add(group=group, actor=actor, date=datetime.date(2026, 9, 2))
        with pytest.raises(ProgrammeError):
            actions.session_record(session=session, actor=actor, data={"status": "held", "adults": -1, "children": 2})
        with pytest.raises(ProgrammeError) as refusal:
            actions.session_record(session=session, actor=actor, data={"status": "cancelled"})
        assert refusal.value.field == "reason"
        actions.session_record(
            session=session, actor=actor, data={"status": "held", "adults": 7, "children": 9, "languages": ["ar", "de"]}
        )
        session.refresh_from_db()
        assert (session.status, session.adults, session.children, session.languages) == ("held", 7, 9, "|ar|de|")
        actions.session_record(session=session, actor=actor, data={"status": "cancelled", "reason": "illness"})
        session.refresh_from_db()
        assert (session.status, session.adults, session.reason) == ("cancelled", 0, "illness")


def test_reminders_for_agreements_and_project_days_are_sent_once(  # type: ignore[no-untyped-def]
    centre, actor, django_capture_on_commit_callbacks
) -> None:
    with scopes_disabled(), django_capture_on_commit_callbacks(execute=True):
        site = make_site(make_programme(centre), agreement_valid_until=datetime.date(2027, 3, 1))
        today = datetime.date(2027, 1, 15)
        assert actions.remind_agreement_renewals(today=today) == 1
        assert actions.remind_agreement_renewals(today=today) == 0
        school = make_site(make_programme(centre, "schule-ohne-rassismus"), title_on=datetime.date(2020, 5, 1))
        may = datetime.date(2027, 5, 3)
        assert actions.remind_missing_project_days(today=datetime.date(2027, 2, 1)) == 0  # too early
        ProjectDay.objects.create(centre=centre, site=school, held_on=datetime.date(2026, 6, 1), topic="letztes Jahr")
        assert actions.remind_missing_project_days(today=may) == 1
        assert actions.remind_missing_project_days(today=may) == 0
    assert Membership.objects.filter(user=actor).exists()
    assert len(mail.outbox) == 2 and actor.email in mail.outbox[0].to
    assert site.organisation.name in mail.outbox[0].body

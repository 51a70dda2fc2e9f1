"""The newcomers screens: intake, worklist, family page, appointments, placement, Schulamt and school."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from anlaufstelle.core.models import AuditEntry, Membership
from anlaufstelle.core.roles import Role
from anlaufstelle.core.tests.budget import assert_query_budget, query_budget
from anlaufstelle.newcomers import actions, selectors
from anlaufstelle.newcomers.models import AppointmentSlot, Child, Family, Placement
from anlaufstelle.newcomers.tests.factories import ChildFactory, SeatQuotaFactory, SlotFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def url(name: str, centre, **kwargs) -> str:  # type: ignore[no-untyped-def]
    return reverse(f"newcomers:{name}", kwargs={"centre": centre.slug, **kwargs})


@pytest.fixture
def caseworker(centre, member_factory, login):  # type: ignore[no-untyped-def]
    user = member_factory(centre, role=Role.CASEWORKER)
    return login(user), user


def intake_data(**extra: str) -> dict[str, str]:
    data = {
        "guardian-TOTAL_FORMS": "2",
        "guardian-INITIAL_FORMS": "0",
        "guardian-0-first_name": "Amal",
        "guardian-0-last_name": "Haddad",
        "guardian-0-relation": "mother",
        "guardian-0-phone": "0151 000",
        "guardian-1-relation": "guardian",  # the select's default, as a browser sends it
        "street": "Lindenweg 3",
        "postcode": "47798",
        "city": "Musterstadt",
        "languages": ["ar"],
        "needs_interpreter": "on",
        "interpreter_language": "ar",
        "letter_language": "ar",
        "privacy_notice_language": "ar",
        "consent_given_on": TODAY.isoformat(),
        "child-TOTAL_FORMS": "2",
        "child-INITIAL_FORMS": "0",
        "child-0-first_name": "Sami",
        "child-0-last_name": "Haddad",
        "child-0-birth_date": (TODAY - datetime.timedelta(days=8 * 365)).isoformat(),
        "child-0-gender": "m",
        "child-0-schooling_years": "2",
        "child-0-schooling_kind": "regular",
        "child-0-latin_literacy": "partly",
        "child-0-german_level": "none",
        "child-0-registered_on": TODAY.isoformat(),
        "child-1-first_name": "Lina",
        "child-1-last_name": "Haddad",
        "child-1-birth_date": (TODAY - datetime.timedelta(days=12 * 365)).isoformat(),
        "child-1-gender": "f",
        "child-1-schooling_years": "5",
        "child-1-schooling_kind": "regular",
        "child-1-latin_literacy": "yes",
        "child-1-german_level": "a1",
        "child-1-registered_on": TODAY.isoformat(),
    }
    data.update(extra)
    return data  # type: ignore[return-value]


def test_intake_registers_a_family_with_two_children(centre, caseworker) -> None:
    client, _user = caseworker
    response = client.post(url("intake", centre), intake_data())
    assert response.status_code == 302, response.content.decode()[:3000]
    with scopes_disabled():
        family = Family.objects.get()
        assert sorted(family.children.values_list("first_name", flat=True)) == ["Lina", "Sami"]
    assert response["Location"] == url("family", centre, pk=family.pk)


def test_intake_with_bad_input_keeps_every_entry_and_says_what_is_wrong(centre, caseworker) -> None:
    client, _user = caseworker
    data = intake_data(**{"child-1-birth_date": "2099-01-01", "consent_given_on": ""})
    response = client.post(url("intake", centre), data)
    assert response.status_code == 422
    page = response.content.decode()
    assert "The date of birth lies in the future." in page or "Geburtsdatum" in page
    assert 'value="Lindenweg 3"' in page and 'value="Sami"' in page
    with scopes_disabled():
        assert not Family.objects.exists()


def test_add_another_child_keeps_the_entries_without_flagging_them(centre, caseworker) -> None:
    client, _user = caseworker
    data = intake_data(add_child="1")
    response = client.post(url("intake_add_child", centre), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="child-2-first_name"' in page and 'value="Lina"' in page
    assert 'aria-invalid="true"' not in page
    with scopes_disabled():
        assert not Family.objects.exists()


def test_the_form_after_adding_a_child_still_registers_at_the_intake(centre, caseworker) -> None:
    client, _user = caseworker
    page = client.post(url("intake_add_child", centre), intake_data()).content.decode()
    assert f'action="{url("intake", centre)}"' in page
    assert f'formaction="{url("intake_add_child", centre)}"' in page


def test_family_page_audits_the_read_and_shows_stages(centre, caseworker) -> None:
    client, user = caseworker
    with scopes_disabled():
        child = ChildFactory(centre=centre, family__centre=centre)
    response = client.get(url("family", centre, pk=child.family_id))
    assert response.status_code == 200
    assert child.first_name in response.content.decode()
    with scopes_disabled():
        reads = AuditEntry.objects.filter(kind=AuditEntry.Kind.READ, actor=user, action="newcomers.family.view")
        assert {e.target_type for e in reads} == {"newcomers.family", "newcomers.child"}


def test_worklist_query_count_does_not_grow_with_children(centre, caseworker) -> None:
    client, _user = caseworker

    with scopes_disabled():
        ChildFactory(centre=centre, family__centre=centre)
    with query_budget() as few:
        assert client.get(url("worklist", centre)).status_code == 200
    with scopes_disabled():
        for _ in range(15):
            child = ChildFactory(centre=centre, family__centre=centre)
            SlotFactory(centre=centre, child=child)
    assert_query_budget(client.get, url("worklist", centre), max=few.count)


def test_worklist_shows_longest_waiting_first_and_blocked(centre, caseworker) -> None:
    client, _user = caseworker
    with scopes_disabled():
        newer = ChildFactory(centre=centre, family__centre=centre, registered_on=TODAY - datetime.timedelta(days=3))
        older = ChildFactory(centre=centre, family__centre=centre, registered_on=TODAY - datetime.timedelta(days=90))
        slot = SlotFactory(centre=centre, child=newer, starts_at=timezone.now() - datetime.timedelta(days=1))
    page = client.get(url("worklist", centre)).content.decode()
    assert page.index(older.first_name) < page.index(newer.first_name)
    blocked = client.get(url("worklist", centre) + "?blocked=1").content.decode()
    assert newer.first_name in blocked and older.first_name not in blocked
    assert slot.starts_at.strftime("%d.%m.%Y") in blocked


def test_booking_from_the_family_page(centre, caseworker) -> None:
    client, _user = caseworker
    with scopes_disabled():
        child = ChildFactory(centre=centre, family__centre=centre, stage=Child.Stage.REGISTERED)
        slot = SlotFactory(centre=centre, kind=AppointmentSlot.Kind.COUNSELLING)
    response = client.post(
        url("child_book", centre, pk=child.family_id, child_pk=child.pk),
        {"kind": "counselling", f"c{child.pk}-slot": slot.pk},
    )
    assert response.status_code == 302
    with scopes_disabled():
        slot.refresh_from_db()
        child.refresh_from_db()
    assert slot.child == child and child.stage == Child.Stage.COUNSELLING_BOOKED


def import_slots(client, centre, content: bytes, capture, name: str = "slots.csv"):  # type: ignore[no-untyped-def]
    """Upload a slot file; the import runs as a background job (in-process here); its finished page."""
    with capture(execute=True):
        response = client.post(
            url("slot_import", centre), {"kind": "health_exam", "file": SimpleUploadedFile(name, content)}
        )
    assert response.status_code == 302 and "/auftraege/" in response["Location"]
    page = client.get(response["Location"])
    assert page.context["job"].is_finished
    return page


def test_slot_import_all_or_nothing(centre, caseworker, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    client, _user = caseworker
    day = (TODAY + datetime.timedelta(days=7)).strftime("%d.%m.%Y")
    good = f"Datum;Uhrzeit;Dauer;Ort\n{day};09:00;30;Gesundheitsamt\n{day};09:30;30;Gesundheitsamt\n"
    bad = good + f"{day};25:99;30;Gesundheitsamt\n"
    page = import_slots(client, centre, bad.encode(), django_capture_on_commit_callbacks)
    assert page.context["job"].result["ok"] is False
    assert "Row 4" in page.content.decode() or "Zeile 4" in page.content.decode()
    with scopes_disabled():
        assert not AppointmentSlot.objects.exists()
    page = import_slots(client, centre, good.encode(), django_capture_on_commit_callbacks)
    assert page.context["job"].result["created"] == 2
    with scopes_disabled():
        assert AppointmentSlot.objects.filter(kind="health_exam").count() == 2


@pytest.mark.security
def test_slot_import_refuses_a_hostile_file_in_the_job(centre, caseworker, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    from anlaufstelle.core.tabular import Limits, _too_many_columns

    client, _user = caseworker
    page = import_slots(
        client, centre, b"Datum;Uhrzeit;Dauer;Ort\n" + b";" * 1_000_000, django_capture_on_commit_callbacks
    )
    job = page.context["job"]
    with translation.override(job.language):
        expected = str(_too_many_columns(Limits.from_settings(), 2, 1_000_001))
    assert job.result["ok"] is False and job.result["problems"][0]["message"] == expected
    with scopes_disabled():
        assert not AppointmentSlot.objects.exists()


def test_run_release_approve_confirm_through_the_screens(  # type: ignore[no-untyped-def]
    centre, caseworker, member_factory, client, django_capture_on_commit_callbacks
) -> None:
    from conftest import verify

    worker_client, _worker = caseworker
    with scopes_disabled():
        actions.rules_load_defaults(centre=centre, actor=None)
        quota = SeatQuotaFactory(centre=centre, school__centre=centre, seats=1)
        child = ChildFactory(centre=centre, family__centre=centre)
    with django_capture_on_commit_callbacks(execute=True):
        response = worker_client.post(url("placement", centre))
    assert response.status_code == 302  # to the job's progress page
    page = worker_client.get(url("placement", centre)).content.decode()
    assert quota.school.name in page and selectors.explain(["nearest"]) in page
    assert 'id="table-frontier"' in page  # the trade-off between fairness and places, as a table
    with scopes_disabled():
        draft = Placement.objects.get(child=child)
    worker_client.post(url("placement_release", centre), {"placement": [draft.pk], "confirm": "1"})

    authority = member_factory(centre, role=Role.SCHOOL_AUTHORITY)
    verify(client, authority)
    assert child.first_name in client.get(url("authority", centre)).content.decode()
    client.post(url("authority_approve", centre, pk=draft.pk), {"do": "approve"})
    with scopes_disabled():
        draft.refresh_from_db()
    assert draft.status == Placement.Status.APPROVED

    contact = member_factory(centre, role=Role.SCHOOL_CONTACT)
    other_school_contact = member_factory(centre, role=Role.SCHOOL_CONTACT)
    with scopes_disabled():
        Membership.objects.filter(user=contact).update(organisation=quota.school)
        other = SeatQuotaFactory(centre=centre, school__centre=centre)
        Membership.objects.filter(user=other_school_contact).update(organisation=other.school)
    verify(client, other_school_contact)
    assert child.first_name not in client.get(url("school", centre)).content.decode()
    assert client.post(url("school_decline", centre, pk=draft.pk), {"do": "decline", "reason": "x"}).status_code == 404

    verify(client, contact)
    page = client.get(url("school", centre)).content.decode()
    assert child.first_name in page and "Lindenweg" not in page  # minimal data: no address
    day = TODAY + datetime.timedelta(days=3)
    client.post(url("school_accept", centre, pk=draft.pk), {"do": "accept", "first_school_day": day.isoformat()})
    with scopes_disabled():
        child.refresh_from_db()
    assert (child.stage, child.first_school_day) == (Child.Stage.ACCEPTED, day)


def test_school_contact_edits_only_its_own_seats(centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    contact = member_factory(centre, role=Role.SCHOOL_CONTACT)
    with scopes_disabled():
        own = SeatQuotaFactory(centre=centre, school__centre=centre, seats=2)
        foreign = SeatQuotaFactory(centre=centre, school__centre=centre, seats=2)
        Membership.objects.filter(user=contact).update(organisation=own.school)
    client = login(contact)
    assert client.get(url("seat_edit", centre, pk=foreign.pk)).status_code == 404
    response = client.post(
        url("seat_edit", centre, pk=own.pk),
        {"school": own.school_id, "grade_band": "primary", "class_model": "regular", "seats": "4"},
    )
    assert response.status_code == 302
    with scopes_disabled():
        own.refresh_from_db()
    assert own.seats == 4


def test_family_access_export_and_erasure(centre, caseworker) -> None:
    client, _user = caseworker
    with scopes_disabled():
        child = ChildFactory(centre=centre, family__centre=centre)
    response = client.get(url("family_access", centre, pk=child.family_id))
    assert response.status_code == 200 and response.json()["children"][0]["first_name"] == child.first_name
    response = client.post(url("family_erase", centre, pk=child.family_id), {"reason": "request"})
    assert response.status_code == 302
    with scopes_disabled():
        assert not Family.objects.exists()


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("placement", Role.CASEWORKER),
        ("authority", Role.SCHOOL_AUTHORITY),
        ("seats", Role.CASEWORKER),
        ("slots", Role.CASEWORKER),
        ("figures", Role.SCHOOL_AUTHORITY),
        ("family", Role.CASEWORKER),
    ],
)
def test_list_views_have_a_query_budget(centre, member_factory, login, name, role) -> None:  # type: ignore[no-untyped-def]
    client = login(member_factory(centre, role=role))
    with scopes_disabled():
        family = ChildFactory(centre=centre, family__centre=centre).family

    def add(count: int) -> None:
        with scopes_disabled():
            for status in [Placement.Status.DRAFT, Placement.Status.PROPOSED] * count:
                quota = SeatQuotaFactory(centre=centre, school__centre=centre)
                child = ChildFactory(centre=centre, family=family)
                Placement.objects.create(centre=centre, child=child, quota=quota, status=status)
                SlotFactory(centre=centre, child=child)

    target = url(name, centre, pk=family.pk) if name == "family" else url(name, centre)
    add(1)
    with query_budget() as few:
        assert client.get(target).status_code == 200
    add(6)
    assert_query_budget(client.get, target, max=few.count)


def test_pin_and_rule_out_from_the_proposal_list(centre, caseworker) -> None:
    client, _user = caseworker
    with scopes_disabled():
        quota = SeatQuotaFactory(centre=centre, school__centre=centre)
        child = ChildFactory(centre=centre, family__centre=centre)
        Placement.objects.create(centre=centre, child=child, quota=quota, status=Placement.Status.DRAFT)
    page = client.get(url("placement", centre)).content.decode()
    assert 'form="pin-' in page and f'value="{quota.school_id}"' in page
    target = url("child_exclude", centre, pk=child.family_id, child_pk=child.pk)
    response = client.post(target, {"exclude": quota.school_id, "next": "placement"})
    assert response["Location"] == url("placement", centre)
    with scopes_disabled():
        assert list(child.excluded_schools.all()) == [quota.school]


def test_interpreter_need_is_marked_covered_by_hand(centre, caseworker) -> None:
    client, _user = caseworker
    with scopes_disabled():
        child = ChildFactory(centre=centre, family__centre=centre, family__needs_interpreter=True)
        child.family.interpreter_language = "fa"
        child.family.save()
        slot = SlotFactory(centre=centre)
        actions.slot_book(slot=slot, child=child, actor=_user)
    assert "covered_by" in client.get(url("slots", centre)).content.decode()
    client.post(url("slot_covered", centre, pk=slot.pk), {"do": "covered", "covered_by": ""})
    client.post(url("slot_covered", centre, pk=slot.pk), {"do": "covered", "covered_by": "Frau R. (Sprachlotsin)"})
    with scopes_disabled():
        need = slot.interpreter_needs.get()
    assert (need.status, need.covered_by) == ("covered", "Frau R. (Sprachlotsin)")


def test_slot_import_lists_every_bad_row(centre, caseworker, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    client, _user = caseworker
    day = (TODAY + datetime.timedelta(days=7)).strftime("%d.%m.%Y")
    bad = f"Datum;Uhrzeit;Dauer;Ort\n{day};9:00;30;A\n31.02.2026;09:30;30;A\n{day};10:00;abc;A\n{day};11:00;30;\n"
    response = import_slots(client, centre, bad.encode(), django_capture_on_commit_callbacks)
    assert len(response.context["job"].result["problems"]) == 3
    page = response.content.decode()
    for row in ("3", "4", "5"):
        assert f"Zeile {row}" in page or f"Row {row}" in page

"""Data integrity of the newcomer workflow (issue 20, items 9 and 11–15).

One open appointment per child and kind (action and database), stages derived from what is true,
steps recorded by hand closing what they make obsolete, local times in the reader's format,
redirects only to eligible seats, family counselling, and drafts confirmed before they are sent.
"""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django_scopes import scopes_disabled

from anlaufstelle.core.roles import Role
from anlaufstelle.newcomers import actions, selectors
from anlaufstelle.newcomers.models import AppointmentSlot, Child, InterpreterNeed, Placement, StageEvent
from anlaufstelle.newcomers.models.schools import ClassModel, GradeBand
from anlaufstelle.newcomers.tests.factories import ChildFactory, FamilyFactory, SeatQuotaFactory, SlotFactory
from anlaufstelle.partners.models import Organisation

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
Stage = Child.Stage
Kind = AppointmentSlot.Kind


def url(name: str, centre, **kwargs) -> str:  # type: ignore[no-untyped-def]
    return reverse(f"newcomers:{name}", kwargs={"centre": centre.slug, **kwargs})


@pytest.fixture
def worker(centre, member_factory):  # type: ignore[no-untyped-def]
    return member_factory(centre, role=Role.CASEWORKER)


@pytest.fixture
def caseworker(worker, login):  # type: ignore[no-untyped-def]
    return login(worker)


def in_days(days: int, hour: int = 10) -> datetime.datetime:
    day = TODAY + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


# --- item 11: one open appointment per kind; stages derived from what is true ------------------


def test_a_second_open_appointment_of_the_same_kind_is_refused(centre, worker, unscoped) -> None:
    child = ChildFactory(centre=centre, family__centre=centre)
    first = SlotFactory(centre=centre, kind=Kind.HEALTH_EXAM, starts_at=in_days(3))
    second = SlotFactory(centre=centre, kind=Kind.HEALTH_EXAM, starts_at=in_days(4))
    counselling = SlotFactory(centre=centre, kind=Kind.COUNSELLING, starts_at=in_days(2))
    actions.slot_book(slot=first, child=child, actor=worker)
    with pytest.raises(actions.NewcomerError):
        actions.slot_book(slot=second, child=child, actor=worker)
    second.refresh_from_db()
    assert second.child_id is None
    actions.slot_book(slot=counselling, child=child, actor=worker)  # another kind is fine
    # Once the first has an outcome, a new one can be booked (a missed exam is booked again).
    AppointmentSlot.objects.filter(pk=first.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=2))
    actions.slot_record_outcome(slot=first, actor=worker, outcome=AppointmentSlot.Outcome.MISSED)
    actions.slot_book(slot=second, child=child, actor=worker)


def test_the_database_refuses_two_open_appointments_of_one_kind(centre, unscoped) -> None:
    child = ChildFactory(centre=centre, family__centre=centre)
    SlotFactory(centre=centre, kind=Kind.HEALTH_EXAM, child=child)
    SlotFactory(centre=centre, kind=Kind.HEALTH_EXAM, child=child, outcome=AppointmentSlot.Outcome.DONE)
    with pytest.raises(IntegrityError), transaction.atomic():
        SlotFactory(centre=centre, kind=Kind.HEALTH_EXAM, child=child)


def test_cancelling_an_appointment_never_invents_a_step(centre, worker, unscoped) -> None:
    child = ChildFactory(centre=centre, family__centre=centre, stage=Stage.REGISTERED)
    counselling = SlotFactory(centre=centre, kind=Kind.COUNSELLING, starts_at=in_days(2))
    exam = SlotFactory(centre=centre, kind=Kind.HEALTH_EXAM, starts_at=in_days(5))
    actions.slot_book(slot=counselling, child=child, actor=worker)
    actions.slot_book(slot=exam, child=child, actor=worker)
    child.refresh_from_db()
    assert child.stage == Stage.HEALTH_EXAM_BOOKED
    actions.slot_cancel_booking(slot=exam, actor=worker)
    child.refresh_from_db()
    # Counselling is still ahead: the child is not "counselled".
    assert child.stage == Stage.COUNSELLING_BOOKED
    assert not child.stage_events.filter(stage=Stage.COUNSELLED).exists()


def test_cancelling_counselling_keeps_a_booked_exam(centre, worker, unscoped) -> None:
    child = ChildFactory(centre=centre, family__centre=centre, stage=Stage.REGISTERED)
    counselling = SlotFactory(centre=centre, kind=Kind.COUNSELLING, starts_at=in_days(2))
    exam = SlotFactory(centre=centre, kind=Kind.HEALTH_EXAM, starts_at=in_days(5))
    actions.slot_book(slot=exam, child=child, actor=worker)
    actions.slot_book(slot=counselling, child=child, actor=worker)
    actions.slot_cancel_booking(slot=counselling, actor=worker)
    child.refresh_from_db()
    assert child.stage == Stage.HEALTH_EXAM_BOOKED


def test_after_booking_the_form_gives_way_to_the_booked_appointment(centre, caseworker) -> None:
    with scopes_disabled():
        child = ChildFactory(centre=centre, family__centre=centre, stage=Stage.COUNSELLED)
        slot = SlotFactory(centre=centre, kind=Kind.HEALTH_EXAM, starts_at=in_days(3))
        SlotFactory(centre=centre, kind=Kind.HEALTH_EXAM, starts_at=in_days(4))
        SlotFactory(centre=centre, kind=Kind.COUNSELLING, starts_at=in_days(4))
    page = caseworker.get(url("family", centre, pk=child.family_id)).content.decode()
    assert f'name="h{child.pk}-slot"' in page
    caseworker.post(
        url("child_book", centre, pk=child.family_id, child_pk=child.pk),
        {"kind": "health_exam", f"h{child.pk}-slot": slot.pk},
    )
    page = caseworker.get(url("family", centre, pk=child.family_id)).content.decode()
    assert f'name="h{child.pk}-slot"' not in page
    assert f'name="c{child.pk}-slot"' in page  # counselling can still be booked
    assert f'action="{url("slot_done", centre, pk=slot.pk)}"' in page


# --- item 12: a step recorded by hand closes what it makes obsolete ----------------------------


def test_exam_done_by_hand_frees_the_coming_exam_and_withdraws_the_interpreter(
    centre, worker, unscoped, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from anlaufstelle.volunteers.models import InterpretingRequest

    child = ChildFactory(
        centre=centre, family__centre=centre, family__needs_interpreter=True, family__interpreter_language="ar"
    )
    exam = SlotFactory(centre=centre, kind=Kind.HEALTH_EXAM, starts_at=in_days(6))
    with django_capture_on_commit_callbacks(execute=True):
        actions.slot_book(slot=exam, child=child, actor=worker)
    need = InterpreterNeed.objects.get(slot=exam)
    assert InterpretingRequest.objects.get(need=need).status != InterpretingRequest.Status.CANCELLED
    with django_capture_on_commit_callbacks(execute=True):
        actions.child_stage_record(child=child, actor=worker, stage=Stage.HEALTH_EXAM_DONE, happened_on=TODAY)
    exam.refresh_from_db()
    need.refresh_from_db()
    child.refresh_from_db()
    assert exam.child_id is None
    assert need.status == InterpreterNeed.Status.CANCELLED
    assert InterpretingRequest.objects.get(need=need).status == InterpretingRequest.Status.CANCELLED
    assert child.stage == Stage.HEALTH_EXAM_DONE


def test_counselled_by_hand_frees_the_coming_counselling(centre, worker, unscoped) -> None:
    child = ChildFactory(centre=centre, family__centre=centre, stage=Stage.REGISTERED)
    counselling = SlotFactory(centre=centre, kind=Kind.COUNSELLING, starts_at=in_days(2))
    exam = SlotFactory(centre=centre, kind=Kind.HEALTH_EXAM, starts_at=in_days(5))
    actions.slot_book(slot=counselling, child=child, actor=worker)
    actions.slot_book(slot=exam, child=child, actor=worker)
    actions.child_stage_record(child=child, actor=worker, stage=Stage.COUNSELLED, happened_on=TODAY)
    counselling.refresh_from_db()
    exam.refresh_from_db()
    child.refresh_from_db()
    assert counselling.child_id is None and exam.child_id == child.pk
    assert child.stage == Stage.HEALTH_EXAM_BOOKED


# --- item 13: local time in the reader's format ------------------------------------------------


def test_history_and_appointments_show_local_time(centre, caseworker, worker) -> None:
    starts = datetime.datetime(TODAY.year + 1, 1, 15, 12, 0, tzinfo=datetime.UTC)  # 13:00 in Berlin
    with scopes_disabled():
        child = ChildFactory(centre=centre, family__centre=centre)
        slot = SlotFactory(centre=centre, kind=Kind.HEALTH_EXAM, starts_at=starts)
        actions.slot_book(slot=slot, child=child, actor=worker)
        event = StageEvent.objects.filter(child=child, stage=Stage.HEALTH_EXAM_BOOKED).get()
    assert "12:00" not in event.note
    page = caseworker.get(url("family", centre, pk=child.family_id)).content.decode()
    local = formats.date_format(timezone.localtime(starts), "SHORT_DATETIME_FORMAT")
    assert "13:00" in local
    assert f"{starts:%Y-%m-%d %H:%M}" not in page
    history = (
        page.split("<main", 1)[1].split("<summary", 2)[1].split("</details>")[0]
    )  # the first disclosure of the page body
    assert local in history
    with translation.override("en"):
        assert formats.date_format(timezone.localtime(starts), "SHORT_DATETIME_FORMAT") in str(slot)


def test_slot_choices_and_worklist_dates_follow_the_reader(centre, worker, unscoped) -> None:
    from anlaufstelle.newcomers.forms import BookForm

    slot = SlotFactory(centre=centre, kind=Kind.COUNSELLING, starts_at=in_days(3, hour=9))
    with translation.override("en"):
        label = BookForm(centre=centre, kind=Kind.COUNSELLING).fields["slot"].label_from_instance(slot)  # type: ignore[attr-defined]
        assert formats.date_format(timezone.localtime(slot.starts_at), "SHORT_DATETIME_FORMAT") in label
        child = ChildFactory(centre=centre, family__centre=centre)
        past = SlotFactory(centre=centre, kind=Kind.HEALTH_EXAM, child=child, starts_at=in_days(-2))
        page = selectors.worklist(centre=centre, blocked_only=True)
        (item,) = page.object_list
        assert formats.date_format(timezone.localtime(past.starts_at).date(), "SHORT_DATE_FORMAT") in item.blocked


# --- item 14: the Schulamt redirects only to eligible seats ------------------------------------


def _eleven_year_old_with_two_options(centre, worker):  # type: ignore[no-untyped-def]
    actions.rules_load_defaults(centre=centre, actor=None)
    college = SeatQuotaFactory(
        centre=centre,
        school__centre=centre,
        school__name="Aaa Berufskolleg",
        school__school_form=Organisation.SchoolForm.BERUFSKOLLEG,
        grade_band=GradeBand.VOCATIONAL,
        class_model=ClassModel.INTERNATIONAL,
    )
    secondary = SeatQuotaFactory(
        centre=centre,
        school__centre=centre,
        school__name="Gesamtschule Nord",
        school__school_form=Organisation.SchoolForm.GESAMTSCHULE,
        grade_band=GradeBand.LOWER_SECONDARY,
        class_model=ClassModel.PREPARATORY,
    )
    proposed = SeatQuotaFactory(
        centre=centre,
        school__centre=centre,
        school__school_form=Organisation.SchoolForm.GESAMTSCHULE,
        grade_band=GradeBand.LOWER_SECONDARY,
        class_model=ClassModel.REGULAR,
    )
    child = ChildFactory(
        centre=centre,
        family__centre=centre,
        stage=Stage.PLACEMENT_PROPOSED,
        birth_date=TODAY.replace(year=TODAY.year - 11) - datetime.timedelta(days=30),
    )
    placement = Placement.objects.create(centre=centre, child=child, quota=proposed, status=Placement.Status.PROPOSED)
    return college, secondary, placement


def test_redirect_to_a_seat_the_rules_rule_out_is_refused(centre, worker, member_factory, unscoped) -> None:
    college, secondary, placement = _eleven_year_old_with_two_options(centre, worker)
    authority = member_factory(centre, role=Role.SCHOOL_AUTHORITY)
    with pytest.raises(actions.NewcomerError):
        actions.placement_redirect(placement=placement, actor=authority, quota=college)
    placement.refresh_from_db()
    assert placement.status == Placement.Status.PROPOSED
    new = actions.placement_redirect(placement=placement, actor=authority, quota=secondary)
    assert new.quota == secondary


def test_authority_offers_only_eligible_seats_with_nothing_preselected(centre, member_factory, login) -> None:
    with scopes_disabled():
        college, _secondary, placement = _eleven_year_old_with_two_options(centre, None)
    client = login(member_factory(centre, role=Role.SCHOOL_AUTHORITY))
    page = client.get(url("authority", centre)).content.decode()
    select = page.split(f'id="quota-{placement.pk}"', 1)[1].split("</select>", 1)[0]
    assert "Gesamtschule Nord" in select and "Berufskolleg" not in select
    assert "---------" not in select
    assert select.count("selected") == select.count('<option value="" selected>') == 1  # only the empty choice
    assert f'value="">{translation.gettext("Choose a school and class")}<' in select.replace(" selected", "")
    assert "km" in select  # the distance is shown
    response = client.post(url("authority_redirect", centre, pk=placement.pk), {"do": "redirect", "quota": college.pk})
    assert response.status_code == 302
    with scopes_disabled():
        placement.refresh_from_db()
    assert placement.status == Placement.Status.PROPOSED


# --- item 15: family counselling; drafts confirmed before they are sent -------------------------


def test_one_counselling_for_the_whole_family(centre, worker, unscoped) -> None:
    family = FamilyFactory(centre=centre)
    children = [ChildFactory(centre=centre, family=family, stage=Stage.REGISTERED) for _ in range(3)]
    slot = SlotFactory(centre=centre, kind=Kind.COUNSELLING, starts_at=in_days(2))
    actions.slot_book_family(slot=slot, family=family, actor=worker)
    for child in children:
        child.refresh_from_db()
        assert child.stage == Stage.COUNSELLING_BOOKED
    other = SlotFactory(centre=centre, kind=Kind.COUNSELLING, starts_at=in_days(3))
    with pytest.raises(actions.NewcomerError):  # it already counts for every child
        actions.slot_book(slot=other, child=children[0], actor=worker)
    AppointmentSlot.objects.filter(pk=slot.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=1))
    actions.slot_record_outcome(slot=slot, actor=worker, outcome=AppointmentSlot.Outcome.DONE)
    for child in children:
        child.refresh_from_db()
        assert child.stage == Stage.COUNSELLED


def test_family_counselling_from_the_family_page(centre, caseworker) -> None:
    with scopes_disabled():
        family = FamilyFactory(centre=centre)
        children = [ChildFactory(centre=centre, family=family, stage=Stage.REGISTERED) for _ in range(2)]
        slot = SlotFactory(centre=centre, kind=Kind.COUNSELLING, starts_at=in_days(2))
    page = caseworker.get(url("family", centre, pk=family.pk)).content.decode()
    assert url("family_book", centre, pk=family.pk) in page
    assert caseworker.post(url("family_book", centre, pk=family.pk), {"slot": "abc"}).status_code == 302
    caseworker.post(url("family_book", centre, pk=family.pk), {"slot": slot.pk})
    with scopes_disabled():
        slot.refresh_from_db()
        assert slot.family_id == family.pk and slot.child_id is None
        assert {c.stage for c in Child.objects.filter(family=family)} == {Stage.COUNSELLING_BOOKED}
    page = caseworker.get(url("family", centre, pk=family.pk)).content.decode()
    assert all(f'name="c{c.pk}-slot"' not in page for c in children)


def test_drafts_are_not_preticked_and_sending_needs_a_confirmation(centre, caseworker) -> None:
    with scopes_disabled():
        quota = SeatQuotaFactory(centre=centre, school__centre=centre)
        sent, kept = (
            ChildFactory(centre=centre, family__centre=centre),
            ChildFactory(centre=centre, family__centre=centre),
        )
        first = Placement.objects.create(centre=centre, child=sent, quota=quota, status=Placement.Status.DRAFT)
        second = Placement.objects.create(centre=centre, child=kept, quota=quota, status=Placement.Status.DRAFT)
    page = caseworker.get(url("placement", centre)).content.decode()
    assert f'value="{first.pk}"' in page and " checked>" not in page and " checked " not in page
    response = caseworker.post(url("placement_release", centre), {"placement": [first.pk]})
    assert response.status_code == 200
    confirm = response.content.decode()
    assert sent.first_name in confirm and kept.first_name not in confirm and quota.school.name in confirm
    with scopes_disabled():
        first.refresh_from_db()
    assert first.status == Placement.Status.DRAFT
    response = caseworker.post(url("placement_release", centre), {"placement": [first.pk], "confirm": "1"})
    assert response.status_code == 302
    with scopes_disabled():
        first.refresh_from_db()
        second.refresh_from_db()
    assert (first.status, second.status) == (Placement.Status.PROPOSED, Placement.Status.DRAFT)
    assert caseworker.post(url("placement_release", centre), {"placement": ["abc"], "confirm": "1"}).status_code == 302
    assert not mail.outbox


# --- item 9: every id from a request goes through a form --------------------------------------


@pytest.mark.security
@pytest.mark.parametrize("field", ["exclude", "include", "pin"])
def test_a_malformed_id_is_refused_without_a_server_error(centre, member_factory, login, field) -> None:  # type: ignore[no-untyped-def]
    client = login(member_factory(centre, role=Role.CASEWORKER))
    with scopes_disabled():
        child = ChildFactory(centre=centre, family__centre=centre)
    target = url(f"child_{field}", centre, pk=child.family_id, child_pk=child.pk)
    for value in ("abc", "1e3", "-1", "99999999999999999999"):
        response = client.post(target, {field: value})
        assert response.status_code in (302, 400, 404), (value, response.status_code)

"""The newcomers module's writes: intake, stages, appointments, runs, decisions, retention, erasure."""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils import timezone

from anlaufstelle.core.models import AuditEntry
from anlaufstelle.core.retention import apply_retention
from anlaufstelle.core.roles import Role
from anlaufstelle.newcomers import actions, interpreting
from anlaufstelle.newcomers.models import (
    AppointmentSlot,
    Child,
    EligibilityRule,
    Family,
    InterpreterNeed,
    Placement,
    PlacementRun,
)
from anlaufstelle.newcomers.runs import placement_run_execute
from anlaufstelle.newcomers.tests.factories import (
    ChildFactory,
    FamilyFactory,
    SeatQuotaFactory,
    SlotFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _unscoped(unscoped):  # type: ignore[no-untyped-def]
    yield


@pytest.fixture
def worker(centre, member_factory):  # type: ignore[no-untyped-def]
    return member_factory(centre, role=Role.CASEWORKER)


def intake(centre, worker, **family):  # type: ignore[no-untyped-def]
    return actions.family_register(
        centre=centre,
        actor=worker,
        family_data={
            "street": "Lindenweg 3",
            "postcode": "47798",
            "city": "Musterstadt",
            "languages": ["ar", "kmr"],
            "letter_language": "ar",
            "needs_interpreter": True,
            "interpreter_language": "ar",
            "consent_given_on": TODAY,
            "privacy_notice_language": "ar",
            **family,
        },
        guardians=[{"first_name": "Amal", "last_name": "Haddad", "relation": "mother", "phone": "0151 1"}],
        children=[
            {
                "first_name": "Sami",
                "last_name": "Haddad",
                "birth_date": TODAY - datetime.timedelta(days=8 * 365 + 30),
                "languages": ["ar"],
                "schooling_years": 2,
                "latin_literacy": "partly",
                "german_level": "none",
            },
            {
                "first_name": "Lina",
                "last_name": "Haddad",
                "birth_date": TODAY - datetime.timedelta(days=13 * 365 + 30),
                "languages": ["ar"],
                "schooling_years": 6,
            },
        ],
    )


def test_intake_records_family_guardians_children_and_consent_without_data_in_the_trail(centre, worker) -> None:
    family = intake(centre, worker)
    assert family.language_codes == ["ar", "kmr"]
    assert family.guardians.count() == 1
    children = list(family.children.all())
    assert [c.stage for c in children] == [Child.Stage.REGISTERED] * 2
    assert all(c.stage_events.count() == 1 for c in children)
    assert family.consent_given_on == TODAY and family.privacy_notice_language == "ar"
    entries = AuditEntry.objects.filter(action__startswith="newcomers.")
    assert entries.count() == 3
    trail = json.dumps([e.changes for e in entries]) + " ".join(e.target_repr for e in entries)
    assert "Haddad" not in trail and "Lindenweg" not in trail and "Sami" not in trail


def test_intake_needs_a_child(centre, worker) -> None:
    with pytest.raises(actions.NewcomerError):
        actions.family_register(centre=centre, actor=worker, family_data={}, guardians=[], children=[])


def test_appointments_move_the_child_and_raise_an_interpreter_need(centre, worker, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    family = intake(centre, worker)
    child = family.children.first()
    seen: list[int] = []
    interpreting.LISTENERS.append(seen.append)
    try:
        counselling = SlotFactory(centre=centre, kind=AppointmentSlot.Kind.COUNSELLING)
        with django_capture_on_commit_callbacks(execute=True):
            actions.slot_book(slot=counselling, child=child, actor=worker)
        child.refresh_from_db()
        assert child.stage == Child.Stage.COUNSELLING_BOOKED
        need = InterpreterNeed.objects.get(slot=counselling)
        assert (need.language, need.status) == ("ar", InterpreterNeed.Status.OPEN)
        assert seen == [need.pk]

        other = ChildFactory(centre=centre, family=family)
        with pytest.raises(actions.SlotTaken):
            actions.slot_book(slot=counselling, child=other, actor=worker)

        with django_capture_on_commit_callbacks(execute=True):
            actions.slot_cancel_booking(slot=counselling, actor=worker)
        child.refresh_from_db()
        need.refresh_from_db()
        assert child.stage == Child.Stage.REGISTERED
        assert need.status == InterpreterNeed.Status.CANCELLED
        assert seen == [need.pk, need.pk]
    finally:
        interpreting.LISTENERS.remove(seen.append)

    past = SlotFactory(centre=centre, kind=AppointmentSlot.Kind.COUNSELLING)
    actions.slot_book(slot=past, child=child, actor=worker)
    AppointmentSlot.objects.filter(pk=past.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=1))
    actions.slot_record_outcome(slot=past, actor=worker, outcome=AppointmentSlot.Outcome.DONE)
    child.refresh_from_db()
    assert child.stage == Child.Stage.COUNSELLED


def _world(centre):  # type: ignore[no-untyped-def]
    actions.rules_load_defaults(centre=centre, actor=None)
    near = SeatQuotaFactory(centre=centre, school__centre=centre, seats=1)
    far = SeatQuotaFactory(centre=centre, school__centre=centre, seats=5)
    far.school.addresses.update(latitude="51.360000", longitude="6.600000")
    return near, far


def test_a_run_stores_the_frontier_between_fairness_and_places(centre, worker) -> None:
    _world(centre)
    ChildFactory(centre=centre, registered_on=TODAY - datetime.timedelta(days=40))
    ChildFactory(centre=centre, registered_on=TODAY - datetime.timedelta(days=10))
    run = placement_run_execute(run=PlacementRun.objects.create(centre=centre, started_by=worker))
    run.refresh_from_db()
    assert run.frontier[0]["policy"] == "stable" and run.frontier[0]["overtaken"] == 0
    assert run.frontier[-1]["policy"] == "proposals"
    assert run.frontier[-1]["placed"] == run.placed == 2
    assert abs(run.frontier[-1]["km"] - run.total_km) < 0.2
    assert all(set(point) == {"policy", "placed", "overtaken", "km"} for point in run.frontier)


def test_run_release_approve_accept_and_waiting_time(centre, worker, member_factory) -> None:
    near, far = _world(centre)
    older = ChildFactory(centre=centre, registered_on=TODAY - datetime.timedelta(days=40))
    newer = ChildFactory(centre=centre, registered_on=TODAY - datetime.timedelta(days=10))
    not_ready = ChildFactory(centre=centre, stage=Child.Stage.REGISTERED)

    run = placement_run_execute(run=PlacementRun.objects.create(centre=centre, started_by=worker))
    assert (run.children, run.placed) == (2, 2)
    drafts = {p.child_id: p for p in Placement.objects.filter(status=Placement.Status.DRAFT)}
    assert drafts[older.pk].quota == near  # the longer-waiting child gets the nearer school
    assert drafts[newer.pk].quota == far
    assert "nearest" in drafts[older.pk].reasons
    assert not_ready.pk not in drafts

    # A second run replaces the drafts instead of adding to them.
    placement_run_execute(run=PlacementRun.objects.create(centre=centre, started_by=worker))
    assert Placement.objects.filter(status=Placement.Status.DRAFT).count() == 2

    assert actions.placements_release(centre=centre, actor=worker, placements=Placement.objects.all()) == 2
    older.refresh_from_db()
    assert older.stage == Child.Stage.PLACEMENT_PROPOSED

    authority = member_factory(centre, role=Role.SCHOOL_AUTHORITY)
    placement = Placement.objects.get(child=older, status=Placement.Status.PROPOSED)
    actions.placement_approve(placement=placement, actor=authority)
    older.refresh_from_db()
    assert older.stage == Child.Stage.APPROVED

    school = member_factory(centre, role=Role.SCHOOL_CONTACT)
    actions.placement_accept(placement=placement, actor=school, first_school_day=TODAY + datetime.timedelta(days=5))
    older.refresh_from_db()
    assert (older.stage, older.first_school_day) == (Child.Stage.ACCEPTED, TODAY + datetime.timedelta(days=5))
    assert older.waiting_days(TODAY) == 45

    assert actions.due_attendance(today=TODAY + datetime.timedelta(days=5)) == 1
    older.refresh_from_db()
    assert older.stage == Child.Stage.ATTENDING
    assert older.family.closed_on == TODAY + datetime.timedelta(days=5)


def test_approval_of_a_full_quota_is_refused_and_redirect_takes_another_seat(centre, worker, member_factory) -> None:
    near, far = _world(centre)
    a, b = ChildFactory(centre=centre), ChildFactory(centre=centre)
    first = Placement.objects.create(centre=centre, child=a, quota=near, status=Placement.Status.PROPOSED)
    second = Placement.objects.create(centre=centre, child=b, quota=near, status=Placement.Status.PROPOSED)
    authority = member_factory(centre, role=Role.SCHOOL_AUTHORITY)
    actions.placement_approve(placement=first, actor=authority)
    with pytest.raises(actions.NoSeatLeft):
        actions.placement_approve(placement=second, actor=authority)
    second.refresh_from_db()
    assert second.status == Placement.Status.PROPOSED

    new = actions.placement_redirect(placement=second, actor=authority, quota=far, note="Näher an der Schwester")
    second.refresh_from_db()
    assert second.status == Placement.Status.REDIRECTED
    assert (new.status, new.quota, new.child) == (Placement.Status.APPROVED, far, b)
    assert new.distance_km is not None and new.distance_km > 0

    with pytest.raises(actions.NewcomerError):
        actions.quota_save(centre=centre, actor=worker, data={"seats": 0}, quota=near)


def test_school_declines_and_the_child_waits_again(centre, worker, member_factory) -> None:
    near, _far = _world(centre)
    child = ChildFactory(centre=centre, stage=Child.Stage.REGISTERED)
    actions._advance(child, Child.Stage.COUNSELLED, TODAY, worker)
    placement = Placement.objects.create(centre=centre, child=child, quota=near, status=Placement.Status.DRAFT)
    actions.placements_release(centre=centre, actor=worker, placements=[placement])
    actions.placement_approve(placement=placement, actor=member_factory(centre, role=Role.SCHOOL_AUTHORITY))
    with pytest.raises(actions.NewcomerError):
        actions.placement_decline(placement=placement, actor=worker, reason=" ")
    actions.placement_decline(placement=placement, actor=worker, reason="Keine Förderlehrkraft bis Februar")
    child.refresh_from_db()
    placement.refresh_from_db()
    assert placement.status == Placement.Status.DECLINED
    assert child.stage == Child.Stage.COUNSELLED
    assert actions.seats_taken([near.pk]) == {}


def test_withdrawal_closes_the_family_and_retention_removes_only_what_is_due(centre, worker) -> None:
    due_family = intake(centre, worker)
    for child in due_family.children.all():
        actions.child_stage_record(
            child=child, actor=worker, stage=Child.Stage.MOVED_AWAY, happened_on=TODAY - datetime.timedelta(days=800)
        )
    due_family.refresh_from_db()
    assert due_family.closed_on == TODAY - datetime.timedelta(days=800)

    recent = intake(centre, worker)
    for child in recent.children.all():
        actions.child_stage_record(child=child, actor=worker, stage=Child.Stage.WITHDRAWN, happened_on=TODAY)
    still_open = intake(centre, worker)

    counts = apply_retention()
    assert counts["newcomers.families"] == 1
    assert set(Family.objects.values_list("pk", flat=True)) == {recent.pk, still_open.pk}


def test_stage_record_refuses_future_days_and_steps_owned_by_other_screens(centre, worker) -> None:
    child = ChildFactory(centre=centre)
    with pytest.raises(actions.NewcomerError):
        actions.child_stage_record(child=child, actor=worker, stage=Child.Stage.APPROVED, happened_on=TODAY)
    with pytest.raises(actions.NewcomerError):
        actions.child_stage_record(
            child=child, actor=worker, stage=Child.Stage.COUNSELLED, happened_on=TODAY + datetime.timedelta(days=1)
        )
    with pytest.raises(actions.NewcomerError):
        actions.child_stage_record(child=child, actor=worker, stage=Child.Stage.ATTENDING, happened_on=TODAY)


def test_export_and_erasure_of_one_family(centre, worker) -> None:
    family = intake(centre, worker)
    kept = intake(centre, worker)
    slot = SlotFactory(centre=centre)
    actions.slot_book(slot=slot, child=family.children.first(), actor=worker)
    data = actions.family_export(family=family)
    assert data["guardians"][0]["last_name"] == "Haddad"
    assert len(data["children"]) == 2 and data["children"][0]["appointments"]
    assert any(h["what"] == "newcomers.family.register" for h in data["processing_history"])

    number = family.pk
    actions.family_erase(family=family, actor=worker, reason="Antrag der Familie (Art. 17 DSGVO)")
    assert not Family.objects.filter(pk=number).exists()
    assert Child.objects.filter(family=kept).count() == 2
    slot.refresh_from_db()
    assert slot.child is None
    entry = AuditEntry.objects.get(action="newcomers.family.erase")
    assert entry.target_repr == f"Family #{number}"


def test_rules_defaults_once(centre) -> None:
    rules = actions.rules_load_defaults(centre=centre, actor=None)
    assert len(rules) == EligibilityRule.objects.filter(centre=centre).count() >= 6
    with pytest.raises(actions.NewcomerError):
        actions.rules_load_defaults(centre=centre, actor=None)


def test_pin_and_exclusion_reach_the_solver(centre, worker) -> None:
    near, far = _world(centre)
    child = ChildFactory(centre=centre)
    actions.child_exclude_school(child=child, actor=worker, school=near.school, excluded=True)
    placement_run_execute(run=PlacementRun.objects.create(centre=centre))
    assert Placement.objects.get(child=child).quota == far
    actions.child_exclude_school(child=child, actor=worker, school=near.school, excluded=False)
    actions.child_pin(child=child, actor=worker, quota=far)
    placement_run_execute(run=PlacementRun.objects.create(centre=centre))
    placement = Placement.objects.get(child=child)
    assert placement.quota == far and "pinned" in placement.reasons


def test_family_without_known_address_is_reported_not_located(centre, worker) -> None:
    _world(centre)
    family = FamilyFactory(centre=centre, latitude=None, longitude=None)
    child = ChildFactory(centre=centre, family=family)
    run = placement_run_execute(run=PlacementRun.objects.create(centre=centre))
    assert "not_located" in run.unplaced[str(child.pk)]


def test_language_support_is_preferred_and_explained(centre) -> None:
    actions.rules_load_defaults(centre=centre, actor=None)
    plain = SeatQuotaFactory(centre=centre, school__centre=centre, seats=2)
    supported = SeatQuotaFactory(centre=centre, school__centre=centre, seats=2, languages="|ar|")
    supported.school.addresses.update(latitude="51.341000", longitude="6.571000")  # a few hundred metres farther
    child = ChildFactory(centre=centre, languages="|ar|")
    placement_run_execute(run=PlacementRun.objects.create(centre=centre))
    placement = Placement.objects.get(child=child)
    assert placement.quota == supported and "language_support" in placement.reasons
    assert plain.pk != supported.pk

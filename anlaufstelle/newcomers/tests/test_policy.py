"""Issue 17: the centre's way of placing, the policy on every proposal, travel times and their rule."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import given, settings

from anlaufstelle.core.models import AuditEntry
from anlaufstelle.core.roles import Role
from anlaufstelle.core.tests.test_travel import osrm  # noqa: F401 - the local routing stand-in
from anlaufstelle.newcomers import actions, placement, selectors
from anlaufstelle.newcomers.models import EligibilityRule, Placement, PlacementSettings, Policy
from anlaufstelle.newcomers.runs import build_instance, placement_run_execute, placement_run_start
from anlaufstelle.newcomers.tests.factories import ChildFactory, FamilyFactory, SeatQuotaFactory
from anlaufstelle.newcomers.tests.test_placement import check_basic, instances, maximum_placed

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _unscoped(unscoped):  # type: ignore[no-untyped-def]
    yield


@pytest.fixture
def worker(centre, member_factory):  # type: ignore[no-untyped-def]
    return member_factory(centre, role=Role.CASEWORKER)


def url(name: str, centre) -> str:  # type: ignore[no-untyped-def]
    return reverse(f"newcomers:{name}", kwargs={"centre": centre.slug})


# --- the stable policy, as the solver sees it ----------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(instances())
def test_the_stable_policy_overtakes_nobody_and_is_the_frontiers_first_point(instance) -> None:  # type: ignore[no-untyped-def]
    children, groups = instance
    result = placement.propose_fair(children, groups, extra=0)
    check_basic(children, groups, result)
    assignment = {cid: p.seat_group for cid, p in result.proposals.items() if p.seat_group}
    point = placement.assess(children, groups, assignment)
    first = placement.frontier(children, groups)[0]
    assert point.overtaken == 0
    assert (point.placed, point.overtaken) == (first.placed, first.overtaken)


@settings(max_examples=200, deadline=None)
@given(instances(families=True, pins=True))
def test_every_policy_keeps_capacity_and_eligibility_and_the_placing_ones_reach_the_maximum(instance) -> None:  # type: ignore[no-untyped-def]
    from anlaufstelle.newcomers.runs import solve

    children, groups = instance
    results = {policy: solve(children, groups, policy=policy) for policy in Policy.values}
    for result in results.values():
        check_basic(children, groups, result)
    pinned = {c.id: results[Policy.SENIORITY].proposals[c.id].seat_group for c in children if c.pinned}
    assert results[Policy.SENIORITY].placed == results[Policy.FAIR].placed == maximum_placed(children, groups, pinned)
    assert results[Policy.STABLE].placed <= results[Policy.FAIR].placed


# --- one scarce seat: the three policies differ ----------------------------------------------------


def scarce(centre):  # type: ignore[no-untyped-def]
    """Two seats. The senior can reach both schools, the junior only the near one (Grundschule rule: 5 km).

    Placing both needs the senior at the far school: one more child, one child overtaken.
    """
    actions.rules_load_defaults(centre=centre, actor=None)
    near = SeatQuotaFactory(centre=centre, school__centre=centre, seats=1)  # at 51.34, 6.57
    far = SeatQuotaFactory(centre=centre, school__centre=centre, seats=1)
    far.school.addresses.update(latitude=Decimal("51.360000"), longitude=Decimal("6.600000"))
    senior = ChildFactory(centre=centre, family__centre=centre, registered_on=TODAY - datetime.timedelta(days=60))
    junior = ChildFactory(
        centre=centre,
        family=FamilyFactory(centre=centre, latitude=51.31, longitude=6.54),
        registered_on=TODAY - datetime.timedelta(days=5),
    )
    return near, far, senior, junior


def drafts(centre):  # type: ignore[no-untyped-def]
    return {p.child_id: p for p in Placement.objects.filter(centre=centre, status=Placement.Status.DRAFT)}


def test_without_a_choice_the_centre_places_by_seniority_as_before(centre, worker) -> None:
    near, far, senior, junior = scarce(centre)
    assert selectors.policy_of(centre=centre) == Policy.SENIORITY
    run = placement_run_start(centre=centre, actor=worker)
    assert run.policy == Policy.SENIORITY
    placement_run_execute(run=run)
    instance = build_instance(centre=centre)
    expected = placement.propose(instance.children, instance.groups)  # unchanged: the solver's own proposals
    made = drafts(centre)
    assert {str(k): str(p.quota_id) for k, p in made.items()} == {
        cid: p.seat_group for cid, p in expected.proposals.items() if p.seat_group
    }
    assert made[senior.pk].quota == far and made[junior.pk].quota == near
    assert {p.policy for p in made.values()} == {Policy.SENIORITY}


@pytest.mark.parametrize(
    ("policy", "placed", "overtaken"),
    [(Policy.SENIORITY, 2, 1), (Policy.FAIR, 2, 1), (Policy.STABLE, 1, 0)],
)
def test_the_chosen_policy_places_and_each_proposal_names_it(centre, worker, policy, placed, overtaken) -> None:  # type: ignore[no-untyped-def]
    near, _far, senior, junior = scarce(centre)
    actions.placement_policy_set(centre=centre, actor=worker, policy=policy)
    run = placement_run_execute(run=placement_run_start(centre=centre, actor=worker))
    assert run.policy == policy and run.placed == placed
    made = drafts(centre)
    assert {p.policy for p in made.values()} == {policy}
    if policy == Policy.STABLE:
        assert set(made) == {senior.pk} and made[senior.pk].quota == near
        assert str(junior.pk) in run.unplaced
    mine = run.frontier[-1]
    assert mine["policy"] == "proposals" and (mine["placed"], mine["overtaken"]) == (placed, overtaken)
    rows = selectors.frontier_rows(run)
    assert rows[-1]["way"] == policy and rows[0]["way"] == Policy.STABLE


def test_setting_the_policy_is_audited_and_refuses_unknown_ones(centre, worker) -> None:
    actions.placement_policy_set(centre=centre, actor=worker, policy=Policy.FAIR)
    actions.placement_policy_set(centre=centre, actor=worker, policy=Policy.STABLE)
    assert PlacementSettings.objects.get(centre=centre).policy == Policy.STABLE
    entry = AuditEntry.objects.filter(action="newcomers.placement.policy").order_by("-id").first()
    assert entry is not None and entry.changes == {"policy": [Policy.FAIR, Policy.STABLE]}
    with pytest.raises(actions.NewcomerError):
        actions.placement_policy_set(centre=centre, actor=worker, policy="lottery")
    assert PlacementSettings.objects.get(centre=centre).policy == Policy.STABLE


def test_the_school_authority_chooses_and_sees_which_policy_placed_each_proposal(
    centre, worker, member_factory, login
) -> None:  # type: ignore[no-untyped-def]
    scarce(centre)
    placement_run_execute(run=placement_run_start(centre=centre, actor=worker))
    actions.placements_release(centre=centre, actor=worker, placements=Placement.objects.filter(centre=centre))
    client = login(member_factory(centre, role=Role.SCHOOL_AUTHORITY))
    inbox = client.get(url("authority", centre)).content.decode()
    assert f'data-policy="{Policy.SENIORITY}"' in inbox and url("placement_policy", centre) in inbox
    page = client.get(url("placement_policy", centre))
    assert page.status_code == 200 and 'id="table-frontier"' in page.content.decode()
    assert client.post(url("placement_policy", centre), {"policy": Policy.STABLE}).status_code == 302
    assert selectors.policy_of(centre=centre) == Policy.STABLE
    assert client.post(url("placement_policy", centre), {"policy": "lottery"}).status_code == 422
    assert selectors.policy_of(centre=centre) == Policy.STABLE
    run = placement_run_start(centre=centre, actor=worker)
    assert run.policy == Policy.STABLE


def test_caseworkers_run_with_the_choice_but_do_not_make_it(centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    client = login(member_factory(centre, role=Role.CASEWORKER))
    assert client.post(url("placement_policy", centre), {"policy": Policy.STABLE}).status_code == 403
    actions.placement_policy_set(centre=centre, actor=None, policy=Policy.FAIR)  # type: ignore[arg-type]
    page = client.get(url("placement", centre)).content.decode()
    with translation.override("de"):
        assert 'id="placement-policy"' in page and str(Policy.FAIR.label) in page


# --- skewed data: one district with most children, scarce seats, ties ---------------------------


def test_skewed_scarce_ties_every_policy_keeps_the_seats_and_the_stable_one_overtakes_nobody(centre, worker) -> None:
    actions.rules_load_defaults(centre=centre, actor=None)
    rng = random.Random(17)
    quotas = []
    for i in range(6):  # six primary schools in a row, 2 seats each: 12 seats for 40 children
        quota = SeatQuotaFactory(centre=centre, school__centre=centre, seats=2)
        quota.school.addresses.update(latitude=Decimal(f"51.{330 + 8 * i}"), longitude=Decimal("6.570000"))
        quotas.append(quota)
    for i in range(40):  # 34 children in the first district, waiting 10 or 20 days (many ties)
        lat = 51.331 + rng.random() / 500 if i < 34 else 51.330 + 0.008 * rng.randrange(6)
        ChildFactory(
            centre=centre,
            family=FamilyFactory(centre=centre, latitude=lat, longitude=6.571),
            registered_on=TODAY - datetime.timedelta(days=rng.choice([10, 20])),
        )
    figures = {}
    for policy in Policy.values:
        actions.placement_policy_set(centre=centre, actor=worker, policy=policy)
        run = placement_run_execute(run=placement_run_start(centre=centre, actor=worker))
        made = drafts(centre)
        for quota in quotas:
            assert sum(1 for p in made.values() if p.quota_id == quota.pk) <= quota.seats
        assert {p.policy for p in made.values()} == {policy}
        figures[policy] = run.frontier[-1]
    assert figures[Policy.STABLE]["overtaken"] == 0
    assert figures[Policy.SENIORITY]["placed"] == figures[Policy.FAIR]["placed"] == 12
    assert figures[Policy.STABLE]["placed"] <= 12


# --- travel times and the rule's limit -------------------------------------------------------------


def limit_minutes(centre, minutes: int) -> None:  # type: ignore[no-untyped-def]
    EligibilityRule.objects.filter(centre=centre, grade_band="primary").update(max_minutes=minutes)


def test_without_a_routing_server_the_limit_uses_the_estimate(centre, worker) -> None:
    near, _far, senior, _junior = scarce(centre)
    limit_minutes(centre, 12)  # estimate: 3.9 straight km × 1.3 / 20 km/h ≈ 15 minutes: too far
    run = placement_run_execute(run=placement_run_start(centre=centre, actor=worker))
    made = drafts(centre)
    assert set(made) == {senior.pk} and made[senior.pk].quota == near and run.placed == 1
    assert made[senior.pk].travel_minutes == round(made[senior.pk].distance_km * 1.3 / 20 * 60)


def test_a_routing_server_decides_the_limit_and_the_km(centre, worker, osrm) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    near, far, senior, junior = scarce(centre)
    limit_minutes(centre, 12)  # the stand-in: 3.9 × 1.5 road km at 30 km/h ≈ 11.7 minutes: allowed
    with override_settings(TRAVEL_TIMES="anlaufstelle.core.travel.OsrmTravel", TRAVEL_TIMES_URL=osrm):
        run = placement_run_execute(run=placement_run_start(centre=centre, actor=worker))
    assert run.placed == 2
    made = drafts(centre)
    assert made[senior.pk].quota == far and made[junior.pk].quota == near
    assert 5.0 < made[senior.pk].distance_km < 6.5  # road km (straight: 3.9)
    assert made[senior.pk].travel_minutes in (11, 12)


def test_a_routing_server_outage_falls_back_to_straight_km(centre, worker) -> None:
    _near, far, senior, _junior = scarce(centre)
    with override_settings(TRAVEL_TIMES="anlaufstelle.core.travel.OsrmTravel", TRAVEL_TIMES_URL="http://127.0.0.1:9"):
        placement_run_execute(run=placement_run_start(centre=centre, actor=worker))  # outage: the estimate
    made = drafts(centre)
    assert made[senior.pk].quota == far and made[senior.pk].distance_km == pytest.approx(3.9, abs=0.2)


def test_the_redirect_options_respect_the_travel_time_limit(centre, worker) -> None:
    near, _far, senior, _junior = scarce(centre)
    placement_run_execute(run=placement_run_start(centre=centre, actor=worker))
    proposals = list(Placement.objects.filter(centre=centre, child=senior))  # at the far school
    actions.placements_release(centre=centre, actor=worker, placements=proposals)

    def offered() -> set[int]:
        options = selectors.redirect_options(centre=centre, placements=proposals)[proposals[0].pk]
        return {option.quota.pk for option in options}

    assert offered() == {near.pk}
    limit_minutes(centre, 5)  # near: 0.86 straight km × 1.3 at 20 km/h ≈ 3.4 minutes
    assert offered() == {near.pk}
    limit_minutes(centre, 3)
    assert offered() == set()

"""The placement solver on its own: hypothesis properties checked against brute force, and examples."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from anlaufstelle.newcomers import placement, references
from anlaufstelle.newcomers.placement import Child, SeatGroup, propose, usable_options

GROUPS = ["g0", "g1", "g2"]


@st.composite
def instances(draw, families: bool = False, pins: bool = False):  # type: ignore[no-untyped-def]
    groups = [
        SeatGroup(gid, f"school{draw(st.integers(0, 1)) if gid != 'g0' else 0}", draw(st.integers(0, 2)))
        for gid in GROUPS
    ]
    children = []
    for i in range(draw(st.integers(1, 5))):
        chosen = draw(st.lists(st.sampled_from(GROUPS), unique=True, max_size=3))
        options = {gid: float(draw(st.integers(1, 20))) for gid in chosen}
        children.append(
            Child(
                id=f"c{i}",
                waiting_days=draw(st.integers(0, 5)),
                options=options,
                family=draw(st.sampled_from(["", "fa", "fb"])) if families else "",
                max_km=float(draw(st.sampled_from([15, 100]))),
                pinned=draw(st.sampled_from(["", *chosen])) if pins and chosen else "",
            )
        )
    return children, groups


def feasible_assignments(children, groups):  # type: ignore[no-untyped-def]
    """Every assignment that respects capacity and usable options (brute force)."""
    by_id = {g.id: g for g in groups}
    choices = [[None, *usable_options(c, by_id)] for c in children]
    for combo in itertools.product(*choices):
        used: dict[str, int] = {}
        for gid in combo:
            if gid is not None:
                used[gid] = used.get(gid, 0) + 1
        if all(n <= by_id[gid].free for gid, n in used.items()):
            yield dict(zip([c.id for c in children], combo, strict=True))


def check_basic(children, groups, result) -> None:  # type: ignore[no-untyped-def]
    by_id = {g.id: g for g in groups}
    used: dict[str, int] = {}
    for child in children:
        proposal = result.proposals[child.id]
        if proposal.seat_group is not None:
            assert proposal.seat_group in usable_options(child, by_id), "ineligible placement"
            assert proposal.school == by_id[proposal.seat_group].school
            used[proposal.seat_group] = used.get(proposal.seat_group, 0) + 1
    for gid, count in used.items():
        assert count <= by_id[gid].free, "school over capacity"
    assert result.placed == len(used and [p for p in result.proposals.values() if p.seat_group])


@settings(max_examples=300, deadline=None)
@given(instances(families=True, pins=True))
def test_capacity_eligibility_pins_and_maximum_placement(instance) -> None:  # type: ignore[no-untyped-def]
    children, groups = instance
    result = propose(children, groups)
    check_basic(children, groups, result)
    # Pinned choices are kept while seats last, longest waiting first.
    by_id = {g.id: g for g in groups}
    left = {g.id: g.free for g in groups}
    for child in sorted(children, key=lambda c: (-c.waiting_days, c.id)):
        if child.pinned and child.pinned in usable_options(child, by_id) and left[child.pinned] > 0:
            left[child.pinned] -= 1
            assert result.proposals[child.id].seat_group == child.pinned
            assert placement.PINNED in result.proposals[child.id].reasons
    # Placed count equals the maximum any assignment can reach (once the pins are kept).
    pinned = {c.id: result.proposals[c.id].seat_group for c in children if c.pinned}
    best = max(
        sum(1 for gid in a.values() if gid is not None)
        for a in feasible_assignments(children, groups)
        if all(a[cid] == gid for cid, gid in pinned.items())
    )
    assert result.placed == best


@settings(max_examples=300, deadline=None)
@given(instances())
def test_longest_waiting_children_are_placed_first(instance) -> None:  # type: ignore[no-untyped-def]
    children, groups = instance
    result = propose(children, groups)
    waits = {c.id: c.waiting_days for c in children}

    def seniority(assignment) -> list[int]:  # type: ignore[no-untyped-def]
        return sorted((waits[cid] for cid, gid in assignment.items() if gid is not None), reverse=True)

    ours = seniority({cid: p.seat_group for cid, p in result.proposals.items()})
    best = max((seniority(a) for a in feasible_assignments(children, groups)), key=lambda s: (len(s), s))
    assert ours == best


@settings(max_examples=300, deadline=None)
@given(instances())
def test_with_equal_waiting_the_total_distance_is_minimal(instance) -> None:  # type: ignore[no-untyped-def]
    children, groups = instance
    children = [Child(c.id, 3, c.options, max_km=c.max_km) for c in children]
    result = propose(children, groups)
    by_id = {c.id: c for c in children}
    best_count = max(sum(1 for g in a.values() if g) for a in feasible_assignments(children, groups))
    best_km = min(
        sum(by_id[cid].options[gid] for cid, gid in a.items() if gid)
        for a in feasible_assignments(children, groups)
        if sum(1 for g in a.values() if g) == best_count
    )
    assert abs(result.total_km - best_km) < 0.2 * len(children) + 1e-9  # within the 100 m cost steps


def test_siblings_share_a_school_when_seats_allow() -> None:
    groups = [SeatGroup("a-primary", "A", 1), SeatGroup("b-primary", "B", 1), SeatGroup("b-secondary", "B", 1)]
    older = Child("older", 10, {"b-secondary": 4.0}, family="f")
    younger = Child("younger", 10, {"a-primary": 1.0, "b-primary": 3.0}, family="f")
    result = propose([older, younger], groups)
    assert result.proposals["younger"].school == "B"
    assert placement.SIBLING in result.proposals["younger"].reasons
    assert result.split_families == []


def test_a_sibling_restriction_never_costs_a_placement() -> None:
    groups = [SeatGroup("a", "A", 1), SeatGroup("b", "B", 1)]
    sister = Child("sister", 5, {"a": 1.0, "b": 2.0}, family="f")
    brother = Child("brother", 5, {"a": 1.0}, family="f")
    stranger = Child("stranger", 9, {"b": 1.0})
    result = propose([sister, brother, stranger], groups)
    assert result.placed == 2  # only two seats; the longest-waiting stranger keeps one
    assert result.proposals["stranger"].school == "B"


def test_reasons_explain_each_proposal() -> None:
    groups = [SeatGroup("near", "Near", 1), SeatGroup("far", "Far", 1)]
    first = Child("first", 30, {"near": 1.0, "far": 5.0})
    second = Child("second", 10, {"near": 1.5, "far": 6.0})
    nowhere = Child("nowhere", 50, {"near": 40.0}, max_km=20)
    pinned = Child("pinned", 1, {"near": 1.0}, pinned="near")
    result = propose([first, second, nowhere, pinned], groups)
    assert result.proposals["pinned"].reasons == (placement.PINNED,)
    assert result.proposals["first"].reasons == (placement.NEARER_TAKEN,)
    assert result.proposals["second"].seat_group is None and result.proposals["second"].reasons == (
        placement.SEATS_TAKEN,
    )
    assert result.proposals["nowhere"].reasons == (placement.NO_OPTION,)
    again = propose([Child("first", 30, {"near": 1.0, "far": 5.0}, previous="far")], [SeatGroup("far", "Far", 1)])
    assert again.proposals["first"].reasons == (placement.KEPT, placement.NEAREST)


def test_same_input_same_proposals() -> None:
    groups = [SeatGroup(f"g{i}", f"S{i % 3}", 2) for i in range(6)]
    children = [Child(f"c{i}", i % 4, {f"g{j}": float((i * j) % 7 + 1) for j in range(6)}) for i in range(15)]
    assert propose(children, groups).proposals == propose(list(reversed(children)), groups).proposals


def test_the_solver_is_a_pure_module() -> None:
    import ast
    from pathlib import Path

    tree = ast.parse(Path(placement.__file__).read_text())
    imported = {
        (node.module or "") if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert not any(name.startswith(("django", "anlaufstelle")) for name in imported), imported


@settings(max_examples=300, deadline=None)
@given(instances(families=True))
def test_siblings_are_never_split_when_a_common_school_has_seats(instance) -> None:  # type: ignore[no-untyped-def]
    children, groups = instance
    groups = [SeatGroup(g.id, g.school, len(children)) for g in groups]  # seats for everybody everywhere
    result = propose(children, groups)
    check_basic(children, groups, result)
    by_id = {g.id: g for g in groups}
    for family in {c.family for c in children if c.family}:
        members = [c for c in children if c.family == family]
        common = set.intersection(*({by_id[g].school for g in usable_options(c, by_id)} for c in members))
        schools = {result.proposals[c.id].school for c in members}
        if common:
            assert len(schools) == 1 and schools <= common, (family, schools, common)


def test_siblings_of_different_ages_share_a_school_that_has_both_forms() -> None:
    groups = [
        SeatGroup("a-primary", "A", 5),
        SeatGroup("b-secondary", "B", 5),
        SeatGroup("c-primary", "C", 1),
        SeatGroup("c-secondary", "C", 1),
    ]
    younger = Child("younger", 20, {"a-primary": 1.0, "c-primary": 6.0}, family="f")
    older = Child("older", 20, {"b-secondary": 2.0, "c-secondary": 6.0}, family="f")
    stranger = Child("stranger", 40, {"c-primary": 5.0, "a-primary": 5.5})  # waited longer, nearly indifferent
    result = propose([younger, older, stranger], groups)
    assert result.proposals["younger"].school == result.proposals["older"].school == "C"
    assert placement.SIBLING in result.proposals["older"].reasons
    assert result.proposals["stranger"].school == "A"
    assert result.split_families == [] and result.placed == 3


def test_siblings_without_a_common_school_are_placed_apart_with_a_reason() -> None:
    groups = [SeatGroup("a-primary", "A", 1), SeatGroup("b-secondary", "B", 1)]
    younger = Child("younger", 5, {"a-primary": 1.0}, family="f")
    older = Child("older", 5, {"b-secondary": 2.0}, family="f")
    result = propose([younger, older], groups)
    assert result.placed == 2 and result.split_families == ["f"]
    assert placement.NO_COMMON_SCHOOL in result.proposals["younger"].reasons


def test_siblings_apart_when_the_common_school_has_too_few_seats() -> None:
    groups = [SeatGroup("a", "A", 1), SeatGroup("b", "B", 1)]
    sister = Child("sister", 5, {"a": 1.0, "b": 2.0}, family="f")
    brother = Child("brother", 5, {"a": 1.0, "b": 2.0}, family="f")
    result = propose([sister, brother], groups)
    assert result.placed == 2 and result.split_families == ["f"]
    assert placement.SIBLINGS_APART in result.proposals["sister"].reasons


def test_the_seniority_choice_is_exact_where_children_compete() -> None:
    # Two seats nearby, three children: the two who waited longest are placed, wherever the rest is.
    groups = [SeatGroup("near", "N", 2), SeatGroup("far", "F", 5)]
    children = [
        Child("old", 90, {"near": 1.0}),
        Child("middle", 50, {"near": 1.0}),
        Child("new", 10, {"near": 1.0}),
        Child("elsewhere", 1, {"far": 3.0}),
    ]
    result = propose(children, groups)
    assert {c for c, p in result.proposals.items() if p.seat_group} == {"old", "middle", "elsewhere"}


# --- the benchmark's references and metrics ------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(instances())
def test_plain_flow_reaches_the_maximum_with_the_least_distance(instance) -> None:  # type: ignore[no-untyped-def]
    children, groups = instance
    assignment = references.plain_min_cost_flow(children, groups)
    by_id = {c.id: c for c in children}
    groups_by_id = {g.id: g for g in groups}
    assert all(gid in usable_options(by_id[cid], groups_by_id) for cid, gid in assignment.items())
    feasible = list(feasible_assignments(children, groups))
    best_count = max(sum(1 for g in a.values() if g) for a in feasible)
    best_km = min(
        sum(by_id[cid].options[gid] for cid, gid in a.items() if gid)
        for a in feasible
        if sum(1 for g in a.values() if g) == best_count
    )
    assert references.placed(assignment) == best_count
    assert abs(references.total_km(children, assignment) - best_km) < 0.1 * len(children) + 1e-9


@settings(max_examples=200, deadline=None)
@given(instances())
def test_deferred_acceptance_is_stable(instance) -> None:  # type: ignore[no-untyped-def]
    children, groups = instance
    assignment = references.deferred_acceptance(children, groups)
    by_id = {g.id: g for g in groups}
    used: dict[str, int] = {}
    for cid, gid in assignment.items():
        used[gid] = used.get(gid, 0) + 1
        assert gid in usable_options(next(c for c in children if c.id == cid), by_id)
    assert all(n <= by_id[gid].free for gid, n in used.items())
    assert references.justified_envy(children, groups, assignment) == 0
    # Stability also rules out a wasted seat: nobody prefers a group that still has room.
    for child in children:
        own = assignment.get(child.id)
        own_km = child.options[own] if own else float("inf")
        for gid, km in usable_options(child, by_id).items():
            if km < own_km:
                assert used.get(gid, 0) >= by_id[gid].free


def test_envy_and_sibling_metrics_count_as_documented() -> None:
    groups = [SeatGroup("near", "N", 1), SeatGroup("far", "F", 2), SeatGroup("other", "O", 1)]
    senior = Child("senior", 30, {"near": 1.0, "far": 4.0}, family="f")
    junior = Child("junior", 10, {"near": 2.0}, family="g")
    sister = Child("sister", 30, {"other": 1.0}, family="f")
    brother = Child("brother", 10, {"far": 1.0, "other": 1.0}, family="g")
    assignment = {"junior": "near", "senior": "far", "sister": "other"}
    # senior waited longer and prefers "near", which junior got; brother (unplaced) waited 10 days like
    # junior (not fewer) and nobody with fewer days sits where he could go.
    assert references.justified_envy([senior, junior, sister, brother], groups, assignment) == 1
    stats = references.sibling_stats([senior, junior, sister, brother], groups, assignment)
    assert stats == references.SiblingStats(groups=2, split=1, split_with_common_school=0, partly_placed=1)


def test_language_support_breaks_a_near_tie_and_is_explained() -> None:
    groups = [SeatGroup("near", "a", 1), SeatGroup("supported", "b", 1)]
    child = Child("c", 10, {"near": 2.0, "supported": 2.5}, supported=frozenset({"supported"}))
    proposal = propose([child], groups).proposals["c"]
    assert proposal.seat_group == "supported" and "language_support" in proposal.reasons
    far = Child("c", 10, {"near": 2.0, "supported": 6.0}, supported=frozenset({"supported"}))
    assert propose([far], groups).proposals["c"].seat_group == "near"  # a preference, not a detour


@settings(max_examples=300, deadline=None)
@given(instances())
def test_least_envy_flow_places_the_maximum_and_keeps_a_stable_outcome_that_does(instance) -> None:  # type: ignore[no-untyped-def]
    # Issue 17's candidate: maximum placement always; where deferred acceptance already places the
    # maximum, its stable (envy-free) outcome is kept.
    children, groups = instance
    assignment = references.least_envy_flow(children, groups)
    by_id = {g.id: g for g in groups}
    used: dict[str, int] = {}
    for cid, gid in assignment.items():
        used[gid] = used.get(gid, 0) + 1
        assert gid in usable_options(next(c for c in children if c.id == cid), by_id)
    assert all(n <= by_id[gid].free for gid, n in used.items())
    maximum = max(sum(1 for g in a.values() if g) for a in feasible_assignments(children, groups))
    assert references.placed(assignment) == maximum
    if references.placed(references.deferred_acceptance(children, groups)) == maximum:
        assert references.justified_envy(children, groups, assignment) == 0


def test_the_exact_yardstick_finds_the_least_envy_among_maximum_placements() -> None:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))
    from placement_exact import exact_least_envy

    # Two seats; a short-waiting child can only go to "near", so the maximum (2) needs it there and the
    # long-waiting child who prefers "near" must go "far": one envious child at least, and exactly one.
    groups = [SeatGroup("near", "N", 1), SeatGroup("far", "F", 1)]
    senior = Child("senior", 30, {"near": 1.0, "far": 4.0})
    junior = Child("junior", 10, {"near": 2.0})
    solved = exact_least_envy([senior, junior], groups, seconds=5)
    assert solved.assignment == {"senior": "far", "junior": "near"}
    assert solved.envy == 1 and solved.bound == 1 and solved.optimal


# --- issue 17: the fair candidate and the frontier between fairness and places ---------------------


def brute_force_envy(children, groups, assignment) -> int:  # type: ignore[no-untyped-def]
    """Children a with some placed child b who waited strictly less, at a group a could use and likes more."""
    by_id = {g.id: g for g in groups}
    envious = set()
    for a in children:
        own = assignment.get(a.id)
        own_km = a.options[own] if own is not None else float("inf")
        usable = usable_options(a, by_id)
        for b in children:
            gid = assignment.get(b.id)
            if gid is not None and b.waiting_days < a.waiting_days and gid in usable and usable[gid] < own_km:
                envious.add(a.id)
    return len(envious)


def maximum_placed(children, groups, pinned=None) -> int:  # type: ignore[no-untyped-def]
    pinned = pinned or {}
    return max(
        sum(1 for gid in a.values() if gid is not None)
        for a in feasible_assignments(children, groups)
        if all(a[cid] == gid for cid, gid in pinned.items())
    )


@settings(max_examples=300, deadline=None)
@given(instances(families=True, pins=True), st.booleans())
def test_fair_candidate_keeps_capacity_eligibility_pins_and_places_the_maximum(instance, seniority) -> None:  # type: ignore[no-untyped-def]
    children, groups = instance
    result = placement.propose_fair(children, groups, seniority=seniority)
    check_basic(children, groups, result)
    by_id = {g.id: g for g in groups}
    left = {g.id: g.free for g in groups}
    for child in sorted(children, key=lambda c: (-c.waiting_days, c.id)):
        if child.pinned and child.pinned in usable_options(child, by_id) and left[child.pinned] > 0:
            left[child.pinned] -= 1
            assert result.proposals[child.id].seat_group == child.pinned
    pinned = {c.id: result.proposals[c.id].seat_group for c in children if c.pinned}
    assert result.placed == maximum_placed(children, groups, pinned)


@settings(max_examples=200, deadline=None)
@given(instances())
def test_fair_candidate_with_seniority_places_the_longest_waiting_like_propose(instance) -> None:  # type: ignore[no-untyped-def]
    children, groups = instance
    waits = {c.id: c.waiting_days for c in children}

    def seniority(result) -> list[int]:  # type: ignore[no-untyped-def]
        return sorted((waits[cid] for cid, p in result.proposals.items() if p.seat_group), reverse=True)

    assert seniority(placement.propose_fair(children, groups, seniority=True)) == seniority(propose(children, groups))


@settings(max_examples=300, deadline=None)
@given(instances(families=True))
def test_fair_candidate_never_splits_siblings_when_a_common_school_has_seats(instance) -> None:  # type: ignore[no-untyped-def]
    children, groups = instance
    groups = [SeatGroup(g.id, g.school, len(children)) for g in groups]
    result = placement.propose_fair(children, groups)
    by_id = {g.id: g for g in groups}
    for family in {c.family for c in children if c.family}:
        members = [c for c in children if c.family == family]
        common = set.intersection(*({by_id[g].school for g in usable_options(c, by_id)} for c in members))
        schools = {result.proposals[c.id].school for c in members}
        if common:
            assert len(schools) == 1 and schools <= common, (family, schools, common)


@settings(max_examples=300, deadline=None)
@given(instances(pins=True), st.data())
def test_the_envy_count_matches_brute_force(instance, data) -> None:  # type: ignore[no-untyped-def]
    children, groups = instance
    assignment = {
        cid: gid for cid, gid in data.draw(st.sampled_from(list(feasible_assignments(children, groups)))).items() if gid
    }
    expected = brute_force_envy(children, groups, assignment)
    point = placement.assess(children, groups, assignment, "any")
    assert point.overtaken == expected == references.justified_envy(children, groups, assignment)
    assert point.placed == len(assignment)


@settings(max_examples=300, deadline=None)
@given(instances(families=True))
def test_the_frontier_runs_from_nobody_overtaken_to_the_maximum(instance) -> None:  # type: ignore[no-untyped-def]
    children, groups = instance
    points = placement.frontier(children, groups)
    assert points[0].policy == placement.STABLE and points[0].overtaken == 0
    assert points[0].placed == references.placed(references.deferred_acceptance(children, groups))
    assert [p.placed for p in points] == sorted(p.placed for p in points)
    assert max(p.placed for p in points) == maximum_placed(children, groups)
    if points[-1].placed > points[0].placed:
        assert points[-1].policy == placement.MAXIMUM
    assert all(p.policy in (placement.SIBLINGS, placement.BETWEEN, placement.MAXIMUM) for p in points[1:])


def test_the_frontier_shows_the_price_of_one_more_child() -> None:
    # Two seats; deferred acceptance gives "near" to the senior and leaves the junior out. Placing both
    # needs the senior at "far": one more child, one child overtaken.
    groups = [SeatGroup("near", "N", 1), SeatGroup("far", "F", 1)]
    senior = Child("senior", 30, {"near": 1.0, "far": 4.0})
    junior = Child("junior", 10, {"near": 2.0})
    points = placement.frontier([senior, junior], groups)
    assert [(p.policy, p.placed, p.overtaken, p.km) for p in points] == [
        (placement.STABLE, 1, 0, 1.0),
        (placement.MAXIMUM, 2, 1, 6.0),
    ]

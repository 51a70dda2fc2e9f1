"""School placement proposals for waiting children: a pure module (no Django), OR-Tools min-cost flow.

The caller (the newcomers module) turns the centre's rule table, the seats and the children's
addresses into plain data: for each child the seat groups it is eligible for with the travel
distance, and for each seat group its school and free seats. `propose` then

1. keeps the caseworker's pinned choices (longest waiting first while seats last),
2. places as many children as any assignment can (maximum flow), and among those the children
   who waited longest (their source arcs carry a bonus that outweighs any distance),
3. minimises travel distance, weighting the distance of longer-waiting children a little more
   (so they get the nearer schools: less justified envy), preferring a school a sibling attends
   and the previous proposal (stability: a re-run does not shuffle proposals without cause),
4. keeps sibling groups together: a group split by step 3 is restricted to its best common
   school and the flow solved again; a restriction that would cost a placement is dropped.

Every proposal carries reason codes the interface turns into sentences. Nothing here is final:
people approve. See docs/decisions/0011-placement-solver.md.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ortools.graph.python import min_cost_flow

UNIT_KM = 0.1  # distances are costed in steps of 100 m
SIBLING_BONUS_KM = 3.0  # a school a sibling attends counts as this much nearer
KEEP_BONUS_KM = 0.5  # the previous proposal counts as this much nearer (stability)
ENVY_WEIGHT = 1.0  # the longest-waiting child's kilometres count (1 + ENVY_WEIGHT) times
SIBLING_ROUNDS = 3

# Reason codes (the interface translates them).
PINNED = "pinned"
SIBLING = "sibling"
KEPT = "kept"
NEAREST = "nearest"
NEARER_TAKEN = "nearer_taken"
NO_OPTION = "no_option"
PINNED_FULL = "pinned_full"
SEATS_TAKEN = "seats_taken"


@dataclass(frozen=True)
class SeatGroup:
    """Free seats of one school for one grade band and class model."""

    id: str
    school: str
    free: int


@dataclass(frozen=True)
class Child:
    id: str
    waiting_days: int
    options: Mapping[str, float]  # eligible seat group id -> travel distance in km
    family: str = ""  # children sharing a family id are siblings and should share a school
    max_km: float = math.inf
    pinned: str = ""  # a seat group the caseworker fixed
    excluded_schools: frozenset[str] = frozenset()  # schools the caseworker ruled out
    sibling_schools: frozenset[str] = frozenset()  # schools an older sibling already attends
    previous: str = ""  # seat group of the previous proposal


@dataclass(frozen=True)
class Proposal:
    child: str
    seat_group: str | None
    school: str | None
    distance_km: float | None
    reasons: tuple[str, ...]


@dataclass
class Result:
    proposals: dict[str, Proposal]
    placed: int = 0
    total_km: float = 0.0
    split_families: list[str] = field(default_factory=list)


def usable_options(child: Child, groups: Mapping[str, SeatGroup]) -> dict[str, float]:
    """The child's options within reach, at schools not excluded, in groups that exist."""
    return {
        gid: km
        for gid, km in child.options.items()
        if gid in groups and km <= child.max_km and groups[gid].school not in child.excluded_schools
    }


def propose(children: Iterable[Child], seat_groups: Iterable[SeatGroup]) -> Result:
    """Placement proposals for every child (placed or with the reason it is not)."""
    children = sorted(children, key=lambda c: (-c.waiting_days, c.id))
    groups = {g.id: g for g in seat_groups}
    free = {gid: g.free for gid, g in groups.items()}
    options = {c.id: usable_options(c, groups) for c in children}
    assigned: dict[str, str] = {}
    reasons: dict[str, list[str]] = defaultdict(list)

    for child in children:  # 1. pinned choices, longest waiting first
        if not child.pinned:
            continue
        if child.pinned in options[child.id] and free[child.pinned] > 0:
            assigned[child.id] = child.pinned
            free[child.pinned] -= 1
            reasons[child.id].append(PINNED)
        else:
            reasons[child.id].append(PINNED_FULL)

    open_children = [c for c in children if not c.pinned]
    members: dict[str, list[Child]] = defaultdict(list)  # family -> its children (looked up, never scanned)
    for child in children:
        if child.family:
            members[child.family].append(child)
    restrictions: dict[str, str] = {}  # family -> school its members are restricted to
    solution = _solve(open_children, options, groups, free, restrictions, assigned)
    best_count = len(solution)
    for _ in range(SIBLING_ROUNDS):  # 4. keep sibling groups together
        split = _split_families(children, {**assigned, **solution}, groups)
        candidates = {
            family: school
            for family in split
            if family not in restrictions and (school := _common_school(members[family], options, groups))
        }
        if not candidates:
            break
        trial = {**restrictions, **candidates}
        attempt = _solve(open_children, options, groups, free, trial, assigned)
        if len(attempt) >= best_count:
            restrictions, solution = trial, attempt
            continue
        # Some restriction cost a placement: keep only those whose members are all placed.
        kept = {
            family: school
            for family, school in trial.items()
            if all(c.id in attempt for c in members[family] if not c.pinned)
        }
        attempt = _solve(open_children, options, groups, free, kept, assigned)
        if len(attempt) >= best_count and kept != restrictions:
            restrictions, solution = kept, attempt
        else:
            break
    assigned.update(solution)
    return _result(children, members, groups, options, assigned, reasons)


def _cost_units(km: float) -> int:
    return round(km / UNIT_KM)


def _solve(
    children: list[Child],
    options: Mapping[str, Mapping[str, float]],
    groups: Mapping[str, SeatGroup],
    free: Mapping[str, int],
    restrictions: Mapping[str, str],
    siblings_placed: Mapping[str, str],
) -> dict[str, str]:
    """Maximum placement, longest waiting first, then least weighted distance: child id -> seat group."""
    if not children:
        return {}
    longest = max(c.waiting_days for c in children) or 1
    pinned_schools: dict[str, set[str]] = defaultdict(set)
    child_family = {c.id: c.family for c in children}
    for cid, gid in siblings_placed.items():
        if child_family.get(cid, ""):
            pinned_schools[child_family[cid]].add(groups[gid].school)
    arcs: list[tuple[int, int, int]] = []  # (child index, group index, cost)
    group_index = {gid: i for i, gid in enumerate(groups)}
    max_arc = 1
    for ci, child in enumerate(children):
        weight = 1.0 + ENVY_WEIGHT * child.waiting_days / longest
        restricted = restrictions.get(child.family, "") if child.family else ""
        for gid, km in options[child.id].items():
            school = groups[gid].school
            if restricted and school != restricted:
                continue
            if free[gid] <= 0:
                continue
            effective = km * weight
            if school in child.sibling_schools or school in pinned_schools.get(child.family, ()):
                effective -= SIBLING_BONUS_KM
            if gid == child.previous:
                effective -= KEEP_BONUS_KM
            cost = _cost_units(effective) + _cost_units(SIBLING_BONUS_KM + KEEP_BONUS_KM)  # never negative
            arcs.append((ci, group_index[gid], cost))
            max_arc = max(max_arc, cost)
    # A bonus per waiting day larger than any difference of the whole distance sum: the set of
    # placed children is chosen by waiting time first (a matroid, so greedy by seniority).
    day_bonus = max_arc * len(children) + 1
    source, sink = 0, 1
    first_child, first_group = 2, 2 + len(children)
    flow = min_cost_flow.SimpleMinCostFlow()
    for ci, child in enumerate(children):
        flow.add_arc_with_capacity_and_unit_cost(source, first_child + ci, 1, -day_bonus * (child.waiting_days + 1))
    arc_ids = []
    for ci, gi, cost in arcs:
        arc_ids.append(flow.add_arc_with_capacity_and_unit_cost(first_child + ci, first_group + gi, 1, cost))
    for gid, gi in group_index.items():
        if free[gid] > 0:
            flow.add_arc_with_capacity_and_unit_cost(first_group + gi, sink, free[gid], 0)
    flow.set_node_supply(source, len(children))
    flow.set_node_supply(sink, -len(children))
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status}")
    gids = list(group_index)
    solution = {}
    for arc, (ci, gi, _cost) in zip(arc_ids, arcs, strict=True):
        if flow.flow(arc) > 0:
            solution[children[ci].id] = gids[gi]
    return solution


def _split_families(children: list[Child], assigned: Mapping[str, str], groups: Mapping[str, SeatGroup]) -> list[str]:
    schools: dict[str, set[str]] = defaultdict(set)
    for child in children:
        if child.family and child.id in assigned:
            schools[child.family].add(groups[assigned[child.id]].school)
    return sorted(family for family, found in schools.items() if len(found) > 1)


def _common_school(
    family: list[Child], options: Mapping[str, Mapping[str, float]], groups: Mapping[str, SeatGroup]
) -> str:
    """The school where every unpinned member has an option, with the least total distance."""
    totals: dict[str, float] = {}
    for index, child in enumerate(c for c in family if not c.pinned):
        best: dict[str, float] = {}
        for gid, km in options[child.id].items():
            school = groups[gid].school
            best[school] = min(km, best.get(school, math.inf))
        if index == 0:
            totals = best
        else:
            totals = {school: totals[school] + km for school, km in best.items() if school in totals}
    return min(totals, key=lambda s: (totals[s], s)) if totals else ""


def _result(
    children: list[Child],
    members: Mapping[str, list[Child]],
    groups: Mapping[str, SeatGroup],
    options: Mapping[str, Mapping[str, float]],
    assigned: Mapping[str, str],
    reasons: Mapping[str, list[str]],
) -> Result:
    family_schools: dict[str, set[str]] = defaultdict(set)
    for child in children:
        if child.family and child.id in assigned:
            family_schools[child.family].add(groups[assigned[child.id]].school)
    result = Result(proposals={})
    for child in children:
        why = list(reasons.get(child.id, []))
        gid = assigned.get(child.id)
        if gid is None:
            if not why:
                why.append(SEATS_TAKEN if options[child.id] else NO_OPTION)
            result.proposals[child.id] = Proposal(child.id, None, None, None, tuple(why))
            continue
        km = options[child.id][gid]
        school = groups[gid].school
        together = child.family and len(members[child.family]) > 1 and family_schools[child.family] == {school}
        if school in child.sibling_schools or together:
            why.append(SIBLING)
        if gid == child.previous:
            why.append(KEPT)
        if PINNED not in why:
            why.append(NEAREST if km <= min(options[child.id].values()) else NEARER_TAKEN)
        result.proposals[child.id] = Proposal(child.id, gid, school, km, tuple(why))
        result.placed += 1
        result.total_km += km
    result.split_families = sorted(f for f, schools in family_schools.items() if len(schools) > 1)
    return result

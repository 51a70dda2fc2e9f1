"""School placement proposals for waiting children: a pure module (no Django), OR-Tools min-cost flow.

The caller (the newcomers module) turns the centre's rule table, the seats and the children's
addresses into plain data: for each child the seat groups it is eligible for with the travel
distance, and for each seat group its school and free seats. `propose` then

1. keeps the caseworker's pinned choices (longest waiting first while seats last),
2. decides who is placed: as many children as any assignment can place (maximum flow) and among
   those the children who waited longest (a plain max flow plus a small min-cost flow over the
   children that actually compete for seats),
3. prices each option by the justified envy it would probably cause (against a deferred-acceptance
   run) and promises each sibling group the seats of one common school (longest waiting first,
   least distance and envy price, only where seats are left),
4. decides where: one min-cost flow with exact supplies per waiting time (so step 2's choice
   holds) on the distance, weighted a little by waiting time, plus the envy price, minus bonuses
   for a school an older sibling attends and the previous proposal (stability), plus a large
   penalty for a sibling placed away from the promised school.

Every proposal carries reason codes the interface turns into sentences. Nothing here is final:
people approve. See docs/decisions/0011-placement-solver.md.

Issue 17 (fairness against places): `frontier` computes a few placements from "nobody is
overtaken" (deferred acceptance) to "as many children as possible", each with the children placed,
the children with justified envy and the km (`TradeOff`); `assess` gives the same figures for any
assignment. `propose_fair` is a measured candidate (a stable outcome first, then the children it
leaves out at least probable envy), not the product default: decision 0011 says why.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
from ortools.graph.python import max_flow, min_cost_flow

UNIT_KM = 0.1  # distances are costed in steps of 100 m
SIBLING_BONUS_KM = 3.0  # a school an older sibling attends counts as this much nearer
KEEP_BONUS_KM = 0.5  # the previous proposal counts as this much nearer (stability)
LANGUAGE_BONUS_KM = 1.0  # a seat group with support in the child's language counts as this much nearer
ENVY_WEIGHT = 1.0  # the longest-waiting child's km count (1 + ENVY_WEIGHT) times: ties go to seniority
ENVY_PRICE_KM = 0.4  # each child an arc would probably give justified envy costs this many km
FAIR_PRICE_KM = 4.0  # propose_fair and frontier: one child probably given justified envy costs this many km
APART_PENALTY_KM = 1000.0  # a sibling placed away from its group's promised school costs this much

# Reason codes (the interface translates them).
PINNED = "pinned"
SIBLING = "sibling"
KEPT = "kept"
NEAREST = "nearest"
NEARER_TAKEN = "nearer_taken"
NO_OPTION = "no_option"
PINNED_FULL = "pinned_full"
SEATS_TAKEN = "seats_taken"
NO_COMMON_SCHOOL = "no_common_school"  # no school has an eligible seat group for every sibling
LANGUAGE = "language_support"  # the school offers support in the child's language
SIBLINGS_APART = "siblings_apart"  # a common school exists, but not enough of its seats are left


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
    supported: frozenset[str] = frozenset()  # seat groups with support in the child's language


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
    return _propose(children, seat_groups, fair=None)


def propose_fair(
    children: Iterable[Child],
    seat_groups: Iterable[SeatGroup],
    *,
    seniority: bool = False,
    extra: int | None = None,
    price_km: float = FAIR_PRICE_KM,
) -> Result:
    """A candidate for issue 17: a stable outcome first, then the children it leaves out at least envy.

    See `_Problem.solve_fair` for `seniority`, `extra` and `price_km`; pins as in `propose`.
    """
    return _propose(children, seat_groups, fair=(seniority, extra, price_km))


@dataclass(frozen=True)
class TradeOff:
    """One point between fairness and places (issue 17): what a policy places, overtakes and costs in km."""

    policy: str  # STABLE, BETWEEN, MAXIMUM or the caller's label
    placed: int
    overtaken: int  # children with justified envy: one who waited less sits where they would rather be
    km: float


STABLE = "stable"  # deferred acceptance: nobody is overtaken
SIBLINGS = "siblings"  # deferred acceptance's children, moved only to keep siblings together
BETWEEN = "between"
MAXIMUM = "maximum"  # as many children as any assignment can place
FRONTIER_POINTS = 5


def frontier(
    children: Iterable[Child],
    seat_groups: Iterable[SeatGroup],
    *,
    points: int = FRONTIER_POINTS,
    price_km: float = FAIR_PRICE_KM,
    also: Mapping[str, Mapping[str, str]] | None = None,
) -> list[TradeOff]:
    """A few placements from "nobody is overtaken" to "as many children as possible", fewest placed first.

    The first (STABLE) is deferred acceptance (children propose by km, seat groups keep the longest
    waiting): without pins nobody has justified envy. The others keep every child it placed placed,
    keep siblings at a promised common school (as `propose` does), and add an even share of the
    children it leaves out that seats allow (longer waiting first), at least probable envy
    (`propose_fair` without seniority): SIBLINGS adds none (only when a promise moves someone),
    BETWEEN some, MAXIMUM all that any assignment can place. Pins are kept first as in `propose`.
    `also` (policy label -> assignment, child id -> seat group id) adds those assignments' figures
    at the end, counted the same way (e.g. a run's own proposals).
    """
    prepared = _Prepared(children, seat_groups)
    groups_of = prepared.problem.frontier(prepared.members, price_km, points)
    envy = _EnvyCounter(prepared.children, prepared.groups, prepared.options)
    result: list[TradeOff] = []
    for policy, group_of in groups_of:
        prepared.problem.group_of = group_of
        assignment = {**prepared.assigned, **prepared.problem.assignment()}
        result.append(envy.trade_off(assignment, policy))
    for label, other in (also or {}).items():
        result.append(envy.trade_off(other, label))
    return result


def assess(
    children: Iterable[Child], seat_groups: Iterable[SeatGroup], assignment: Mapping[str, str], policy: str = ""
) -> TradeOff:
    """Children placed, children with justified envy and km of an assignment (child id -> seat group id)."""
    children = list(children)
    groups = {g.id: g for g in seat_groups}
    options = {c.id: usable_options(c, groups) for c in children}
    return _EnvyCounter(children, groups, options).trade_off(assignment, policy)


class _EnvyCounter:
    """Counts children with justified envy on arrays: child c envies group g if g is one of c's usable
    options, nearer than c's seat (any, if c is unplaced), and a child with fewer waiting days sits there."""

    def __init__(
        self, children: list[Child], groups: Mapping[str, SeatGroup], options: Mapping[str, Mapping[str, float]]
    ) -> None:
        self.index = {c.id: i for i, c in enumerate(children)}
        self.group_index = {gid: i for i, gid in enumerate(groups)}
        pairs = [(ci, self.group_index[gid], km) for ci, c in enumerate(children) for gid, km in options[c.id].items()]
        self.child = np.array([p[0] for p in pairs], dtype=np.int64)
        self.group = np.array([p[1] for p in pairs], dtype=np.int64)
        self.km = np.array([p[2] for p in pairs], dtype=np.float64)
        self.waiting = np.array([c.waiting_days for c in children], dtype=np.int64)
        self.children = children
        self.options = options

    def trade_off(self, assignment: Mapping[str, str], policy: str) -> TradeOff:
        n, m = len(self.children), len(self.group_index)
        own = np.full(n, -1, dtype=np.int64)
        km = 0.0
        for cid, gid in assignment.items():
            own[self.index[cid]] = self.group_index[gid]
            km += self.options[cid][gid]
        own_km = np.full(n, np.inf)
        held = own[self.child] == self.group
        own_km[self.child[held]] = self.km[held]
        least = np.full(m, np.iinfo(np.int64).max)
        placed = own >= 0
        np.minimum.at(least, own[placed], self.waiting[placed])
        envious = (self.km < own_km[self.child]) & (least[self.group] < self.waiting[self.child])
        overtaken = len(np.unique(self.child[envious]))
        return TradeOff(policy, int(placed.sum()), overtaken, round(km, 1))


class _Prepared:
    """The children in seniority order, pins kept (longest waiting first), families, and the open problem."""

    def __init__(self, children: Iterable[Child], seat_groups: Iterable[SeatGroup]) -> None:
        self.children = sorted(children, key=lambda c: (-c.waiting_days, c.id))
        self.groups = {g.id: g for g in seat_groups}
        free = {gid: g.free for gid, g in self.groups.items()}
        self.options = {c.id: usable_options(c, self.groups) for c in self.children}
        self.assigned: dict[str, str] = {}
        self.reasons: dict[str, list[str]] = defaultdict(list)
        for child in self.children:  # 1. pinned choices, longest waiting first
            if not child.pinned:
                continue
            if child.pinned in self.options[child.id] and free[child.pinned] > 0:
                self.assigned[child.id] = child.pinned
                free[child.pinned] -= 1
                self.reasons[child.id].append(PINNED)
            else:
                self.reasons[child.id].append(PINNED_FULL)
        self.members: dict[str, list[Child]] = defaultdict(list)  # family -> its children (looked up, never scanned)
        for child in self.children:
            if child.family:
                self.members[child.family].append(child)
        open_children = [c for c in self.children if not c.pinned]
        self.problem = _Problem(open_children, self.options, self.groups, free, self.assigned)


def _propose(
    children: Iterable[Child], seat_groups: Iterable[SeatGroup], *, fair: tuple[bool, int | None, float] | None
) -> Result:
    prepared = _Prepared(children, seat_groups)
    problem = prepared.problem
    if fair is not None:
        seniority, extra, price_km = fair
        problem.solve_fair(prepared.members, price_km, seniority=seniority, extra=extra)
    else:
        problem.solve(prepared.members)  # 2.-4.
    assigned = {**prepared.assigned, **problem.assignment()}
    return _result(prepared.children, prepared.members, prepared.groups, prepared.options, assigned, prepared.reasons)


def _cost_units(km: float) -> int:
    return round(km / UNIT_KM)


def _common_schools(
    family: list[Child],
    options: Mapping[str, Mapping[str, float]],
    groups: Mapping[str, SeatGroup],
    assigned: Mapping[str, str],
) -> dict[str, float]:
    """Schools where every sibling is pinned (and placed) or has an option -> total km of the others.

    Each sibling counts with its nearest seat group at the school; if a sibling is pinned, only
    its school qualifies.
    """
    pinned = {groups[assigned[c.id]].school for c in family if c.pinned and c.id in assigned}
    if len(pinned) > 1:
        return {}
    totals: dict[str, float] | None = None
    for child in family:
        if child.pinned and child.id in assigned:
            continue
        best: dict[str, float] = {}
        for gid, km in options[child.id].items():
            school = groups[gid].school
            best[school] = min(km, best.get(school, math.inf))
        totals = best if totals is None else {s: totals[s] + km for s, km in best.items() if s in totals}
    if totals is None:  # every sibling is pinned, all at one school
        return dict.fromkeys(pinned, 0.0)
    return {s: km for s, km in totals.items() if not pinned or s in pinned}


class _Problem:
    """The open (unpinned) children as arrays: index = seniority rank; arcs = usable options with seats."""

    def __init__(
        self,
        children: list[Child],
        options: Mapping[str, Mapping[str, float]],
        groups: Mapping[str, SeatGroup],
        free: Mapping[str, int],
        assigned: Mapping[str, str],
    ) -> None:
        self.children = children
        self.gids = list(groups)
        index = {gid: i for i, gid in enumerate(self.gids)}
        schools = {school: i for i, school in enumerate(dict.fromkeys(g.school for g in groups.values()))}
        self.capacity = np.array([max(free[gid], 0) for gid in self.gids], dtype=np.int64)
        self.group_school = np.array([schools[groups[gid].school] for gid in self.gids], dtype=np.int64)
        self.pinned_schools: dict[str, set[int]] = defaultdict(set)  # family -> schools of its kept pins
        family_of = {c.id: c.family for c in children}
        for child_id, gid in assigned.items():
            if family := family_of.get(child_id, ""):
                self.pinned_schools[family].add(schools[groups[gid].school])
        arc_child: list[int] = []
        arc_group: list[int] = []
        arc_km: list[float] = []
        arc_bonus: list[float] = []
        for ci, child in enumerate(children):
            sibling = {schools[s] for s in child.sibling_schools if s in schools} | self.pinned_schools.get(
                child.family, set()
            )
            for gid, km in options[child.id].items():
                if free[gid] <= 0:
                    continue
                gi = index[gid]
                bonus = SIBLING_BONUS_KM if sibling and self.group_school[gi] in sibling else 0.0
                if gid == child.previous:
                    bonus += KEEP_BONUS_KM
                if gid in child.supported:
                    bonus += LANGUAGE_BONUS_KM
                arc_child.append(ci)
                arc_group.append(gi)
                arc_km.append(km)
                arc_bonus.append(bonus)
        self.arc_child = np.asarray(arc_child, dtype=np.int64)
        self.arc_group = np.asarray(arc_group, dtype=np.int64)
        self.arc_km = np.asarray(arc_km, dtype=np.float64)
        self.arc_bonus = np.asarray(arc_bonus, dtype=np.float64)
        self.waiting = np.array([c.waiting_days for c in children], dtype=np.int64)
        self.group_of = np.full(len(children), -1, dtype=np.int64)  # the solution: group index or -1

    def assignment(self) -> dict[str, str]:
        return {self.children[ci].id: self.gids[gi] for ci, gi in enumerate(self.group_of.tolist()) if gi >= 0}

    def solve(self, members: Mapping[str, list[Child]]) -> None:
        """Steps 2-4 of `propose`: who is placed, the prices and promises, then where."""
        if len(self.children) == 0 or len(self.arc_child) == 0:
            return
        levels, self.level = np.unique(self.waiting, return_inverse=True)
        self.levels = len(levels)
        per_level = self._placed_per_level()
        longest = max(int(self.waiting.max()), 1)
        weight = 1.0 + ENVY_WEIGHT * self.waiting / longest
        effective = self.arc_km * weight[self.arc_child] - self.arc_bonus
        cost = np.rint(effective / UNIT_KM).astype(np.int64) + _cost_units(
            SIBLING_BONUS_KM + KEEP_BONUS_KM + LANGUAGE_BONUS_KM
        )
        cost = np.maximum(cost, 0) + _cost_units(ENVY_PRICE_KM) * self._envy_estimate()
        cost += _cost_units(APART_PENALTY_KM) * self._promise_schools(members, cost)
        self._assign(per_level, cost)

    def solve_fair(
        self, members: Mapping[str, list[Child]], price_km: float, *, seniority: bool, extra: int | None = None
    ) -> None:
        """The fair variants: a stable outcome first, then the children it leaves out at least envy.

        `seniority`: the children placed are those `solve` places (the longest waiting among maximum
        placements) and the stable outcome is deferred acceptance among them; otherwise deferred
        acceptance among all children, which stay placed, plus `extra` more children (None: as many
        as seats allow, longer waiting first). Every other seat than the stable one costs its km plus
        `price_km` per child it probably gives justified envy; siblings are promised a common school
        (as in `solve`) unless `extra` is 0.
        """
        n = len(self.children)
        if n == 0 or len(self.arc_child) == 0:
            return
        levels, self.level = np.unique(self.waiting, return_inverse=True)
        self.levels = len(levels)
        maximum = int(self._placed_per_level().sum())
        among = self.selected if seniority else np.ones(n, dtype=bool)
        sub = among[self.arc_child]
        own = _deferred_acceptance(n, self.arc_child[sub], self.arc_group[sub], self.arc_km[sub], self.capacity)
        required = among if seniority else own >= 0
        more = 0 if seniority else maximum - int(required.sum())
        if extra is not None:
            more = min(more, extra)
        if extra == 0:
            self.group_of = own
            return
        cost = self._km_cost() + _cost_units(price_km) * self._estimate_against(own, among)
        held = own[self.arc_child] == self.arc_group
        apart = self._promise_schools(members, cost, among=among)
        if more == 0 and not (required & (own < 0)).any() and not (apart & held).any():
            self.group_of = own
            return
        self._assign_set(required, cost + _cost_units(APART_PENALTY_KM) * apart, more)

    def frontier(
        self, members: Mapping[str, list[Child]], price_km: float, points: int
    ) -> list[tuple[str, np.ndarray]]:
        """Placements (policy, group per child) from deferred acceptance to the maximum (see `frontier`)."""
        n = len(self.children)
        own = np.full(n, -1, dtype=np.int64)
        if n == 0 or len(self.arc_child) == 0:
            return [(STABLE, own)]
        levels, self.level = np.unique(self.waiting, return_inverse=True)
        self.levels = len(levels)
        maximum = int(self._placed_per_level().sum())
        among = np.ones(n, dtype=bool)
        own = _deferred_acceptance(n, self.arc_child, self.arc_group, self.arc_km, self.capacity)
        placements = [(STABLE, own)]
        required = own >= 0
        missing = maximum - int(required.sum())
        cost = self._km_cost() + _cost_units(price_km) * self._estimate_against(own, among)
        apart = self._promise_schools(members, cost, among=among)
        cost += _cost_units(APART_PENALTY_KM) * apart
        if (apart & (own[self.arc_child] == self.arc_group)).any():  # a promise moves someone
            self._assign_set(required, cost, 0)
            placements.append((SIBLINGS, self.group_of.copy()))
        extras = sorted({round(missing * i / max(points - 1, 1)) for i in range(points)} - {0})
        for more in extras:
            self._assign_set(required, cost, more)
            placements.append((MAXIMUM if more == missing else BETWEEN, self.group_of.copy()))
        return placements

    def _km_cost(self) -> np.ndarray:
        """Per arc: km minus the bonuses (older sibling's school, previous proposal, language), in cost units."""
        base = np.rint((self.arc_km - self.arc_bonus) / UNIT_KM).astype(np.int64) + _cost_units(
            SIBLING_BONUS_KM + KEEP_BONUS_KM + LANGUAGE_BONUS_KM
        )
        return np.maximum(base, 0)

    def _estimate_against(self, own: np.ndarray, among: np.ndarray) -> np.ndarray:
        """Per arc: the children of `among` probably given justified envy if the arc were used (0 on `own`)."""
        n = len(self.children)
        child, group, km, waiting = self.arc_child, self.arc_group, self.arc_km, self.waiting
        own_km = np.full(n, np.inf)
        held = own[child] == group
        own_km[child[held]] = km[held]
        demand = (km < own_km[child]) & among[child]
        span = int(waiting.max()) + 2
        keys = np.sort(group[demand] * span + waiting[child[demand]])
        envious = np.searchsorted(keys, group * span + span - 1, "right") - np.searchsorted(
            keys, group * span + waiting[child], "right"
        )
        moved = (own[child] >= 0) & (km > own_km[child])
        estimate = envious + moved
        estimate[held] = 0
        return estimate

    def _assign_set(self, required: np.ndarray, cost: np.ndarray, more: int = 0) -> None:
        """Place the required children (a placeable set) and `more` others, longer waiting first, at least cost."""
        n, m = len(self.children), len(self.gids)
        first_group, sink, others = n, n + m, n + m + 1
        flow = min_cost_flow.SimpleMinCostFlow()
        if more:
            candidates = np.flatnonzero(~required)
            per_level = int(cost.max()) + 1  # a longer-waiting child first, whatever the moves cost
            rank = np.unique(self.waiting[candidates], return_inverse=True)[1]  # small costs: a faster flow
            flow.add_arcs_with_capacity_and_unit_cost(
                np.full(len(candidates), others, dtype=np.int32),
                candidates.astype(np.int32),
                np.ones(len(candidates), dtype=np.int64),
                -per_level * rank,
            )
        arcs = flow.add_arcs_with_capacity_and_unit_cost(
            self.arc_child.astype(np.int32),
            (self.arc_group + first_group).astype(np.int32),
            np.ones(len(self.arc_child), dtype=np.int64),
            cost,
        )
        flow.add_arcs_with_capacity_and_unit_cost(
            np.arange(first_group, first_group + m, dtype=np.int32),
            np.full(m, sink, dtype=np.int32),
            self.capacity,
            np.zeros(m, dtype=np.int64),
        )
        supplies = np.zeros(others + 1, dtype=np.int64)
        supplies[:n] = required
        supplies[others] = more
        supplies[sink] = -int(required.sum()) - more
        flow.set_nodes_supplies(np.arange(others + 1, dtype=np.int32), supplies)
        status = flow.solve()
        if status != flow.OPTIMAL:
            raise RuntimeError(f"min-cost flow failed with status {status}")
        used = np.flatnonzero(flow.flows(arcs) > 0)
        self.group_of[:] = -1
        self.group_of[self.arc_child[used]] = self.arc_group[used]

    # --- step 2: who is placed ------------------------------------------------------------------

    def _placed_per_level(self) -> np.ndarray:
        """How many children of each waiting time a maximum placement by seniority places.

        The sets of children that can be placed together form a transversal matroid, so the
        best set by waiting time is the one greedy seniority picks, and every such set places
        the same number of children per waiting time. Any maximum placement (a plain max flow)
        already places every child that all maximum placements place; only children reachable
        from an unplaced child by alternating paths (moving seats along) compete, and only for
        the seat groups reached. A small min-cost flow with a bonus per waiting day settles those.
        """
        n, m = len(self.children), len(self.gids)
        first_child, first_group = 2, 2 + n
        flow = max_flow.SimpleMaxFlow()
        flow.add_arcs_with_capacity(
            np.zeros(n, dtype=np.int32),
            np.arange(first_child, first_child + n, dtype=np.int32),
            np.ones(n, dtype=np.int64),
        )
        arcs = flow.add_arcs_with_capacity(
            (self.arc_child + first_child).astype(np.int32),
            (self.arc_group + first_group).astype(np.int32),
            np.ones(len(self.arc_child), dtype=np.int64),
        )
        flow.add_arcs_with_capacity(
            np.arange(first_group, first_group + m, dtype=np.int32), np.ones(m, dtype=np.int32), self.capacity
        )
        if flow.solve(0, 1) != flow.OPTIMAL:
            raise RuntimeError("max flow failed")
        used = np.flatnonzero(flow.flows(arcs) > 0)
        own = np.full(n, -1, dtype=np.int64)
        own[self.arc_child[used]] = self.arc_group[used]
        contested = self._contested(own)
        fixed = (own >= 0) & ~contested
        self.selected = fixed.copy()  # a maximum placement's children, longest waiting first
        counts = np.bincount(self.level[fixed], minlength=self.levels)
        if not contested.any():
            return counts
        # The contested children compete for the seats of the groups they can reach (all full).
        sub = contested[self.arc_child]
        children = np.flatnonzero(contested)
        child_index = np.full(n, -1, dtype=np.int64)
        child_index[children] = np.arange(len(children))
        groups = np.unique(self.arc_group[sub])
        group_index = np.full(m, -1, dtype=np.int64)
        group_index[groups] = np.arange(len(groups))
        k, g = len(children), len(groups)
        seniority = min_cost_flow.SimpleMinCostFlow()
        seniority.add_arcs_with_capacity_and_unit_cost(
            np.zeros(k, dtype=np.int32),
            np.arange(2, 2 + k, dtype=np.int32),
            np.ones(k, dtype=np.int64),
            -(self.level[children] + 1),
        )
        seniority.add_arcs_with_capacity_and_unit_cost(
            (child_index[self.arc_child[sub]] + 2).astype(np.int32),
            (group_index[self.arc_group[sub]] + 2 + k).astype(np.int32),
            np.ones(int(sub.sum()), dtype=np.int64),
            np.zeros(int(sub.sum()), dtype=np.int64),
        )
        seniority.add_arcs_with_capacity_and_unit_cost(
            np.arange(2 + k, 2 + k + g, dtype=np.int32), np.ones(g, dtype=np.int32), self.capacity[groups], np.zeros(g)
        )
        seniority.set_node_supply(0, k)
        seniority.set_node_supply(1, -k)
        if seniority.solve_max_flow_with_min_cost() != seniority.OPTIMAL:
            raise RuntimeError("min-cost flow failed")
        chosen = seniority.flows(np.arange(k)) > 0
        self.selected[children[chosen]] = True
        return counts + np.bincount(self.level[children[chosen]], minlength=self.levels)

    def _contested(self, own: np.ndarray) -> np.ndarray:
        """Children that some maximum placement leaves unplaced: reachable from an unplaced child."""
        options: list[list[int]] = [[] for _ in self.children]
        for ci, gi in zip(self.arc_child.tolist(), self.arc_group.tolist(), strict=True):
            options[ci].append(gi)
        occupants: list[list[int]] = [[] for _ in self.gids]
        for ci, gi in enumerate(own.tolist()):
            if gi >= 0:
                occupants[gi].append(ci)
        stack = np.flatnonzero(own < 0).tolist()
        seen = set(stack)
        reached: set[int] = set()
        while stack:
            for gi in options[stack.pop()]:
                if gi not in reached:
                    reached.add(gi)
                    for other in occupants[gi]:
                        if other not in seen:
                            seen.add(other)
                            stack.append(other)
        contested = np.zeros(len(self.children), dtype=bool)
        contested[list(seen)] = True
        return contested

    # --- step 4: where --------------------------------------------------------------------------

    def _assign(self, per_level: np.ndarray, cost: np.ndarray) -> None:
        """Which children of each waiting time, and where: a min-cost flow with exact supplies."""
        n, m = len(self.children), len(self.gids)
        flow = min_cost_flow.SimpleMinCostFlow()
        first_child = self.levels
        first_group = first_child + n
        sink = first_group + m
        flow.add_arcs_with_capacity_and_unit_cost(
            self.level.astype(np.int32),
            np.arange(first_child, first_child + n, dtype=np.int32),
            np.ones(n, dtype=np.int64),
            np.zeros(n, dtype=np.int64),
        )
        arcs = flow.add_arcs_with_capacity_and_unit_cost(
            (self.arc_child + first_child).astype(np.int32),
            (self.arc_group + first_group).astype(np.int32),
            np.ones(len(self.arc_child), dtype=np.int64),
            cost,
        )
        flow.add_arcs_with_capacity_and_unit_cost(
            np.arange(first_group, first_group + m, dtype=np.int32),
            np.full(m, sink, dtype=np.int32),
            self.capacity,
            np.zeros(m, dtype=np.int64),
        )
        flow.set_nodes_supplies(np.arange(self.levels, dtype=np.int32), per_level.astype(np.int64))
        flow.set_node_supply(sink, -int(per_level.sum()))
        status = flow.solve()
        if status != flow.OPTIMAL:
            raise RuntimeError(f"min-cost flow failed with status {status}")
        used = np.flatnonzero(flow.flows(arcs) > 0)
        self.group_of[self.arc_child[used]] = self.arc_group[used]

    # --- step 3: prices and promises -----------------------------------------------------------

    def _envy_estimate(self) -> np.ndarray:
        """Per arc, about how many children would have justified envy if the arc were used.

        Deferred acceptance (children propose by km, seat groups keep the longest waiting) gives
        a stable assignment: nobody envies anyone. Against it, putting child c into group g gives
        justified envy to every child who waited longer than c and would rather be in g than in
        its own seat there ("demanders" of g), and to c itself if g is farther than a group whose
        cutoff (least waiting of its children) is below c's waiting time. With equal waiting
        times there is no justified envy, and the estimate is zero.
        """
        n, m = len(self.children), len(self.gids)
        own = _deferred_acceptance(n, self.arc_child, self.arc_group, self.arc_km, self.capacity)
        child, group, km, waiting = self.arc_child, self.arc_group, self.arc_km, self.waiting
        own_km = np.full(n, np.inf)
        held = own[child] == group
        own_km[child[held]] = km[held]
        demand = km < own_km[child]  # the child would rather be in this group than in its own seat
        span = int(waiting.max()) + 2
        keys = np.sort(group[demand] * span + waiting[child[demand]])
        envious = np.searchsorted(keys, group * span + span - 1, "right") - np.searchsorted(
            keys, group * span + waiting[child], "right"
        )
        cutoff = np.full(m, np.iinfo(np.int64).max)
        placed = own >= 0
        np.minimum.at(cutoff, own[placed], waiting[placed])
        claimable = np.full(n, np.inf)  # the nearest group a child could claim by its waiting time
        claim = cutoff[group] < waiting[child]
        np.minimum.at(claimable, child[claim], km[claim])
        return envious + (km > claimable[child])

    def _promise_schools(
        self, members: Mapping[str, list[Child]], cost: np.ndarray, among: np.ndarray | None = None
    ) -> np.ndarray:
        """Promise each sibling group one common school's seats; mark the arcs leading elsewhere.

        Families go longest waiting first (`members` follows the seniority order). A family's
        school must have an option for every open sibling (and be the school of its kept pins);
        among those with enough seats not yet promised, the least total arc cost (distance and
        envy price) wins. A family with no such school gets no promise (and no penalty).
        """
        index = {c.id: ci for ci, c in enumerate(self.children)}
        starts = np.searchsorted(self.arc_child, np.arange(len(self.children) + 1)).tolist()
        arc_group, arc_cost = self.arc_group.tolist(), cost.tolist()
        group_school = self.group_school.tolist()
        room = self.capacity.tolist()
        apart = np.zeros(len(arc_group), dtype=bool)
        for family, group in members.items():
            open_members = [index[c.id] for c in group if c.id in index and (among is None or among[index[c.id]])]
            pinned = self.pinned_schools.get(family, set())
            if len(group) < 2 or not open_members or len(pinned) > 1:
                continue
            if among is not None and len(open_members) < 2 and not pinned:
                continue
            best: list[dict[int, tuple[int, int]]] = []  # per sibling: school -> (cost, group) of its best arc
            for ci in open_members:
                here: dict[int, tuple[int, int]] = {}
                for arc in range(starts[ci], starts[ci + 1]):
                    option = (arc_cost[arc], arc_group[arc])
                    school = group_school[option[1]]
                    if school not in here or option < here[school]:
                        here[school] = option
                best.append(here)
            common = set(best[0]).intersection(*best[1:])
            if pinned:
                common &= pinned
            for _total, school in sorted((sum(b[s][0] for b in best), s) for s in common):
                need: dict[int, int] = defaultdict(int)
                for b in best:
                    need[b[school][1]] += 1
                if all(count <= room[gi] for gi, count in need.items()):
                    for gi, count in need.items():
                        room[gi] -= count
                    for ci in open_members:
                        for arc in range(starts[ci], starts[ci + 1]):
                            apart[arc] = group_school[arc_group[arc]] != school
                    break
        return apart


def _deferred_acceptance(
    n: int, arc_child: np.ndarray, arc_group: np.ndarray, arc_km: np.ndarray, capacity: np.ndarray
) -> np.ndarray:
    """Student-proposing deferred acceptance on arrays; child index = priority (0 waited longest).

    Returns each child's group index, or -1.
    """
    order = np.lexsort((arc_group, arc_km, arc_child))
    prefs = arc_group[order].tolist()
    starts = np.searchsorted(arc_child[order], np.arange(n + 1)).tolist()
    nxt = starts[:n]
    seats = capacity.tolist()
    held: list[list[int]] = [[] for _ in seats]  # heaps of -child (the lowest priority on top)
    own = [-1] * n
    waiting = list(range(n - 1, -1, -1))
    while waiting:
        ci = waiting.pop()
        while nxt[ci] < starts[ci + 1]:
            gi = prefs[nxt[ci]]
            nxt[ci] += 1
            heap = held[gi]
            if len(heap) < seats[gi]:
                heapq.heappush(heap, -ci)
                own[ci] = gi
                break
            if heap and -heap[0] > ci:
                rejected = -heapq.heapreplace(heap, -ci)
                own[ci], own[rejected] = gi, -1
                waiting.append(rejected)
                break
    return np.asarray(own, dtype=np.int64)


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
    apart = {family: NO_COMMON_SCHOOL for family, schools in family_schools.items() if len(schools) > 1}
    for family in apart:
        group = [c for c in members[family] if c.id in assigned]
        if _common_schools(group, options, groups, {}):
            apart[family] = SIBLINGS_APART
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
        if child.family in apart:
            why.append(apart[child.family])
        if gid == child.previous:
            why.append(KEPT)
        if gid in child.supported:
            why.append(LANGUAGE)
        if PINNED not in why:
            why.append(NEAREST if km <= min(options[child.id].values()) else NEARER_TAKEN)
        result.proposals[child.id] = Proposal(child.id, gid, school, km, tuple(why))
        result.placed += 1
        result.total_km += km
    result.split_families = sorted(apart)
    return result

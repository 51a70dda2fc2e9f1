"""Reference placement algorithms and quality metrics: pure (no Django), on the solver's dataclasses.

The benchmark (`make bench-placement`) and the tests compare `placement.propose` with two
textbook references on the same instances:

- `plain_min_cost_flow`: an OR-Tools min-cost flow on distance alone (maximum flow, then least
  total km). It ignores waiting time, siblings, pins and previous proposals. Its placed count is
  the maximum any assignment reaches, and its total km is the distance optimum among those
  maximum placements (up to the 100 m cost steps).
- `deferred_acceptance`: student-proposing deferred acceptance (Gale–Shapley). Each child ranks
  its usable options by ascending km; each seat group admits the longest-waiting proposers up
  to its free seats. Stable, so no justified envy, but it may leave children unplaced that a
  flow would place.

An assignment is a mapping child id -> seat group id holding the placed children only.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from anlaufstelle.newcomers.placement import UNIT_KM, Child, SeatGroup, usable_options

Assignment = Mapping[str, str]


def plain_min_cost_flow(children: Iterable[Child], seat_groups: Iterable[SeatGroup]) -> dict[str, str]:
    """Maximum placement with the least total distance (100 m cost steps); siblings and waiting ignored."""
    children = list(children)
    groups = {g.id: g for g in seat_groups}
    group_index = {gid: i for i, gid in enumerate(groups)}
    tails: list[int] = []
    heads: list[int] = []
    costs: list[int] = []
    first_group = 2 + len(children)
    for ci, child in enumerate(children):
        for gid, km in usable_options(child, groups).items():
            if groups[gid].free > 0:
                tails.append(2 + ci)
                heads.append(first_group + group_index[gid])
                costs.append(round(km / UNIT_KM))
    if not tails:
        return {}
    flow = min_cost_flow.SimpleMinCostFlow()
    n = len(children)
    flow.add_arcs_with_capacity_and_unit_cost(
        np.zeros(n, dtype=np.int32), np.arange(2, 2 + n, dtype=np.int32), np.ones(n, dtype=np.int64), np.zeros(n)
    )
    arcs = flow.add_arcs_with_capacity_and_unit_cost(
        np.asarray(tails, dtype=np.int32),
        np.asarray(heads, dtype=np.int32),
        np.ones(len(tails), dtype=np.int64),
        np.asarray(costs, dtype=np.int64),
    )
    seats = np.array([max(g.free, 0) for g in groups.values()], dtype=np.int64)
    flow.add_arcs_with_capacity_and_unit_cost(
        np.arange(first_group, first_group + len(groups), dtype=np.int32),
        np.ones(len(groups), dtype=np.int32),
        seats,
        np.zeros(len(groups), dtype=np.int64),
    )
    flow.set_node_supply(0, n)
    flow.set_node_supply(1, -n)
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status}")
    used = np.flatnonzero(flow.flows(arcs) > 0)
    gids = list(groups)
    tail_arr = np.asarray(tails)[used] - 2
    head_arr = np.asarray(heads)[used] - first_group
    return {children[ci].id: gids[gi] for ci, gi in zip(tail_arr.tolist(), head_arr.tolist(), strict=True)}


def deferred_acceptance(children: Iterable[Child], seat_groups: Iterable[SeatGroup]) -> dict[str, str]:
    """Student-proposing deferred acceptance: children prefer nearer, seat groups prefer longer waiting.

    Ties are broken deterministically: equal km by seat group id, equal waiting by child id.
    """
    ordered = sorted(children, key=lambda c: (-c.waiting_days, c.id))  # index = priority rank (0 = first)
    groups = {g.id: g for g in seat_groups}
    prefs = [
        [gid for km, gid in sorted((km, gid) for gid, km in usable_options(c, groups).items() if groups[gid].free > 0)]
        for c in ordered
    ]
    nxt = [0] * len(ordered)
    held: dict[str, list[int]] = defaultdict(list)  # seat group -> heap of -rank (worst held on top)
    free_children = list(range(len(ordered)))
    while free_children:
        ci = free_children.pop()
        while nxt[ci] < len(prefs[ci]):
            gid = prefs[ci][nxt[ci]]
            nxt[ci] += 1
            heap = held[gid]
            if len(heap) < groups[gid].free:
                heapq.heappush(heap, -ci)
                break
            if -heap[0] > ci:  # the worst held child waited less: replace it
                rejected = -heapq.heapreplace(heap, -ci)
                free_children.append(rejected)
                break
    return {ordered[-negative].id: gid for gid, heap in held.items() for negative in heap}


# --- metrics ---------------------------------------------------------------------------------------


def placed(assignment: Assignment) -> int:
    """Number of placed children."""
    return len(assignment)


def total_km(children: Iterable[Child], assignment: Assignment) -> float:
    """Sum of the travel distances of the placed children."""
    return sum(c.options[assignment[c.id]] for c in children if c.id in assignment)


def justified_envy(children: Sequence[Child], seat_groups: Iterable[SeatGroup], assignment: Assignment) -> int:
    """Number of children with justified envy.

    Child a has justified envy if there is a seat group g such that
    - a was eligible for g (g is one of a's usable options: within reach, school not excluded),
    - a is unplaced, or placed at a seat group it likes less than g (strictly more km than g),
    - some child b with strictly fewer waiting days than a is placed at g.
    Each child counts once however many such groups or children there are.
    """
    groups = {g.id: g for g in seat_groups}
    waiting = {c.id: c.waiting_days for c in children}
    least_waiting: dict[str, int] = {}  # seat group -> fewest waiting days among the children placed there
    for cid, gid in assignment.items():
        days = waiting[cid]
        if days < least_waiting.get(gid, math.inf):
            least_waiting[gid] = days
    count = 0
    for child in children:
        own = assignment.get(child.id)
        own_km = child.options[own] if own is not None else math.inf
        for gid, km in usable_options(child, groups).items():
            if km < own_km and least_waiting.get(gid, math.inf) < child.waiting_days:
                count += 1
                break
    return count


@dataclass(frozen=True)
class SiblingStats:
    """Sibling groups (families with at least two children) and how an assignment treats them.

    - `groups`: families with two or more children in the instance.
    - `split`: families with two or more placed children at more than one school.
    - `split_with_common_school`: of those, families where some school has an eligible option for
      every placed member (so seats, not eligibility, kept them apart).
    - `partly_placed`: families with at least one placed and at least one unplaced child.
    """

    groups: int
    split: int
    split_with_common_school: int
    partly_placed: int


def sibling_stats(children: Sequence[Child], seat_groups: Iterable[SeatGroup], assignment: Assignment) -> SiblingStats:
    """Count the sibling groups an assignment splits (see `SiblingStats`)."""
    groups = {g.id: g for g in seat_groups}
    families: dict[str, list[Child]] = defaultdict(list)
    for child in children:
        if child.family:
            families[child.family].append(child)
    split = common = partly = total = 0
    for members in families.values():
        if len(members) < 2:
            continue
        total += 1
        placed_members = [c for c in members if c.id in assignment]
        if placed_members and len(placed_members) < len(members):
            partly += 1
        if len({groups[assignment[c.id]].school for c in placed_members}) > 1:
            split += 1
            shared = set.intersection(
                *({groups[gid].school for gid in usable_options(c, groups)} for c in placed_members)
            )
            common += bool(shared)
    return SiblingStats(total, split, common, partly)


LEAST_ENVY_KM = 20.0  # one child probably given justified envy costs as much as this many km


def least_envy_flow(children: Iterable[Child], seat_groups: Iterable[SeatGroup]) -> dict[str, str]:
    """A candidate for issue 17: deferred acceptance, then the maximum placement by one min-cost flow
    anchored on it. Not used by `propose` yet (see decision 0011).

    Every child deferred acceptance placed must stay placed (it may move); the children it left
    unplaced are placed as far as seats allow, longer waiting first. Staying in the stable seat costs
    nothing; any other seat costs its km plus LEAST_ENVY_KM for each child probably given justified
    envy: the children waiting longer than the newcomer who would rather sit there than where
    deferred acceptance put them, and the child itself if the seat is farther than its stable one.
    """
    from anlaufstelle.newcomers.placement import _deferred_acceptance

    ordered = sorted(children, key=lambda c: (-c.waiting_days, c.id))
    groups = {g.id: g for g in seat_groups}
    gids = list(groups)
    index = {gid: i for i, gid in enumerate(gids)}
    arcs = [
        (ci, index[gid], km)
        for ci, child in enumerate(ordered)
        for gid, km in usable_options(child, groups).items()
        if groups[gid].free > 0
    ]
    if not arcs:
        return {}
    arc_child = np.array([a[0] for a in arcs], dtype=np.int64)
    arc_group = np.array([a[1] for a in arcs], dtype=np.int64)
    arc_km = np.array([a[2] for a in arcs], dtype=np.float64)
    n, m = len(ordered), len(gids)
    capacity = np.array([max(groups[gid].free, 0) for gid in gids], dtype=np.int64)
    own = _deferred_acceptance(n, arc_child, arc_group, arc_km, capacity)
    waiting = np.array([c.waiting_days for c in ordered], dtype=np.int64)
    own_km = np.full(n, np.inf)
    held = own[arc_child] == arc_group
    own_km[arc_child[held]] = arc_km[held]
    demand = arc_km < own_km[arc_child]
    span = int(waiting.max()) + 2
    keys = np.sort(arc_group[demand] * span + waiting[arc_child[demand]])
    entering = np.searchsorted(keys, arc_group * span + span - 1, "right") - np.searchsorted(
        keys, arc_group * span + waiting[arc_child], "right"
    )
    placed_da = own >= 0
    estimate = entering + (placed_da[arc_child] & (arc_km > own_km[arc_child]))
    estimate[held] = 0
    cost = np.rint((LEAST_ENVY_KM * estimate + arc_km) / UNIT_KM).astype(np.int64)
    # Placing one more child outweighs any chain of moves; among those, longer waiting first.
    per_day = int(cost.max()) + 1
    gain = per_day * (int(waiting.max()) + 2) * (n + 1)
    unplaced = np.flatnonzero(~placed_da)
    first_child, first_group = 2, 2 + n
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        np.zeros(len(unplaced), dtype=np.int32),
        (unplaced + first_child).astype(np.int32),
        np.ones(len(unplaced), dtype=np.int64),
        -(gain + per_day * waiting[unplaced]),
    )
    flow.add_arc_with_capacity_and_unit_cost(0, 1, len(unplaced), 0)  # those who stay unplaced
    used_arcs = flow.add_arcs_with_capacity_and_unit_cost(
        (arc_child + first_child).astype(np.int32),
        (arc_group + first_group).astype(np.int32),
        np.ones(len(arc_child), dtype=np.int64),
        cost,
    )
    flow.add_arcs_with_capacity_and_unit_cost(
        np.arange(first_group, first_group + m, dtype=np.int32),
        np.ones(m, dtype=np.int32),
        capacity,
        np.zeros(m, dtype=np.int64),
    )
    supplies = np.zeros(first_group + m, dtype=np.int64)
    supplies[first_child + np.flatnonzero(placed_da)] = 1
    supplies[0] = len(unplaced)
    supplies[1] = -n
    flow.set_nodes_supplies(np.arange(first_group + m, dtype=np.int32), supplies)
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status}")
    used = np.flatnonzero(flow.flows(used_arcs) > 0)
    return {ordered[ci].id: gids[gi] for ci, gi in zip(arc_child[used].tolist(), arc_group[used].tolist(), strict=True)}

"""The exact yardstick for fair school placement (issue 17): CP-SAT on small instances.

Among all assignments that place the maximum number of children, CP-SAT (OR-Tools) minimises the
number of children with justified envy (the definition of `references.justified_envy`), then the
total km. It is time-limited and reports the proven lower bound on envy, so a heuristic's envy can
be read against "at least this many children must be envious in any maximum placement".

Not part of the product (the product must answer in seconds for 50,000 children); used by
`bench/placement.py --exact` and by the tests on tiny instances.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from anlaufstelle.newcomers import references
from anlaufstelle.newcomers.placement import UNIT_KM, Child, SeatGroup, usable_options


@dataclass(frozen=True)
class Exact:
    assignment: dict[str, str]
    envy: int  # envy of the best assignment found
    bound: int  # proven lower bound on envy over all maximum placements
    optimal: bool
    seconds: float
    feasible: bool = True


def exact_least_envy(
    children: Sequence[Child],
    seat_groups: Sequence[SeatGroup],
    *,
    seconds: float = 30.0,
    workers: int = 2,
    siblings: bool = False,
) -> Exact:
    """Maximum placement with the fewest children with justified envy, then least km (CP-SAT).

    With `siblings`, every family with a school where each of its children has an option places all
    its placed children at one such school (as the product promises where seats allow); if no
    maximum placement does that, `feasible` is False and the result is the start assignment.
    """
    groups = {g.id: g for g in seat_groups}
    maximum = references.placed(references.plain_min_cost_flow(children, seat_groups))
    model = cp_model.CpModel()
    x: dict[tuple[int, str], cp_model.IntVar] = {}
    options = [{gid: km for gid, km in usable_options(c, groups).items() if groups[gid].free > 0} for c in children]
    at_group: dict[str, list[int]] = defaultdict(list)
    for ci, opts in enumerate(options):
        for gid in opts:
            x[ci, gid] = model.new_bool_var(f"x{ci}_{gid}")
            at_group[gid].append(ci)
        if opts:
            model.add_at_most_one(x[ci, gid] for gid in opts)
    for gid, members in at_group.items():
        model.add(sum(x[ci, gid] for ci in members) <= groups[gid].free)
    model.add(sum(x.values()) == maximum)
    if siblings:
        families: dict[str, list[int]] = defaultdict(list)
        for ci, child in enumerate(children):
            if child.family:
                families[child.family].append(ci)
        for family, members in families.items():
            if len(members) < 2:
                continue
            common = set.intersection(*({groups[gid].school for gid in options[ci]} for ci in members))
            if not common:
                continue
            school = {s: model.new_bool_var(f"y{family}_{s}") for s in sorted(common)}
            model.add_exactly_one(school.values())
            for ci in members:
                for gid in options[ci]:
                    here = groups[gid].school
                    if here in school:
                        model.add_implication(x[ci, gid], school[here])
                    else:
                        model.add(x[ci, gid] == 0)
    envy = [model.new_bool_var(f"e{ci}") for ci in range(len(children))]
    for a, opts in enumerate(options):
        for gid, km in opts.items():
            # a is content about gid if placed at an option at least as near.
            content = [x[a, other] for other, other_km in opts.items() if other_km <= km]
            for b in at_group[gid]:
                if children[b].waiting_days < children[a].waiting_days:
                    model.add_bool_or([envy[a], *content, x[b, gid].Not()])
    km_units = sum(round(options[ci][gid] / UNIT_KM) * var for (ci, gid), var in x.items())
    worst_km = sum(round(max(opts.values(), default=0) / UNIT_KM) for opts in options) + 1
    model.minimize(sum(envy) * worst_km + km_units)
    # Start from the best heuristic placement (CP-SAT then only has to improve on it).
    if siblings:
        from anlaufstelle.newcomers.placement import propose_fair

        proposals = propose_fair(children, seat_groups).proposals.values()
        start = {p.child: p.seat_group for p in proposals if p.seat_group is not None}
    else:
        start = references.least_envy_flow(children, seat_groups)
    for (ci, gid), var in x.items():
        model.add_hint(var, start.get(children[ci].id) == gid)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    status = solver.solve(model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        assignment = {children[ci].id: gid for (ci, gid), var in x.items() if solver.value(var)}
    else:  # nothing better than the start within the time limit
        assignment = dict(start)
    found = references.justified_envy(children, seat_groups, assignment)
    bound = max(0, math.ceil((solver.best_objective_bound - (worst_km - 1)) / worst_km - 1e-9))
    if status == cp_model.INFEASIBLE:
        return Exact(assignment, found, 0, False, solver.wall_time, feasible=False)
    return Exact(assignment, found, min(bound, found), status == cp_model.OPTIMAL, solver.wall_time)

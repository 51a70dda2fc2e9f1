"""A placement run: the database turned into solver input, the solver's proposals written back as drafts."""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from anlaufstelle.core.audit import audit_record
from anlaufstelle.core.geo import Point, distance_km
from anlaufstelle.core.jobs import Progress, job_start, register_job
from anlaufstelle.core.models import AuditEntry, BackgroundJob, Centre, User
from anlaufstelle.core.travel import Leg, StraightLine, TravelTimes, get_travel_times
from anlaufstelle.newcomers import placement as solver
from anlaufstelle.newcomers import selectors
from anlaufstelle.newcomers.models import (
    Child,
    EligibilityRule,
    Placement,
    PlacementRun,
    Policy,
    SeatQuota,
)
from anlaufstelle.newcomers.rules import Fit, fits
from anlaufstelle.partners.models import Address, Organisation

# Children whose background was recorded in counselling take part in a run.
READY_STAGES = (Child.Stage.COUNSELLED, Child.Stage.HEALTH_EXAM_BOOKED, Child.Stage.HEALTH_EXAM_DONE)
NOT_LOCATED = "not_located"
PROPOSALS = "proposals"  # the frontier row of the run's own proposals
MAX_MINUTES = 32767  # Placement.travel_minutes is a small integer


def school_point(school: Organisation) -> Point | None:
    address = school.primary_address
    if address is None or address.latitude is None or address.longitude is None:
        return None
    return Point(float(address.latitude), float(address.longitude))


@dataclass
class Instance:
    children: list[solver.Child]
    groups: list[solver.SeatGroup]
    previous: dict[int, int] = field(default_factory=dict)  # child -> quota of its last draft
    not_located: set[int] = field(default_factory=set)
    travel: dict[tuple[Point, int], Leg] = field(default_factory=dict)  # (home, school) -> leg, where needed
    homes: dict[int, Point] = field(default_factory=dict)  # child -> home

    def minutes(self, child: int, school: int, km: float) -> int:
        """Door-to-door minutes of a proposal: the provider's leg where asked, else the estimate from km."""
        leg = self.travel.get((self.homes[child], school)) if child in self.homes else None
        return round(leg.minutes if leg is not None else StraightLine().leg_minutes(km))


def travel_between(
    homes: dict[Point, dict[int, float]], points: dict[int, Point | None], *, provider: TravelTimes, needed: bool
) -> dict[tuple[Point, int], Leg]:
    """The leg from each home to each school within distance (home -> school -> straight km).

    Without a routing server the minutes are estimated from the straight-line km already known (no
    second pass over the pairs); with one, the provider is asked per block of homes (it caches pairs).
    """
    if not needed:
        return {}
    if not provider.routed:
        estimate = provider if isinstance(provider, StraightLine) else StraightLine()
        factor, speed = estimate.road_factor, estimate.speed_kmh
        return {
            (home, school): Leg(km=km * factor, minutes=km * factor / speed * 60, estimated=True)
            for home, within in homes.items()
            for school, km in within.items()
        }
    result: dict[tuple[Point, int], Leg] = {}
    by_schools: dict[tuple[int, ...], list[Point]] = defaultdict(list)
    for home, within in homes.items():
        if within:
            by_schools[tuple(sorted(within))].append(home)
    for schools, origins in by_schools.items():
        targets = [points[s] for s in schools]
        for home, row in zip(origins, provider.legs(origins, targets), strict=True):  # type: ignore[arg-type]
            for school, leg in zip(schools, row, strict=True):
                result[(home, school)] = leg
    return result


def _quotas(centre: Centre) -> list[SeatQuota]:
    return list(
        SeatQuota.objects.filter(centre=centre, school__is_active=True)
        .select_related("school")
        .prefetch_related(Prefetch("school__addresses", queryset=Address.objects.all()))
        .annotate(held=Count("placements", filter=Q(placements__status__in=Placement.HOLDS_SEAT)))
    )


def build_instance(*, centre: Centre, today: Any = None) -> Instance:
    """The solver's input for every child ready for a school place in `centre`."""
    today = today or timezone.localdate()
    rules: list[Fit] = fits(EligibilityRule.objects.filter(centre=centre, is_active=True))
    provider = get_travel_times()
    quotas = _quotas(centre)
    points = {q.school_id: school_point(q.school) for q in quotas}
    languages_of = {q.pk: set(q.language_codes) for q in quotas}
    # For each rule: the quotas it opens (the rule carries its distance and travel-time limits).
    opened: dict[int, list[SeatQuota]] = {
        rule.rule_id: [q for q in quotas if rule.matches_quota(q, q.school.school_form)] for rule in rules
    }
    by_id = {rule.rule_id: rule for rule in rules}
    children = list(
        Child.objects.filter(centre=centre, stage__in=READY_STAGES)
        .exclude(placements__status__in=Placement.HOLDS_SEAT)
        .select_related("family")
        .prefetch_related("excluded_schools")
    )
    family_ids = {c.family_id for c in children}
    sibling_schools: dict[int, set[str]] = defaultdict(set)
    for family_id, school_id in Placement.objects.filter(
        child__family_id__in=family_ids, status__in=Placement.HOLDS_SEAT
    ).values_list("child__family_id", "quota__school_id"):
        sibling_schools[family_id].add(str(school_id))
    previous = dict(
        Placement.objects.filter(child__in=children, status=Placement.Status.DRAFT).values_list("child_id", "quota_id")
    )
    # quota -> the rules that open it for children matching exactly these rules
    reach_cache: dict[frozenset[int], dict[int, tuple[SeatQuota, list[Fit]]]] = {}
    matched_of: dict[int, frozenset[int]] = {}
    for child in children:
        matched = frozenset(rule.rule_id for rule in rules if rule.matches_child(child, today))
        matched_of[child.pk] = matched
        if matched not in reach_cache:
            reach: dict[int, tuple[SeatQuota, list[Fit]]] = {}
            for rule_id in matched:
                for quota in opened[rule_id]:
                    reach.setdefault(quota.pk, (quota, []))[1].append(by_id[rule_id])
            reach_cache[matched] = reach
    # Straight-line km from each home to each school some rule opens within its distance, then travel.
    homes: dict[Point, dict[int, float]] = {}
    for child in children:
        family = child.family
        if family.latitude is None or family.longitude is None:
            continue
        home = Point(family.latitude, family.longitude)
        within = homes.setdefault(home, {})
        for quota, opening in reach_cache[matched_of[child.pk]].values():
            point = points[quota.school_id]
            if point is None or quota.school_id in within:
                continue
            km = distance_km(home, point)
            if any(km <= rule.max_km for rule in opening):
                within[quota.school_id] = km
    needed = provider.routed or any(rule.max_minutes is not None for rule in rules)
    travel = travel_between(homes, points, provider=provider, needed=needed)
    farthest = {  # the largest distance any of the rules opening a quota allows
        id(opening): max(rule.max_km for rule in opening)
        for reach in reach_cache.values()
        for _quota, opening in reach.values()
    }
    instance = Instance(children=[], groups=[], previous=previous, travel=travel)
    for child in children:
        family = child.family
        spoken = set(child.language_codes) | set(family.language_codes)
        options: dict[str, float] = {}
        if family.latitude is None or family.longitude is None:
            instance.not_located.add(child.pk)
        else:
            home = Point(family.latitude, family.longitude)
            instance.homes[child.pk] = home
            within = homes[home]
            for quota, opening in reach_cache[matched_of[child.pk]].values():
                straight = within.get(quota.school_id)
                if straight is None:
                    continue
                km = straight
                if not travel:  # no minutes anywhere: the distance alone decides, as before issue 17
                    if km <= farthest[id(opening)]:
                        options[str(quota.pk)] = round(km, 2)
                    continue
                leg = travel.get((home, quota.school_id))
                minutes = leg.minutes if leg is not None else None
                if any(rule.allows(km, minutes) for rule in opening):
                    # the solver costs road km where a routing server knows them, else straight-line km
                    options[str(quota.pk)] = round(leg.km if leg is not None and not leg.estimated else km, 2)
        instance.children.append(
            solver.Child(
                id=str(child.pk),
                waiting_days=child.waiting_days(today),
                options=options,
                family=str(child.family_id),
                pinned=str(child.pinned_quota_id) if child.pinned_quota_id else "",
                excluded_schools=frozenset(str(s.pk) for s in child.excluded_schools.all()),
                sibling_schools=frozenset(sibling_schools.get(child.family_id, set())),
                previous=str(previous[child.pk]) if child.pk in previous else "",
                supported=frozenset(gid for gid in options if spoken & languages_of[int(gid)]),
            )
        )
    instance.groups = [
        solver.SeatGroup(id=str(q.pk), school=str(q.school_id), free=max(q.seats - q.held, 0))  # type: ignore[attr-defined]
        for q in quotas
    ]
    return instance


def placement_run_execute(*, run: PlacementRun, progress: Progress | None = None) -> PlacementRun:
    """Solve and replace the centre's draft proposals with the new ones (one transaction)."""
    started = time.perf_counter()
    instance = build_instance(centre=run.centre)
    if progress:
        progress(1, 4, "")
    result = solve(instance.children, instance.groups, policy=run.policy)
    if progress:
        progress(2, 4, "")
    proposed = {p.child: p.seat_group for p in result.proposals.values() if p.seat_group is not None}
    trade_offs = solver.frontier(instance.children, instance.groups, also={PROPOSALS: proposed})
    if progress:
        progress(3, 4, "")
    school_of = {group.id: int(group.school) for group in instance.groups}
    with transaction.atomic():
        Placement.objects.filter(centre=run.centre, status=Placement.Status.DRAFT).delete()
        drafts = [
            Placement(
                centre=run.centre,
                child_id=int(proposal.child),
                quota_id=int(proposal.seat_group),
                run=run,
                status=Placement.Status.DRAFT,
                distance_km=proposal.distance_km,
                travel_minutes=min(
                    instance.minutes(int(proposal.child), school_of[proposal.seat_group], proposal.distance_km or 0),
                    MAX_MINUTES,
                ),
                policy=run.policy,
                reasons=list(proposal.reasons),
            )
            for proposal in result.proposals.values()
            if proposal.seat_group is not None
        ]
        Placement.objects.bulk_create(drafts, batch_size=1000)
        run.unplaced = {
            proposal.child: list(proposal.reasons)
            + ([NOT_LOCATED] if int(proposal.child) in instance.not_located else [])
            for proposal in result.proposals.values()
            if proposal.seat_group is None
        }
        run.children = len(instance.children)
        run.placed = result.placed
        run.total_km = round(result.total_km, 1)
        run.split_families = len(result.split_families)
        run.frontier = [asdict(point) for point in trade_offs]
        run.finished_at = timezone.now()
        run.seconds = round(time.perf_counter() - started, 3)
        run.save()
    return run


def solve(children: list[solver.Child], groups: list[solver.SeatGroup], *, policy: str) -> solver.Result:
    """The proposals of one policy: `propose` (seniority), `propose_fair` (fair) or its stable start."""
    if policy == Policy.FAIR:
        return solver.propose_fair(children, groups)
    if policy == Policy.STABLE:
        return solver.propose_fair(children, groups, extra=0)
    return solver.propose(children, groups)


def placement_run_start(*, centre: Centre, actor: User) -> PlacementRun:
    """Start a placement run as a background job (its page shows the progress), with the centre's policy."""
    with transaction.atomic():
        run = PlacementRun.objects.create(centre=centre, started_by=actor, policy=selectors.policy_of(centre=centre))
        run.job = job_start(
            centre=centre, actor=actor, kind="newcomers.placement", title="Schulplatzvorschläge", params={"run": run.pk}
        )
        run.save(update_fields=["job"])
        audit_record(
            actor=actor, centre=centre, kind=AuditEntry.Kind.CREATE, action="newcomers.placement.run", target=run
        )
    return run


@register_job("newcomers.placement")
def _placement_job(job: BackgroundJob, progress: Progress) -> dict[str, Any]:
    run = PlacementRun.objects.get(pk=job.params["run"])
    run = placement_run_execute(run=run, progress=progress)
    return {
        "run": run.pk,
        "placed": run.placed,
        "children": run.children,
        "notes": [
            _("%(placed)s of %(children)s children have a draft proposal.")
            % {"placed": run.placed, "children": run.children}
        ],
        "link": {"url": reverse("newcomers:placement", kwargs={"centre": job.centre.slug})},
    }

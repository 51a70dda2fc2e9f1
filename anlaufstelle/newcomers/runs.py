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
from anlaufstelle.newcomers import placement as solver
from anlaufstelle.newcomers.models import Child, EligibilityRule, Placement, PlacementRun, SeatQuota
from anlaufstelle.newcomers.rules import Fit, fits
from anlaufstelle.partners.models import Address, Organisation

# Children whose background was recorded in counselling take part in a run.
READY_STAGES = (Child.Stage.COUNSELLED, Child.Stage.HEALTH_EXAM_BOOKED, Child.Stage.HEALTH_EXAM_DONE)
NOT_LOCATED = "not_located"
PROPOSALS = "proposals"  # the frontier row of the run's own proposals


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
    quotas = _quotas(centre)
    points = {q.school_id: school_point(q.school) for q in quotas}
    languages_of = {q.pk: set(q.language_codes) for q in quotas}
    # For each rule: the quotas it opens, with its distance limit.
    opened: dict[int, list[tuple[SeatQuota, float]]] = {
        rule.rule_id: [(q, rule.max_km) for q in quotas if rule.matches_quota(q, q.school.school_form)]
        for rule in rules
    }
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
    reach_cache: dict[frozenset[int], dict[int, tuple[SeatQuota, float]]] = {}
    instance = Instance(children=[], groups=[], previous=previous)
    for child in children:
        matched = frozenset(rule.rule_id for rule in rules if rule.matches_child(child, today))
        if matched not in reach_cache:
            reach: dict[int, tuple[SeatQuota, float]] = {}
            for rule_id in matched:
                for quota, km in opened[rule_id]:
                    if quota.pk not in reach or reach[quota.pk][1] < km:
                        reach[quota.pk] = (quota, km)
            reach_cache[matched] = reach
        family = child.family
        spoken = set(child.language_codes) | set(family.language_codes)
        options: dict[str, float] = {}
        if family.latitude is None or family.longitude is None:
            instance.not_located.add(child.pk)
        else:
            home = Point(family.latitude, family.longitude)
            distances: dict[int, float] = {}
            for quota, limit in reach_cache[matched].values():
                point = points[quota.school_id]
                if point is None:
                    continue
                if quota.school_id not in distances:
                    distances[quota.school_id] = distance_km(home, point)
                if distances[quota.school_id] <= limit:
                    options[str(quota.pk)] = round(distances[quota.school_id], 2)
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
    result = solver.propose(instance.children, instance.groups)
    if progress:
        progress(2, 4, "")
    proposed = {p.child: p.seat_group for p in result.proposals.values() if p.seat_group is not None}
    trade_offs = solver.frontier(instance.children, instance.groups, also={PROPOSALS: proposed})
    if progress:
        progress(3, 4, "")
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


def placement_run_start(*, centre: Centre, actor: User) -> PlacementRun:
    """Start a placement run as a background job (its page shows the progress)."""
    with transaction.atomic():
        run = PlacementRun.objects.create(centre=centre, started_by=actor)
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

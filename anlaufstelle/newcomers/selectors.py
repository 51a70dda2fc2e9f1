"""Reads of the newcomers module for views: the worklist, a family, seats, proposals."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from anlaufstelle.core.geo import Point
from anlaufstelle.core.models import Centre
from anlaufstelle.newcomers.models import (
    AppointmentSlot,
    Child,
    EligibilityRule,
    Family,
    InterpreterNeed,
    LetterTemplate,
    Placement,
    PlacementRun,
    PlacementSettings,
    Policy,
    SeatQuota,
)
from anlaufstelle.newcomers.rules import fits, seat_options
from anlaufstelle.partners.models import Address, Organisation

Stage = Child.Stage
WORKLIST_PAGE = 50


@dataclass
class WorkItem:
    """One line of the caseworker's worklist: the child, what is due next, and whether it is stuck."""

    child: Child
    waiting_days: int
    next_step: str
    due: datetime.date | None
    blocked: str


def _open_slots() -> Prefetch:
    return Prefetch(
        "appointments",
        queryset=AppointmentSlot.objects.filter(outcome="").order_by("starts_at"),
        to_attr="open_slots",
    )


def _last_placements() -> Prefetch:
    return Prefetch(
        "placements",
        queryset=Placement.objects.select_related("quota__school").order_by("-created_at", "-id"),
        to_attr="placement_list",
    )


def _open_family_slots() -> Prefetch:
    return Prefetch(
        "family__family_appointments",
        queryset=AppointmentSlot.objects.filter(outcome="").order_by("starts_at"),
        to_attr="open_family_slots",
    )


def _item(child: Child, today: datetime.date, unplaced: dict[str, list[str]]) -> WorkItem:
    # The child's own open appointments and the counselling booked for the whole family.
    slots = sorted(
        [*child.open_slots, *child.family.open_family_slots],
        key=lambda slot: slot.starts_at,
    )
    placements = child.placement_list
    now = timezone.now()
    blocked = ""
    due: datetime.date | None = None
    past = [s for s in slots if s.starts_at < now]
    coming = [s for s in slots if s.starts_at >= now]
    if past:
        blocked = _("Record whether the appointment on %(day)s took place.") % {
            "day": formats.date_format(timezone.localtime(past[0].starts_at).date(), "SHORT_DATE_FORMAT")
        }
    if coming:
        due = timezone.localtime(coming[0].starts_at).date()
    latest = placements[0] if placements else None
    steps: dict[str, str] = {
        Stage.REGISTERED: _("Book a counselling appointment"),
        Stage.COUNSELLING_BOOKED: _("Counselling"),
        Stage.COUNSELLED: _("Book the health exam; ready for the placement run"),
        Stage.HEALTH_EXAM_BOOKED: _("Health exam"),
        Stage.HEALTH_EXAM_DONE: _("Ready for the placement run"),
        Stage.PLACEMENT_PROPOSED: _("Waiting for the school authority"),
        Stage.APPROVED: _("Waiting for the school to confirm"),
        Stage.ACCEPTED: _("First school day"),
    }
    next_step = steps.get(child.stage, "")
    if child.stage == Stage.ACCEPTED:
        due = child.first_school_day
    waiting_again = child.stage not in Child.PLACED_STAGES and child.stage != Stage.PLACEMENT_PROPOSED
    if not blocked and latest is not None and latest.status == Placement.Status.DECLINED and waiting_again:
        blocked = _("Declined by %(school)s: %(reason)s") % {
            "school": latest.quota.school.name,
            "reason": latest.decision_note,
        }
    reasons = unplaced.get(str(child.pk))
    if not blocked and reasons and (latest is None or latest.status != Placement.Status.DRAFT):
        blocked = explain(reasons)
    return WorkItem(child=child, waiting_days=child.waiting_days(today), next_step=next_step, due=due, blocked=blocked)


def worklist(
    *, centre: Centre, stage: str = "", blocked_only: bool = False, text: str = "", page: str | int | None = 1
) -> Page:
    """A page of open children, longest waiting first, each with its next step and what blocks it.

    Without the "blocked" filter only the page's children are examined (SQL pages them); the
    filter has to look at every open child.
    """
    children = Child.objects.filter(centre=centre).open().select_related("family")
    if stage:
        children = children.filter(stage=stage)
    for word in text.split()[:4]:
        children = children.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    children = children.order_by("registered_on", "id").prefetch_related(
        _open_slots(), _open_family_slots(), _last_placements()
    )
    run = PlacementRun.objects.filter(centre=centre, finished_at__isnull=False).only("unplaced").first()
    unplaced = run.unplaced if run else {}
    today = timezone.localdate()
    if blocked_only:
        items = [item for item in (_item(child, today, unplaced) for child in children) if item.blocked]
        return Paginator(items, WORKLIST_PAGE).get_page(page)
    result = Paginator(children, WORKLIST_PAGE).get_page(page)
    result.object_list = [_item(child, today, unplaced) for child in result.object_list]
    return result


def family_get(*, centre: Centre, pk: int) -> Family:
    return (
        Family.objects.filter(centre=centre)
        .prefetch_related(
            "guardians",
            Prefetch("family_appointments", queryset=AppointmentSlot.objects.order_by("starts_at")),
            Prefetch(
                "children",
                queryset=Child.objects.select_related("pinned_quota__school")
                .prefetch_related(
                    "stage_events",
                    "excluded_schools",
                    Prefetch("appointments", queryset=AppointmentSlot.objects.order_by("starts_at")),
                    _last_placements(),
                )
                .order_by("birth_date"),
            ),
        )
        .get(pk=pk)
    )


def quotas_with_counts(*, centre: Centre, school_id: int | None = None) -> QuerySet[SeatQuota]:
    """Seat quotas with the seats held by proposals and taken by approvals."""
    quotas = SeatQuota.objects.filter(centre=centre)
    if school_id is not None:
        quotas = quotas.filter(school_id=school_id)
    return (
        quotas.select_related("school")
        .prefetch_related(Prefetch("school__addresses", queryset=Address.objects.all()))
        .annotate(
            taken=Count("placements", filter=Q(placements__status__in=Placement.TAKES_SEAT)),
            proposed=Count("placements", filter=Q(placements__status=Placement.Status.PROPOSED)),
        )
        .order_by("school__name", "grade_band", "class_model")
    )


def placements_for(*, centre: Centre, status: list[str], school_id: int | None = None) -> QuerySet[Placement]:
    placements = Placement.objects.filter(centre=centre, status__in=status)
    if school_id is not None:
        placements = placements.filter(quota__school_id=school_id)
    return placements.select_related("child__family", "quota__school").order_by("child__registered_on", "id")


@dataclass
class SeatOption:
    """A seat quota the school authority may place a proposed child in, as the choice reads."""

    quota: SeatQuota
    distance_km: float | None
    free: int
    label: str


def redirect_options(
    *, centre: Centre, placements: list[Placement], today: datetime.date | None = None
) -> dict[int, list[SeatOption]]:
    """For each proposal: the other seats the rule table allows its child, with a free seat, nearest first."""
    from anlaufstelle.newcomers.runs import school_point

    today = today or timezone.localdate()
    rules = fits(EligibilityRule.objects.filter(centre=centre, is_active=True))
    quotas = [q for q in quotas_with_counts(centre=centre) if q.school.is_active]
    points = {q.school_id: school_point(q.school) for q in quotas}
    result: dict[int, list[SeatOption]] = {}
    for placement in placements:
        child, family = placement.child, placement.child.family
        home = (
            Point(family.latitude, family.longitude)
            if family.latitude is not None and family.longitude is not None
            else None
        )
        options = []
        for quota, distance in seat_options(child, quotas, rules, today, home, points):
            free = quota.seats - quota.taken  # type: ignore[attr-defined]
            if quota.pk == placement.quota_id or free <= 0:
                continue
            where = (
                _("%(km)s km") % {"km": formats.number_format(distance, 1)}
                if distance is not None
                else _("distance unknown")
            )
            seats = ngettext("%(free)s seat free", "%(free)s seats free", free) % {"free": free}
            options.append(
                SeatOption(quota=quota, distance_km=distance, free=free, label=f"{quota} – {where}, {seats}")
            )
        result[placement.pk] = options
    return result


REASONS = {
    "pinned": gettext_noop("Fixed by the caseworker."),
    "sibling": gettext_noop("A sibling attends or is proposed for this school."),
    "kept": gettext_noop("Same as the previous proposal."),
    "nearest": gettext_noop("Nearest suitable school with a free seat."),
    "nearer_taken": gettext_noop(
        "Nearer suitable schools are full; their seats went to children who have waited longer."
    ),
    "no_option": gettext_noop("No suitable school within reach: check the rule table and the seats."),
    "pinned_full": gettext_noop("The school it was fixed to has no free seat or does not fit."),
    "seats_taken": gettext_noop("All suitable seats within reach went to children who have waited longer."),
    "not_located": gettext_noop("The family's address could not be located: distances are unknown."),
    "redirected": gettext_noop("Placed here by the school authority."),
    "language_support": gettext_noop("The school offers support in the child's language."),
    "siblings_apart": gettext_noop(
        "A school fits all siblings, but its seats went to families who have waited longer: siblings are apart."
    ),
    "no_common_school": gettext_noop("No school fits all siblings (different school levels)."),
}


def explain(reasons: list[str]) -> str:
    """The reason codes of a proposal as sentences in the user's language."""
    from django.utils.translation import gettext

    return " ".join(gettext(REASONS[code]) if code in REASONS else code for code in reasons)


def schools(*, centre: Centre) -> QuerySet[Organisation]:
    """The centre's active schools of the partner register (for choosing one)."""
    return Organisation.objects.filter(centre=centre, kind=Organisation.Kind.SCHOOL, is_active=True)


def schools_with_handover(*, centre: Centre) -> QuerySet[Organisation]:
    """Schools with approved or accepted children, whose hand-over files can be downloaded."""
    return (
        Organisation.objects.filter(
            centre=centre,
            seat_quotas__placements__status__in=[Placement.Status.APPROVED, Placement.Status.ACCEPTED],
        )
        .distinct()
        .order_by("name")
    )


def slots_upcoming(*, centre: Centre, days_back: int = 14, limit: int = 300) -> QuerySet[AppointmentSlot]:
    """Appointments from `days_back` days ago on, with child, place and interpreter needs (at most `limit`)."""
    since = timezone.now() - datetime.timedelta(days=days_back)
    return (
        AppointmentSlot.objects.filter(centre=centre, starts_at__gte=since)
        .select_related("child", "organisation")
        .prefetch_related("interpreter_needs")
        .order_by("starts_at")[:limit]
    )


def open_interpreter_need(*, slot: AppointmentSlot) -> InterpreterNeed | None:
    """The slot's interpreter need that is still open, if any."""
    return slot.interpreter_needs.filter(status=InterpreterNeed.Status.OPEN).first()


def rules(*, centre: Centre) -> QuerySet[EligibilityRule]:
    return EligibilityRule.objects.filter(centre=centre)


def policy_of(*, centre: Centre) -> str:
    """The centre's way of placing (issue 17): `seniority` (`propose`) unless the centre chose another."""
    found = PlacementSettings.objects.filter(centre=centre).first()
    return found.policy if found else Policy.SENIORITY


# What each policy's proposals correspond to among the frontier's points (placement.frontier).
POLICY_POINT = {Policy.STABLE: "stable", Policy.FAIR: "maximum"}


def frontier_rows(run: PlacementRun | None) -> list[dict[str, object]]:
    """The run's frontier for people: each point with the policy that places like it (if any)."""
    if run is None:
        return []
    rows = []
    for point in run.frontier:
        policy = next((p for p, name in POLICY_POINT.items() if name == point.get("policy")), "")
        if point.get("policy") == "proposals":
            policy = run.policy
        rows.append({**point, "way": policy})
    return rows


def last_finished_run(*, centre: Centre) -> PlacementRun | None:
    return PlacementRun.objects.filter(centre=centre, finished_at__isnull=False).first()


def unplaced_children(*, centre: Centre, run: PlacementRun | None) -> QuerySet[Child]:
    """The open children the last run could not place, with their families."""
    ids = [int(pk) for pk in (run.unplaced if run else {})]
    return Child.objects.filter(centre=centre, pk__in=ids).open().select_related("family")


def placement_get(*, centre: Centre, pk: int) -> Placement:
    """One placement with child and family (raises Placement.DoesNotExist for another centre's)."""
    return Placement.objects.select_related("child__family").get(centre=centre, pk=pk)


def letter_templates(*, centre: Centre) -> QuerySet[LetterTemplate]:
    """The centre's own wordings of letters (the shipped ones are not rows)."""
    return LetterTemplate.objects.filter(centre=centre)


def letter_template(*, centre: Centre, kind: str, language: str) -> LetterTemplate | None:
    return LetterTemplate.objects.filter(centre=centre, kind=kind, language=language).first()

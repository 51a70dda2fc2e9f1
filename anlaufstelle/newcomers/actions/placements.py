"""Writes of placements: release, the school authority's and the school's decisions, attendance."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anlaufstelle.core.audit import audit_record
from anlaufstelle.core.models import AuditEntry, Centre, User
from anlaufstelle.newcomers.actions.common import NewcomerError, NoSeatLeft, Stage, _audit
from anlaufstelle.newcomers.actions.way import _advance, _derived_stage, _set_stage
from anlaufstelle.newcomers.models import Child, EligibilityRule, Placement, PlacementSettings, Policy, SeatQuota
from anlaufstelle.workspace.actions import notify

# --- placements ------------------------------------------------------------------------------


@transaction.atomic
def placement_policy_set(*, centre: Centre, actor: User, policy: str) -> PlacementSettings:
    """The centre's way of placing for the next runs (issue 17: the trade-off between fairness and places)."""
    if policy not in Policy.values:
        raise NewcomerError(_("Choose one of the ways of placing."))
    found, _created = PlacementSettings.objects.select_for_update().get_or_create(centre=centre)
    before = found.policy if not _created else Policy.SENIORITY
    found.policy, found.changed_by = policy, actor
    found.save()
    audit_record(
        actor=actor,
        centre=centre,
        kind=AuditEntry.Kind.UPDATE,
        action="newcomers.placement.policy",
        target=found,
        changes={"policy": [before, policy]},
    )
    return found


@transaction.atomic
def placements_release(*, centre: Centre, actor: User, placements: Iterable[Placement]) -> int:
    """Send draft proposals to the school authority; each child's stage becomes "placement proposed"."""
    today = timezone.localdate()
    count = 0
    ids = [p.pk for p in placements]
    for placement in (
        Placement.objects.select_for_update(of=("self",))
        .filter(centre=centre, pk__in=ids, status=Placement.Status.DRAFT)
        .select_related("child__family")
    ):
        placement.status = Placement.Status.PROPOSED
        placement.save(update_fields=["status"])
        _advance(placement.child, Stage.PLACEMENT_PROPOSED, today, actor)
        count += 1
    audit_record(
        actor=actor,
        centre=centre,
        kind=AuditEntry.Kind.UPDATE,
        action="newcomers.placements.release",
        changes={"count": [None, count]},
    )
    if count:
        notify(
            centre=centre,
            kind="newcomers.proposals_released",
            thing=str(count),
            url_name="newcomers:authority",
            permission="newcomers.decide_placements",
            actor=actor,
        )
    return count


def _lock_free_seat(quota: SeatQuota) -> SeatQuota:
    """Lock the quota row and check a seat is left: two approvals for the last seat never both pass."""
    locked = SeatQuota.objects.select_for_update().get(pk=quota.pk)
    taken = Placement.objects.filter(quota=locked, status__in=Placement.TAKES_SEAT).count()
    if taken >= locked.seats:
        raise NoSeatLeft(
            _("No seat is left at %(school)s for this grade band and class model. Please redirect the child.")
            % {"school": locked.school}
        )
    return locked


@transaction.atomic
def placement_approve(*, placement: Placement, actor: User) -> Placement:
    """The school authority approves a proposal; the seat is taken under a row lock."""
    placement = (
        Placement.objects.select_for_update(of=("self",)).select_related("child__family", "quota").get(pk=placement.pk)
    )
    if placement.status != Placement.Status.PROPOSED:
        raise NewcomerError(_("This proposal has already been decided."))
    _lock_free_seat(placement.quota)
    placement.status = Placement.Status.APPROVED
    placement.decided_by, placement.decided_at = actor, timezone.now()
    placement.save(update_fields=["status", "decided_by", "decided_at"])
    _advance(placement.child, Stage.APPROVED, timezone.localdate(), actor)
    _audit(actor, placement.centre, AuditEntry.Kind.UPDATE, "newcomers.placement.approve", placement, ["status"])
    _tell_school(placement, actor)
    return placement


def _tell_school(placement: Placement, actor: User) -> None:
    """The contacts of the school (and nobody else's) hear of the approved child."""
    notify(
        centre=placement.centre,
        kind="newcomers.placement_approved",
        thing=str(placement.child),
        url_name="newcomers:school",
        permission="newcomers.school_placements",
        organisation_id=placement.quota.school_id,
        actor=actor,
    )


def _tell_caseworkers(placement: Placement, kind: str, actor: User) -> None:
    child = placement.child
    notify(
        centre=placement.centre,
        kind=kind,
        thing=str(child),
        url_name="newcomers:family",
        url_kwargs={"pk": child.family_id},
        permission="newcomers.view_families",
        actor=actor,
    )


def _allowed_seat(child: Child, quota: SeatQuota) -> tuple[SeatQuota, float | None] | None:
    """The quota with the child's distance to it if the centre's rule table allows it today, else None."""
    from anlaufstelle.core.geo import Point
    from anlaufstelle.newcomers.rules import fits, seat_options
    from anlaufstelle.newcomers.runs import school_point

    quota = SeatQuota.objects.select_related("school").prefetch_related("school__addresses").get(pk=quota.pk)
    if quota.centre_id != child.centre_id or not quota.school.is_active:
        return None
    family = child.family
    home = (
        Point(family.latitude, family.longitude)
        if family.latitude is not None and family.longitude is not None
        else None
    )
    rules = fits(EligibilityRule.objects.filter(centre=child.centre, is_active=True))
    points = {quota.school_id: school_point(quota.school)}
    options = seat_options(child, [quota], rules, timezone.localdate(), home, points)
    return options[0] if options else None


@transaction.atomic
def placement_redirect(*, placement: Placement, actor: User, quota: SeatQuota, note: str = "") -> Placement:
    """The school authority places the child elsewhere: the proposal is closed, the new place approved."""
    placement = Placement.objects.select_for_update(of=("self",)).select_related("child__family").get(pk=placement.pk)
    if placement.status != Placement.Status.PROPOSED:
        raise NewcomerError(_("This proposal has already been decided."))
    if quota.pk == placement.quota_id:
        raise NewcomerError(_("Choose a different school or class model, or approve the proposal."))
    allowed = _allowed_seat(placement.child, quota)
    if allowed is None:
        raise NewcomerError(
            _("The rule table does not allow %(school)s for this child (age, schooling, literacy or distance).")
            % {"school": quota.school}
        )
    _lock_free_seat(quota)
    placement.status = Placement.Status.REDIRECTED
    placement.decided_by, placement.decided_at, placement.decision_note = actor, timezone.now(), note[:300]
    placement.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    distance = allowed[1]
    new = Placement.objects.create(
        centre=placement.centre,
        child=placement.child,
        quota=quota,
        status=Placement.Status.APPROVED,
        distance_km=distance,
        reasons=["redirected"],
        decision_note=note[:300],
        decided_by=actor,
        decided_at=timezone.now(),
    )
    _advance(placement.child, Stage.APPROVED, timezone.localdate(), actor, note)
    _audit(actor, placement.centre, AuditEntry.Kind.UPDATE, "newcomers.placement.redirect", new, ["quota", "status"])
    _tell_school(new, actor)
    return new


@transaction.atomic
def placement_accept(*, placement: Placement, actor: User, first_school_day: datetime.date) -> Placement:
    """The school confirms the child and names the first school day."""
    placement = Placement.objects.select_for_update(of=("self",)).select_related("child__family").get(pk=placement.pk)
    if placement.status not in (Placement.Status.APPROVED, Placement.Status.ACCEPTED):
        raise NewcomerError(_("Only a place approved by the school authority can be confirmed."))
    placement.status = Placement.Status.ACCEPTED
    placement.first_school_day = first_school_day
    placement.decided_by, placement.decided_at = actor, timezone.now()
    placement.save(update_fields=["status", "first_school_day", "decided_by", "decided_at"])
    child = placement.child
    child.first_school_day = first_school_day
    _advance(child, Stage.ACCEPTED, timezone.localdate(), actor)
    child.save(update_fields=["first_school_day"])
    if first_school_day <= timezone.localdate():
        _set_stage(child, Stage.ATTENDING, first_school_day, actor)
    _audit(actor, placement.centre, AuditEntry.Kind.UPDATE, "newcomers.placement.accept", placement, ["status"])
    _tell_caseworkers(placement, "newcomers.placement_accepted", actor)
    return placement


@transaction.atomic
def placement_decline(*, placement: Placement, actor: User, reason: str) -> Placement:
    """The school declines with a reason; the seat is free again and the child waits for a new proposal."""
    if not reason.strip():
        raise NewcomerError(_("Please give a reason."))
    placement = Placement.objects.select_for_update(of=("self",)).select_related("child__family").get(pk=placement.pk)
    if placement.status not in (Placement.Status.PROPOSED, Placement.Status.APPROVED):
        raise NewcomerError(_("This place can no longer be declined."))
    placement.status = Placement.Status.DECLINED
    placement.decision_note = reason[:300]
    placement.decided_by, placement.decided_at = actor, timezone.now()
    placement.save(update_fields=["status", "decision_note", "decided_by", "decided_at"])
    child = placement.child
    if not child.is_final:  # back to what is true before a placement (not to the last step recorded)
        _set_stage(child, _derived_stage(child), timezone.localdate(), actor, reason)
    _audit(actor, placement.centre, AuditEntry.Kind.UPDATE, "newcomers.placement.decline", placement, ["status"])
    _tell_caseworkers(placement, "newcomers.placement_declined", actor)
    return placement


@transaction.atomic
def placement_return(*, placement: Placement, actor: User, reason: str) -> Placement:
    """The school authority gives a proposal back to the integration centre with a reason (no seat is taken).

    The proposal is withdrawn, the child goes back to what is true before a placement and waits for
    the next placement run; the caseworkers are told.
    """
    if not reason.strip():
        raise NewcomerError(_("Please give a reason."))
    placement = Placement.objects.select_for_update(of=("self",)).select_related("child__family").get(pk=placement.pk)
    if placement.status != Placement.Status.PROPOSED:
        raise NewcomerError(_("This proposal has already been decided."))
    placement.status = Placement.Status.WITHDRAWN
    placement.decision_note = reason[:300]
    placement.decided_by, placement.decided_at = actor, timezone.now()
    placement.save(update_fields=["status", "decision_note", "decided_by", "decided_at"])
    child = placement.child
    if not child.is_final:
        _set_stage(child, _derived_stage(child), timezone.localdate(), actor, reason)
    _audit(actor, placement.centre, AuditEntry.Kind.UPDATE, "newcomers.placement.return", placement, ["status"])
    _tell_caseworkers(placement, "newcomers.placement_returned", actor)
    return placement


def placements_decide_many(
    *, centre: Centre, actor: User, placement_ids: Iterable[int], verb: str, reason: str = ""
) -> list[tuple[Placement, str]]:
    """Approve (`verb="approve"`) or return (`verb="return"`, with a reason) several proposals.

    Each one goes through the single action (`placement_approve` / `placement_return`), in its own
    transaction, so every hand-off message is sent and a proposal whose seat has gone meanwhile is
    refused without undoing the others. Answers each proposal with "" (done) or the refusal's text;
    ids of another centre or of no proposal are left out.
    """
    if verb not in ("approve", "return"):
        raise ValueError(verb)
    if verb == "return" and not reason.strip():
        raise NewcomerError(_("Please give a reason."))
    report: list[tuple[Placement, str]] = []
    for placement in (
        Placement.objects.filter(centre=centre, pk__in=list(placement_ids))
        .select_related("child", "quota__school")
        .order_by("child__registered_on", "pk")
    ):
        try:
            if verb == "approve":
                placement_approve(placement=placement, actor=actor)
            else:
                placement_return(placement=placement, actor=actor, reason=reason)
        except NewcomerError as refusal:
            report.append((placement, str(refusal)))
        else:
            report.append((placement, ""))
    return report


def due_attendance(*, today: datetime.date | None = None) -> int:
    """Children whose confirmed first school day has come are now at school (daily task)."""
    today = today or timezone.localdate()
    count = 0
    for child in Child.objects.filter(stage=Stage.ACCEPTED, first_school_day__lte=today).select_related("family"):
        with transaction.atomic():
            _set_stage(child, Stage.ATTENDING, child.first_school_day or today, None)
            count += 1
    return count

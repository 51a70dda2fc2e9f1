"""Writes on the hours of an assignment: reported by the volunteer (or for them), approved by the coordinator."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anlaufstelle.core.audit import audit_record
from anlaufstelle.core.models import AuditEntry, User
from anlaufstelle.volunteers import rules, selectors
from anlaufstelle.volunteers.errors import BookingError
from anlaufstelle.volunteers.models import Assignment, Volunteer


@transaction.atomic
def hours_report(
    *,
    volunteer: Volunteer,
    assignment_id: int,
    minutes_worked: int,
    travel_minutes: int,
    travel_km: Decimal | None,
    actor: User | None = None,
) -> Assignment:
    """Time and travel after the job (changeable until approved): reported by the volunteer on
    their page (no actor), or entered by the coordinator from a paper timesheet (the actor).
    Either way the coordinator approves the hours afterwards."""
    assignment = (
        Assignment.objects.select_for_update()
        .filter(centre=volunteer.centre, volunteer=volunteer, pk=assignment_id)
        .first()
    )
    if assignment is None:
        raise BookingError(_("This assignment is not yours."))
    if assignment.starts_at > timezone.now():
        raise BookingError(_("Hours can be reported after the appointment."))
    if assignment.approved_at:
        raise BookingError(_("These hours have already been approved."))
    if assignment.status == Assignment.Status.CANCELLED:
        raise BookingError(_("This assignment was cancelled."))
    assignment.minutes_worked = minutes_worked
    assignment.travel_minutes = travel_minutes
    assignment.travel_km = travel_km
    assignment.status = Assignment.Status.DONE
    assignment.reported_at = timezone.now()
    assignment.save()
    audit_record(
        actor=actor,
        centre=volunteer.centre,
        kind=AuditEntry.Kind.UPDATE,
        action="volunteers.hours.report",
        target=assignment,
        changes={"minutes": [None, minutes_worked], "travel_minutes": [None, travel_minutes]},
    )
    return assignment


@transaction.atomic
def hours_approve(*, assignment: Assignment, actor: User) -> tuple[Assignment, rules.LimitState]:
    """The coordinator approves reported hours; the allowance is computed under the centre's rule.

    The amounts are fixed on the assignment, so a later change of the rule leaves approved
    assignments (and statements) as they were. Returns the volunteer's state against the
    yearly tax-free limit, so the screen can warn.
    """
    assignment = Assignment.objects.select_for_update().select_related("volunteer").get(pk=assignment.pk)
    if not assignment.reported_at:
        raise BookingError(_("No hours have been reported yet."))
    if assignment.approved_at:
        raise BookingError(_("These hours have already been approved."))
    centre_rules = rules.settings_for(assignment.centre)
    amounts = rules.allowance(
        rules.Rule.of(centre_rules),
        minutes=assignment.minutes_worked or 0,
        travel_minutes=assignment.travel_minutes or 0,
        km=assignment.travel_km,
    )
    assignment.approved_at, assignment.approved_by = timezone.now(), actor
    assignment.allowance_amount, assignment.travel_amount = amounts.allowance, amounts.travel
    assignment.save(update_fields=["approved_at", "approved_by", "allowance_amount", "travel_amount"])
    audit_record(
        actor=actor,
        centre=assignment.centre,
        kind=AuditEntry.Kind.UPDATE,
        action="volunteers.hours.approve",
        target=assignment,
        changes={"allowance": [None, str(amounts.allowance)], "travel": [None, str(amounts.travel)]},
    )
    year = timezone.localtime(assignment.starts_at).year
    return assignment, rules.limit_state(selectors.year_allowance(assignment.volunteer, year), centre_rules)

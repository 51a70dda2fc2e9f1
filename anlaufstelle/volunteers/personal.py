"""The volunteer's own page and calendar feed, reached by a private link (no account needed).

The link carries a 256-bit random token; only its SHA-256 is stored. The coordinator sends a
new link (which ends the old one) from the volunteer's page. The page shows only this person's
open offers and assignments; answers go through the same locked booking as the e-mailed links.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from anlaufstelle.core.audit import audit_record
from anlaufstelle.core.models import AuditEntry, User
from anlaufstelle.core.tokens import new_token, plausible, token_hash
from anlaufstelle.volunteers import rules
from anlaufstelle.volunteers.booking import BookingError
from anlaufstelle.volunteers.models import Assignment, Volunteer


@transaction.atomic
def personal_link_send(*, volunteer: Volunteer, actor: User) -> str:
    """Make a new personal link (the old one stops working) and e-mail it to the volunteer."""
    token, volunteer.personal_token_hash = new_token()
    volunteer.save(update_fields=["personal_token_hash", "updated_at"])
    url = settings.SITE_URL + reverse("volunteers:personal", kwargs={"centre": volunteer.centre.slug, "token": token})

    def send() -> None:
        with translation.override(volunteer.signup_language or "de"):
            send_mail(
                _("Your personal page at %(centre)s") % {"centre": volunteer.centre.name},
                render_to_string("volunteers/personal_email.txt", {"volunteer": volunteer, "url": url}),
                None,
                [volunteer.email],
            )

    transaction.on_commit(send)
    audit_record(
        actor=actor,
        centre=volunteer.centre,
        kind=AuditEntry.Kind.SECURITY,
        action="volunteers.personal_link",
        target=volunteer,
    )
    return url


def volunteer_by_token(token: str, centre_slug: str) -> Volunteer | None:
    if not plausible(token):
        return None
    with scopes_disabled():
        return (
            Volunteer.objects.select_related("centre")
            .filter(personal_token_hash=token_hash(token), centre__slug=centre_slug)
            .exclude(status=Volunteer.Status.ENDED)
            .first()
        )


@transaction.atomic
def hours_report(
    *,
    volunteer: Volunteer,
    assignment_id: int,
    minutes_worked: int,
    travel_minutes: int,
    travel_km: object,
) -> Assignment:
    """The volunteer reports time and travel after the job (changeable until approved)."""
    with scopes_disabled():
        assignment = Assignment.objects.select_for_update().filter(volunteer=volunteer, pk=assignment_id).first()
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
        assignment.travel_km = travel_km  # type: ignore[assignment]
        assignment.status = Assignment.Status.DONE
        assignment.reported_at = timezone.now()
        assignment.save()
        audit_record(
            actor=None,
            centre=volunteer.centre,
            kind=AuditEntry.Kind.UPDATE,
            action="volunteers.hours.report",
            target=assignment,
            changes={"minutes": [None, minutes_worked], "travel_minutes": [None, travel_minutes]},
        )
    return assignment


def year_allowance(volunteer: Volunteer, year: int) -> Decimal:
    """The allowances approved for a volunteer's assignments in a calendar year (travel costs excluded)."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime(year, 1, 1, tzinfo=tz)
    end = datetime.datetime(year + 1, 1, 1, tzinfo=tz)
    with scopes_disabled():
        total = Assignment.objects.filter(
            volunteer=volunteer, approved_at__isnull=False, starts_at__gte=start, starts_at__lt=end
        ).aggregate(total=Sum("allowance_amount"))["total"]
    return Decimal(total or 0)


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
    return assignment, rules.limit_state(year_allowance(assignment.volunteer, year), centre_rules)


def calendar(volunteer: Volunteer) -> bytes:
    """The volunteer's booked and done assignments as an iCalendar feed (RFC 5545, times in UTC)."""
    from icalendar import Calendar, Event

    feed = Calendar()
    feed.add("prodid", "-//Anlaufstelle//Ehrenamt//DE")
    feed.add("version", "2.0")
    feed.add("x-wr-calname", f"{volunteer.centre.name} – Einsätze")
    now = timezone.now()
    with scopes_disabled():
        assignments = volunteer.assignments.filter(
            status__in=[Assignment.Status.BOOKED, Assignment.Status.DONE],
            starts_at__gte=now - datetime.timedelta(days=60),
        ).select_related("request")
        for assignment in assignments:
            request = assignment.request
            event = Event()
            event.add("uid", f"assignment-{assignment.pk}@{volunteer.centre.slug}.anlaufstelle")
            event.add("dtstamp", now)
            event.add("dtstart", assignment.starts_at.astimezone(datetime.UTC))
            event.add("dtend", assignment.ends_at.astimezone(datetime.UTC))
            event.add("summary", f"Sprachmittlung {request.get_language_display()}")
            if request.setting == request.Setting.ON_SITE:
                event.add("location", request.place)
            event.add("description", f"{request.get_kind_display()}. {volunteer.centre.name}, {volunteer.centre.phone}")
            feed.add_component(event)
    return bytes(feed.to_ical())

"""The volunteer's own page and calendar feed, reached by a private link (no account needed).

The link carries a 256-bit random token; only its SHA-256 is stored. The coordinator sends a
new link (which ends the old one) from the volunteer's page. The page shows only this person's
open offers and assignments; answers go through the same locked booking as the e-mailed links.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, send_mail
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
from anlaufstelle.volunteers.models import Assignment, InterpretingRequest, Offer, Volunteer


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
    actor: User | None = None,
) -> Assignment:
    """Time and travel after the job (changeable until approved): reported by the volunteer on
    their page (no actor), or entered by the coordinator from a paper timesheet (the actor).
    Either way the coordinator approves the hours afterwards."""
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
            actor=actor,
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


def _calendar(centre_name: str) -> Any:
    from icalendar import Calendar

    feed = Calendar()
    feed.add("prodid", "-//Anlaufstelle//Ehrenamt//DE")
    feed.add("version", "2.0")
    feed.add("x-wr-calname", f"{centre_name} – Einsätze")
    return feed


def _event(assignment: Assignment, now: datetime.datetime) -> Any:
    """One assignment as a calendar entry: the place, and whom to ask on site."""
    from icalendar import Event

    request, centre = assignment.request, assignment.centre
    event = Event()
    event.add("uid", f"assignment-{assignment.pk}@{centre.slug}.anlaufstelle")
    event.add("dtstamp", now)
    event.add("dtstart", assignment.starts_at.astimezone(datetime.UTC))
    event.add("dtend", assignment.ends_at.astimezone(datetime.UTC))
    event.add("summary", f"{_('Interpreting')} {request.get_language_display()}")
    lines = [str(request.get_kind_display())]
    if request.setting == request.Setting.ON_SITE:
        event.add("location", request.place)
    else:
        lines.append(str(request.get_setting_display()))
    contact = on_site_contact(request)
    if contact:
        lines.append(f"{_('Contact on site')}: {contact}")
    lines.append(f"{centre.name}, {centre.phone}")
    event.add("description", "\n".join(lines))
    return event


def on_site_contact(request: InterpretingRequest) -> str:
    """Whom the volunteer asks for on the day: the institution's contact person and phone."""
    parts = [request.contact_name, request.contact_phone]
    if request.organisation_id:
        parts.insert(0, request.organisation.name)  # type: ignore[union-attr]
    return ", ".join(part for part in parts if part)


def assignment_calendar(assignment: Assignment) -> bytes:
    """One assignment as an iCalendar file (attached to the confirmation, offered on the page)."""
    feed = _calendar(assignment.centre.name)
    feed.add_component(_event(assignment, timezone.now()))
    return bytes(feed.to_ical())


def calendar(volunteer: Volunteer) -> bytes:
    """The volunteer's booked and done assignments as an iCalendar feed (RFC 5545, times in UTC)."""
    feed = _calendar(volunteer.centre.name)
    now = timezone.now()
    with scopes_disabled():
        assignments = volunteer.assignments.filter(
            status__in=[Assignment.Status.BOOKED, Assignment.Status.DONE],
            starts_at__gte=now - datetime.timedelta(days=60),
        ).select_related("request__organisation", "centre")
        for assignment in assignments:
            feed.add_component(_event(assignment, now))
    return bytes(feed.to_ical())


def accepted_assignment(offer: Offer) -> Assignment | None:
    """The booking an accepted offer led to (None while unanswered, declined or given back)."""
    if offer.status != Offer.Status.ACCEPTED:
        return None
    with scopes_disabled():
        return (
            Assignment.objects.filter(
                request_id=offer.request_id, volunteer_id=offer.volunteer_id, status=Assignment.Status.BOOKED
            )
            .select_related("request__organisation", "centre", "volunteer")
            .first()
        )


def send_confirmation(assignment_id: int) -> None:
    """After an acceptance: the volunteer gets the details, whom to ask on site and a calendar file."""
    with scopes_disabled():
        assignment = Assignment.objects.select_related("request__organisation", "centre", "volunteer").get(
            pk=assignment_id
        )
    volunteer, request = assignment.volunteer, assignment.request
    with translation.override(volunteer.signup_language or "de"):
        from anlaufstelle.volunteers.booking import when

        message = EmailMessage(
            _("Confirmed: %(language)s, %(when)s")
            % {"language": request.get_language_display(), "when": when(request.starts_at)},
            render_to_string(
                "volunteers/offer_accepted_email.txt",
                {"assignment": assignment, "request": request, "contact": on_site_contact(request)},
            ),
            None,
            [volunteer.email],
        )
        message.attach("termin.ics", assignment_calendar(assignment), "text/calendar")
        message.send()

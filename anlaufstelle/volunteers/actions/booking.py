"""Writes on interpreting requests: creating them, offers with single-use links, booking under
locks, cancellations, no-shows and re-offers.

The ranking (matching.py, selectors.candidates) is advice; the guarantee is here: accepting an
offer locks the request and the volunteer rows and checks again inside the transaction, so the
first acceptance wins and nobody is booked twice for overlapping times (PostgreSQL tests).
"""

from __future__ import annotations

import datetime
import functools
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import scope, scopes_disabled

from anlaufstelle.core.audit import audit_record
from anlaufstelle.core.models import AuditEntry, Centre, User
from anlaufstelle.core.tokens import new_token
from anlaufstelle.volunteers import mail, selectors
from anlaufstelle.volunteers.errors import BookingError
from anlaufstelle.volunteers.models import Assignment, InterpretingRequest, Offer, Volunteer
from anlaufstelle.workspace.actions import notify

OFFER_HOURS = 72
REOFFER_COUNT = 3


@transaction.atomic
def request_create(
    *, centre: Centre, actor: User | None, data: dict[str, Any], need: Any = None
) -> InterpretingRequest:
    """Record an interpreting request (from a screen, or from a newcomer booking's interpreter need).

    An on-site appointment needs a place: the volunteer must know where to go.
    """
    request = InterpretingRequest(centre=centre, requested_by=actor, need=need)
    for name, value in data.items():
        setattr(request, name, value)
    request.place = (request.place or "").strip()
    if request.setting == InterpretingRequest.Setting.ON_SITE and not request.place:
        raise BookingError(_("An appointment on site needs a place."))
    request.save()
    audit_record(
        actor=actor, centre=centre, kind=AuditEntry.Kind.CREATE, action="volunteers.request.create", target=request
    )
    notify(
        centre=centre,
        kind="volunteers.request_created",
        thing=_request_name(request),
        url_name="volunteers:request",
        url_kwargs={"pk": request.pk},
        permission="volunteers.manage_requests",
        actor=actor,
    )
    return request


def _request_name(request: InterpretingRequest) -> str:
    """Language code and time: the same words in every reader's language."""
    return f"{request.language.upper()}, {timezone.localtime(request.starts_at):%d.%m.%Y %H:%M}"


def _tell_requester(request: InterpretingRequest, kind: str, actor: User | None = None) -> None:
    """The person who asked (a partner or a school) hears the answer, if they may still ask here."""
    notify(
        centre=request.centre,
        kind=kind,
        thing=_request_name(request),
        url_name="volunteers:institution_request",
        url_kwargs={"pk": request.pk},
        permission="volunteers.request_interpreter",
        users=[request.requested_by],
        actor=actor,
    )


@transaction.atomic
def offers_send(*, request: InterpretingRequest, volunteers: list[Volunteer], actor: User | None) -> list[Offer]:
    """Offer the request to these volunteers; each gets an e-mail with an accept/decline link."""
    request = InterpretingRequest.objects.select_for_update().get(pk=request.pk)
    if request.status not in (InterpretingRequest.Status.OPEN, InterpretingRequest.Status.OFFERED):
        raise BookingError(_("This request is no longer open."))
    already = set(request.offers.values_list("volunteer_id", flat=True))
    expires = min(request.starts_at, timezone.now() + datetime.timedelta(hours=OFFER_HOURS))
    offers = []
    for volunteer in volunteers:
        if volunteer.pk in already:
            continue
        token, hashed = new_token()
        offer = Offer.objects.create(
            centre=request.centre, request=request, volunteer=volunteer, token_hash=hashed, expires_at=expires
        )
        offers.append(offer)
        transaction.on_commit(
            functools.partial(mail.send_offer, offer.pk, token, volunteer.signup_language, centre=request.centre)
        )
    if offers:
        request.status = InterpretingRequest.Status.OFFERED
        request.save(update_fields=["status"])
    audit_record(
        actor=actor,
        centre=request.centre,
        kind=AuditEntry.Kind.UPDATE,
        action="volunteers.request.offer",
        target=request,
        changes={"volunteers": [None, [v.pk for v in volunteers]]},
    )
    return offers


@transaction.atomic
def offer_accept(*, offer: Offer, actor: User | None = None) -> Assignment:
    """The volunteer accepts: first acceptance wins; never two overlapping bookings for one person.

    Runs inside the offer's centre wherever it is called from (the answer page, the personal page).
    `actor` is None when the volunteer answers through their link (no account).
    """
    with scope(centre=offer.centre):
        # Lock order everywhere: request, then volunteer, then the offer.
        request = InterpretingRequest.objects.select_for_update().get(pk=offer.request_id)
        volunteer = Volunteer.objects.select_for_update().get(pk=offer.volunteer_id)
        offer = Offer.objects.select_for_update().get(pk=offer.pk)
        if offer.status != Offer.Status.OPEN:
            raise BookingError(_("This offer has already been answered."))
        if offer.expires_at <= timezone.now():
            raise BookingError(_("This offer has expired."))
        if request.status == InterpretingRequest.Status.BOOKED:
            raise BookingError(_("Thank you — someone else has already taken this request."))
        if request.status == InterpretingRequest.Status.CANCELLED:
            raise BookingError(_("This request has been cancelled."))
        if volunteer.status != Volunteer.Status.ACTIVE:
            raise BookingError(_("Your volunteer status does not allow bookings at the moment."))
        buffer = selectors.TRAVEL if request.setting == InterpretingRequest.Setting.ON_SITE else datetime.timedelta(0)
        clash = Assignment.objects.filter(
            volunteer=volunteer,
            status=Assignment.Status.BOOKED,
            starts_at__lt=request.ends_at + buffer,
            ends_at__gt=request.starts_at - buffer,
        ).exists()
        if clash:
            raise BookingError(_("You already have an appointment at that time."))
        assignment = Assignment.objects.create(
            centre=request.centre,
            request=request,
            volunteer=volunteer,
            starts_at=request.starts_at,
            ends_at=request.ends_at,
            planned_minutes=request.duration_minutes,
        )
        offer.status, offer.answered_at = Offer.Status.ACCEPTED, timezone.now()
        offer.save(update_fields=["status", "answered_at"])
        others = list(request.offers.filter(status=Offer.Status.OPEN).values_list("pk", flat=True))
        Offer.objects.filter(pk__in=others).update(status=Offer.Status.WITHDRAWN, answered_at=timezone.now())
        request.status = InterpretingRequest.Status.BOOKED
        request.booked_at = request.booked_at or timezone.now()
        request.save(update_fields=["status", "booked_at"])
        if request.need_id:
            from anlaufstelle.newcomers.interpreting import interpreter_need_covered

            interpreter_need_covered(need_id=request.need_id, covered_by=str(volunteer))
        audit_record(
            actor=actor,
            centre=request.centre,
            kind=AuditEntry.Kind.CREATE,
            action="volunteers.offer.accept",
            target=assignment,
            changes={"volunteer": [None, volunteer.pk]},
        )
        _tell_requester(request, "volunteers.request_booked")
    transaction.on_commit(functools.partial(mail.tell_others, others, centre=assignment.centre))
    transaction.on_commit(functools.partial(mail.send_confirmation, assignment.pk, centre=assignment.centre))
    return assignment


@transaction.atomic
def offer_decline(*, offer: Offer) -> Offer:
    """The volunteer says no to an offer through their link (once; an answered offer stays as it
    is). No actor and no audit entry: the offer's own status and time are the record."""
    with scope(centre=offer.centre):
        offer = Offer.objects.select_for_update().get(pk=offer.pk)
        if offer.status != Offer.Status.OPEN:
            raise BookingError(_("This offer has already been answered."))
        offer.status, offer.answered_at = Offer.Status.DECLINED, timezone.now()
        offer.save(update_fields=["status", "answered_at"])
    return offer


# --- cancellations, no-shows and re-offers -----------------------------------------------------


def reoffer(*, request: InterpretingRequest, actor: User | None, count: int = REOFFER_COUNT) -> list[Offer]:
    """Offer an open request to the best-ranked candidates not asked yet (after a cancellation)."""
    ranking, volunteers = selectors.candidates(request=request)
    asked = selectors.asked_volunteers(request=request)
    fresh = [volunteers[c.volunteer] for c in ranking.candidates if c.volunteer not in asked][:count]
    if not fresh:
        return []
    return offers_send(request=request, volunteers=fresh, actor=actor)


@transaction.atomic
def request_cancel(
    *, request: InterpretingRequest, actor: User | None, by: str, reason: str = ""
) -> InterpretingRequest:
    """The institution or the centre calls the appointment off: the interpreter and open offers are told."""
    request = InterpretingRequest.objects.select_for_update().get(pk=request.pk)
    if request.status == InterpretingRequest.Status.CANCELLED:
        raise BookingError(_("This request has already been cancelled."))
    if request.ends_at <= timezone.now():
        raise BookingError(_("The appointment has already taken place."))
    booked = list(request.assignments.filter(status=Assignment.Status.BOOKED).select_related("volunteer"))
    for assignment in booked:
        assignment.status, assignment.cancelled_by, assignment.cancel_reason = Assignment.Status.CANCELLED, by, reason
        assignment.save(update_fields=["status", "cancelled_by", "cancel_reason"])
    open_offers = list(request.offers.filter(status=Offer.Status.OPEN).select_related("volunteer"))
    request.offers.filter(status=Offer.Status.OPEN).update(status=Offer.Status.WITHDRAWN, answered_at=timezone.now())
    request.status, request.cancelled_at, request.cancel_reason = (
        InterpretingRequest.Status.CANCELLED,
        timezone.now(),
        reason,
    )
    request.save(update_fields=["status", "cancelled_at", "cancel_reason"])
    audit_record(
        actor=actor,
        centre=request.centre,
        kind=AuditEntry.Kind.UPDATE,
        action="volunteers.request.cancel",
        target=request,
        changes={"cancelled_by": [None, by]},
    )
    _tell_requester(request, "volunteers.request_cancelled", actor)
    told = [a.volunteer for a in booked] + [o.volunteer for o in open_offers]

    def tell() -> None:
        for volunteer in told:
            mail.request_mail(
                volunteer.email,
                volunteer.signup_language,
                gettext_lazy("Appointment cancelled: %(language)s, %(when)s"),
                "volunteers/request_cancelled_email.txt",
                {"request": request, "volunteer": volunteer},
            )

    transaction.on_commit(tell)
    return request


@transaction.atomic
def assignment_cancel(*, assignment: Assignment, actor: User | None, by: str, reason: str = "") -> Assignment:
    """The volunteer (or the centre for them) gives an assignment back; the request is offered again.

    The request reopens, the next best candidates who were not asked yet receive offers, and
    the coordinators are told.
    """
    request = InterpretingRequest.objects.select_for_update().get(pk=assignment.request_id)
    assignment = Assignment.objects.select_for_update().select_related("volunteer").get(pk=assignment.pk)
    if assignment.status != Assignment.Status.BOOKED:
        raise BookingError(_("This assignment is no longer booked."))
    if assignment.starts_at <= timezone.now():
        raise BookingError(_("The appointment has already begun; please call the centre."))
    assignment.status, assignment.cancelled_by, assignment.cancel_reason = Assignment.Status.CANCELLED, by, reason
    assignment.save(update_fields=["status", "cancelled_by", "cancel_reason"])
    request.status = InterpretingRequest.Status.OPEN
    request.save(update_fields=["status"])
    audit_record(
        actor=actor,
        centre=request.centre,
        kind=AuditEntry.Kind.UPDATE,
        action="volunteers.assignment.cancel",
        target=assignment,
        changes={"cancelled_by": [None, by]},
    )
    offered = reoffer(request=request, actor=actor)
    addresses = selectors.coordinator_addresses(request.centre)

    def tell() -> None:
        for address in addresses:
            mail.request_mail(
                address,
                "de",
                gettext_lazy("An interpreter has cancelled: %(language)s, %(when)s"),
                "volunteers/assignment_cancelled_email.txt",
                {
                    "request": request,
                    "offered": len(offered),
                    "url": settings.SITE_URL
                    + reverse("volunteers:request", kwargs={"centre": request.centre.slug, "pk": request.pk}),
                },
            )

    transaction.on_commit(tell)
    return assignment


@transaction.atomic
def assignment_no_show(*, assignment: Assignment, actor: User) -> Assignment:
    """The coordinator records that the volunteer did not come (no hours, counted in the figures)."""
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.status not in (Assignment.Status.BOOKED, Assignment.Status.DONE) or assignment.approved_at:
        raise BookingError(_("This assignment cannot be marked as missed."))
    if assignment.starts_at > timezone.now():
        raise BookingError(_("The appointment has not taken place yet."))
    assignment.status = Assignment.Status.NO_SHOW
    assignment.save(update_fields=["status"])
    audit_record(
        actor=actor,
        centre=assignment.centre,
        kind=AuditEntry.Kind.UPDATE,
        action="volunteers.assignment.no_show",
        target=assignment,
    )
    return assignment


def follow_up_stalled(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Requests offered to people who all declined or let the offer run out: offer them to the
    next candidates not asked yet; when nobody is left, tell the coordinators once.

    Runs hourly (tasks.py). Returns how many requests were re-offered and how many reported.
    """
    now = now or timezone.now()
    counts = {"reoffered": 0, "reported": 0}
    with scopes_disabled():  # an hourly task across every centre
        stalled = (
            InterpretingRequest.objects.filter(status=InterpretingRequest.Status.OFFERED, starts_at__gt=now)
            .exclude(pk__in=Offer.objects.filter(status=Offer.Status.OPEN, expires_at__gt=now).values("request_id"))
            .select_related("centre")
        )
        for request in stalled:
            Offer.objects.filter(request=request, status=Offer.Status.OPEN, expires_at__lte=now).update(
                status=Offer.Status.WITHDRAWN, answered_at=now
            )
            with transaction.atomic():
                sent = reoffer(request=request, actor=None)
            if sent:
                counts["reoffered"] += 1
                continue
            InterpretingRequest.objects.filter(pk=request.pk).update(status=InterpretingRequest.Status.OPEN)
            counts["reported"] += 1
            url = settings.SITE_URL + reverse(
                "volunteers:request", kwargs={"centre": request.centre.slug, "pk": request.pk}
            )
            for address in selectors.coordinator_addresses(request.centre):
                mail.request_mail(
                    address,
                    "de",
                    gettext_lazy("Nobody has taken the request yet: %(language)s, %(when)s"),
                    "volunteers/request_stalled_email.txt",
                    {"request": request, "url": url},
                )
    return counts

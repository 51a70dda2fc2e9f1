"""Requests, ranked candidates, offers with single-use links, and booking under locks.

The ranking (matching.py) is advice; the guarantee is here: accepting an offer locks the
request and the volunteer rows and checks again inside the transaction, so the first
acceptance wins and nobody is booked twice for overlapping times (PostgreSQL tests).
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import secrets
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from anlaufstelle.core.audit import audit_record
from anlaufstelle.core.models import AuditEntry, Centre, User
from anlaufstelle.volunteers import matching
from anlaufstelle.volunteers.models import (
    Absence,
    Assignment,
    AvailabilityWindow,
    InterpretingRequest,
    Offer,
    Volunteer,
    VolunteerLanguage,
)

TRAVEL = datetime.timedelta(minutes=30)
FAIRNESS_WINDOW = datetime.timedelta(days=90)
OFFER_HOURS = 72


class BookingError(Exception):
    """The answer cannot be taken; the message is for the volunteer or coordinator."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def request_create(
    *, centre: Centre, actor: User | None, data: dict[str, Any], need: Any = None
) -> InterpretingRequest:
    """Record an interpreting request (from a screen, or from a newcomer booking's interpreter need)."""
    request = InterpretingRequest(centre=centre, requested_by=actor, need=need)
    for name, value in data.items():
        setattr(request, name, value)
    request.save()
    audit_record(
        actor=actor, centre=centre, kind=AuditEntry.Kind.CREATE, action="volunteers.request.create", target=request
    )
    return request


def _local(moment: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(moment).replace(tzinfo=None)


def candidates(*, request: InterpretingRequest) -> tuple[matching.Ranking, dict[str, Volunteer]]:
    """Active volunteers who can take the request, ranked by the matcher (a fixed number of queries).

    SQL applies the hard rules it can (language, district, a weekly window around the whole
    appointment, no absence that day) so that only plausible people are loaded; the matcher then
    applies every rule again, plus overlaps and dialects, and orders them fairly.
    """
    start, end = _local(request.starts_at), _local(request.ends_at)
    travel = TRAVEL if request.setting == InterpretingRequest.Setting.ON_SITE else datetime.timedelta(0)
    narrowed = Volunteer.objects.filter(
        centre=request.centre, status=Volunteer.Status.ACTIVE, languages__code=request.language
    )
    if request.setting == InterpretingRequest.Setting.ON_SITE and request.district:
        narrowed = narrowed.filter(districts__contains=f"|{request.district}|")
    if (start - travel).date() == (end + travel).date():
        narrowed = narrowed.filter(
            windows__weekday=start.weekday(),
            windows__start__lte=(start - travel).time(),
            windows__end__gte=(end + travel).time(),
        )
    narrowed = narrowed.exclude(absences__first_day__lte=start.date(), absences__last_day__gte=start.date())
    ids = list(narrowed.order_by().values_list("pk", flat=True).distinct())
    pool = list(Volunteer.objects.filter(pk__in=ids).only("pk", "first_name", "last_name", "districts", "gender"))
    # Plain rows, not model instances: building thousands of objects cost more than the SQL.
    spoken: dict[int, list[matching.Language]] = defaultdict(list)
    for volunteer_id, code, level, dialect in VolunteerLanguage.objects.filter(volunteer_id__in=ids).values_list(
        "volunteer_id", "code", "level", "dialect"
    ):
        spoken[volunteer_id].append(matching.Language(code, level, dialect))
    windows: dict[int, list[matching.Window]] = defaultdict(list)
    for volunteer_id, weekday, begins, ends in AvailabilityWindow.objects.filter(
        volunteer_id__in=ids, weekday=start.weekday()
    ).values_list("volunteer_id", "weekday", "start", "end"):
        windows[volunteer_id].append(matching.Window(weekday, begins, ends))
    absent: dict[int, list[tuple[datetime.date, datetime.date]]] = defaultdict(list)
    for volunteer_id, first, last in Absence.objects.filter(
        volunteer_id__in=ids, first_day__lte=start.date(), last_day__gte=start.date()
    ).values_list("volunteer_id", "first_day", "last_day"):
        absent[volunteer_id].append((first, last))
    # One pass over the recent and coming assignments gives both the bookings that could clash
    # and the fairness counts (assignments, minutes, the last one) of the window.
    busy: dict[int, list[matching.Interval]] = defaultdict(list)
    fairness: dict[int, dict[str, Any]] = defaultdict(lambda: {"count": 0, "minutes": 0, "last": None})
    since = timezone.now() - FAIRNESS_WINDOW
    clash_from = request.starts_at - datetime.timedelta(hours=12)
    clash_to = request.ends_at + datetime.timedelta(hours=12)
    for volunteer_id, booked_from, booked_to, status, minutes in Assignment.objects.filter(
        volunteer_id__in=ids,
        status__in=[Assignment.Status.BOOKED, Assignment.Status.DONE],
        starts_at__gte=min(since, clash_from),
        starts_at__lt=clash_to,
    ).values_list("volunteer_id", "starts_at", "ends_at", "status", "request__duration_minutes"):
        if status == Assignment.Status.BOOKED and booked_from < clash_to and booked_to > clash_from:
            busy[volunteer_id].append(matching.Interval(_local(booked_from), _local(booked_to)))
        if booked_from >= since and booked_from <= timezone.now() + FAIRNESS_WINDOW:
            row = fairness[volunteer_id]
            row["count"] += 1
            row["minutes"] += minutes or 0
            row["last"] = max(row["last"] or booked_from, booked_from)
    local = matching.Request(
        language=request.language,
        dialect=request.dialect,
        start=start,
        end=end,
        setting=request.setting,
        district=request.district,
        gender=request.gender,
        gender_required=request.gender_required,
        travel=TRAVEL,
    )
    plain = []
    for v in pool:
        row = fairness.get(v.pk, {})
        v.recent = row.get("count", 0)  # type: ignore[attr-defined]  # shown on the screen
        plain.append(
            matching.Volunteer(
                id=str(v.pk),
                languages=tuple(spoken.get(v.pk, [])),
                windows=tuple(windows.get(v.pk, [])),
                absences=tuple(absent.get(v.pk, [])),
                busy=tuple(busy.get(v.pk, [])),
                districts=frozenset(v.district_list),
                gender=v.gender,
                recent_assignments=row.get("count", 0),
                recent_minutes=int(row.get("minutes") or 0),
                last_assignment=_local(row["last"]) if row.get("last") else None,
            )
        )
    return matching.rank(local, plain), {str(v.pk): v for v in pool}


def _send_offer(offer_id: int, token: str, language: str) -> None:
    with scopes_disabled():
        offer = Offer.objects.select_related("request", "volunteer", "centre").get(pk=offer_id)
    url = settings.SITE_URL + reverse("volunteers:offer", kwargs={"centre": offer.centre.slug, "token": token})
    with translation.override(language or "de"):
        body = render_to_string("volunteers/offer_email.txt", {"offer": offer, "url": url})
        send_mail(
            _("Can you interpret? %(language)s, %(when)s")
            % {
                "language": offer.request.get_language_display(),
                "when": timezone.localtime(offer.request.starts_at).strftime("%d.%m.%Y %H:%M"),
            },
            body,
            None,
            [offer.volunteer.email],
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
        token = secrets.token_urlsafe(32)
        offer = Offer.objects.create(
            centre=request.centre, request=request, volunteer=volunteer, token_hash=_hash(token), expires_at=expires
        )
        offers.append(offer)
        transaction.on_commit(functools.partial(_send_offer, offer.pk, token, volunteer.signup_language))
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


def offer_by_token(token: str) -> Offer | None:
    """The offer behind a link (across centres: the link is all a volunteer has)."""
    if not token or len(token) > 100:
        return None
    with scopes_disabled():
        return Offer.objects.select_related("request", "volunteer", "centre").filter(token_hash=_hash(token)).first()


def _tell_others(offer_ids: list[int]) -> None:
    with scopes_disabled():
        for offer in Offer.objects.filter(pk__in=offer_ids).select_related("volunteer", "request"):
            with translation.override(offer.volunteer.signup_language or "de"):
                send_mail(
                    _("The interpreting request has been taken"),
                    render_to_string("volunteers/offer_taken_email.txt", {"offer": offer}),
                    None,
                    [offer.volunteer.email],
                )


def offer_for(*, volunteer: Volunteer, offer_id: int) -> Offer:
    """One of this volunteer's offers (from the personal page)."""
    with scopes_disabled():
        found = Offer.objects.filter(volunteer=volunteer, pk=offer_id).first()
    if found is None:
        raise BookingError(_("This offer is not yours."))
    return found


@transaction.atomic
def offer_accept(*, token: str = "", offer: Offer | None = None) -> Assignment:
    """The volunteer accepts: first acceptance wins; never two overlapping bookings for one person."""
    found = offer or offer_by_token(token)
    if found is None:
        raise BookingError(_("This link is not valid."))
    with scopes_disabled():
        # Lock order everywhere: request, then volunteer, then the offer.
        request = InterpretingRequest.objects.select_for_update().get(pk=found.request_id)
        volunteer = Volunteer.objects.select_for_update().get(pk=found.volunteer_id)
        offer = Offer.objects.select_for_update().get(pk=found.pk)
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
        buffer = TRAVEL if request.setting == InterpretingRequest.Setting.ON_SITE else datetime.timedelta(0)
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
            actor=None,
            centre=request.centre,
            kind=AuditEntry.Kind.CREATE,
            action="volunteers.offer.accept",
            target=assignment,
            changes={"volunteer": [None, volunteer.pk]},
        )
    transaction.on_commit(lambda: _tell_others(others))
    return assignment


@transaction.atomic
def offer_decline(*, token: str = "", offer: Offer | None = None) -> Offer:
    found = offer or offer_by_token(token)
    if found is None:
        raise BookingError(_("This link is not valid."))
    with scopes_disabled():
        offer = Offer.objects.select_for_update().get(pk=found.pk)
        if offer.status != Offer.Status.OPEN:
            raise BookingError(_("This offer has already been answered."))
        offer.status, offer.answered_at = Offer.Status.DECLINED, timezone.now()
        offer.save(update_fields=["status", "answered_at"])
    return offer


# --- cancellations, no-shows and re-offers -----------------------------------------------------

REOFFER_COUNT = 3


def _mail(to: str, language: str, subject: str, template: str, context: dict[str, Any]) -> None:
    with translation.override(language or "de"):
        send_mail(str(subject), render_to_string(template, context), None, [to])


def _coordinator_addresses(centre: Centre) -> list[str]:
    from anlaufstelle.core.models import Membership
    from anlaufstelle.core.roles import Role

    return sorted(
        set(
            Membership.objects.filter(
                centre=centre, role=Role.VOLUNTEER_COORDINATOR, is_active=True, user__is_active=True
            ).values_list("user__email", flat=True)
        )
        - {""}
    )


def reoffer(*, request: InterpretingRequest, actor: User | None, count: int = REOFFER_COUNT) -> list[Offer]:
    """Offer an open request to the best-ranked candidates not asked yet (after a cancellation)."""
    ranking, volunteers = candidates(request=request)
    asked = {str(v) for v in request.offers.values_list("volunteer_id", flat=True)}
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
    told = [a.volunteer for a in booked] + [o.volunteer for o in open_offers]

    def tell() -> None:
        for volunteer in told:
            _mail(
                volunteer.email,
                volunteer.signup_language,
                _("Appointment cancelled: %(language)s, %(when)s")
                % {
                    "language": request.get_language_display(),
                    "when": timezone.localtime(request.starts_at).strftime("%d.%m.%Y %H:%M"),
                },
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
    addresses = _coordinator_addresses(request.centre)

    def tell() -> None:
        for address in addresses:
            _mail(
                address,
                "de",
                _("An interpreter has cancelled: %(language)s, %(when)s")
                % {
                    "language": request.get_language_display(),
                    "when": timezone.localtime(request.starts_at).strftime("%d.%m.%Y %H:%M"),
                },
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

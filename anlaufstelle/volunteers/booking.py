"""Requests, ranked candidates, offers with single-use links, and booking under locks.

The ranking (matching.py) is advice; the guarantee is here: accepting an offer locks the
request and the volunteer rows and checks again inside the transaction, so the first
acceptance wins and nobody is booked twice for overlapping times (PostgreSQL tests).
"""

from __future__ import annotations

import datetime
import functools
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, F, Max, OuterRef, Prefetch, Subquery, Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import scopes_disabled

from anlaufstelle.core.audit import audit_record
from anlaufstelle.core.models import AuditEntry, Centre, User
from anlaufstelle.core.tokens import new_token, plausible, token_hash
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
PACK = 1_000_000
OFFER_HOURS = 72


class BookingError(Exception):
    """The answer cannot be taken; the message is for the volunteer or coordinator."""


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
    return request


def _local(moment: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(moment).replace(tzinfo=None)


def when(moment: datetime.datetime) -> str:
    """Date and time in the active language's short format (as the templates show them)."""
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def candidates(*, request: InterpretingRequest) -> tuple[matching.Ranking, dict[str, Volunteer]]:
    """Active volunteers who can take the request, ranked by the matcher (one query, as a rule).

    SQL applies the hard rules it can (language, district, a weekly window around the whole
    appointment, no absence that day) and brings, per person, the language row and the window
    it matched, the first booking that would clash, and the fairness counts of the window — so
    only plausible people are loaded and nothing is fetched per person. The matcher then applies
    every rule again (dialects, levels, overlaps) and orders them fairly.
    """
    start, end = _local(request.starts_at), _local(request.ends_at)
    on_site = request.setting == InterpretingRequest.Setting.ON_SITE
    travel = TRAVEL if on_site else datetime.timedelta(0)
    narrowed = Volunteer.objects.filter(
        centre=request.centre, status=Volunteer.Status.ACTIVE, languages__code=request.language
    )
    if on_site and request.district:
        narrowed = narrowed.filter(districts__contains=f"|{request.district}|")
    same_day = (start - travel).date() == (end + travel).date()
    if same_day:
        # One filter() call: the same window row must cover the whole appointment.
        narrowed = narrowed.filter(
            windows__weekday=start.weekday(),
            windows__start__lte=(start - travel).time(),
            windows__end__gte=(end + travel).time(),
        )
    # A subquery, not exclude() across the relation: that would also drop people with one
    # absence starting before the day and another ending after it.
    narrowed = narrowed.exclude(
        pk__in=Absence.objects.filter(first_day__lte=start.date(), last_day__gte=start.date()).values("volunteer_id")
    )
    now = timezone.now()
    mine = Assignment.objects.filter(volunteer_id=OuterRef("pk")).order_by()
    recent = mine.filter(
        status__in=[Assignment.Status.BOOKED, Assignment.Status.DONE],
        starts_at__gte=now - FAIRNESS_WINDOW,
        starts_at__lte=now + FAIRNESS_WINDOW,
    )
    clash = mine.filter(
        status=Assignment.Status.BOOKED,
        # The longest appointment is 8 hours: a lower bound lets the (volunteer, starts_at) index work.
        starts_at__gte=request.starts_at - travel - datetime.timedelta(minutes=480),
        starts_at__lt=request.ends_at + travel,
        ends_at__gt=request.starts_at - travel,
    )
    columns = {
        "level": F("languages__level"),
        "dialect": F("languages__dialect"),
        # Count and minutes in one scalar subquery: each row adds PACK + its minutes, so the sum
        # is count × PACK + minutes (180 days never reach PACK minutes). Half the work of two.
        "recent_load": Subquery(
            recent.values("volunteer_id").annotate(x=Sum(F("planned_minutes") + PACK)).values("x")[:1]
        ),
        "recent_last": Subquery(recent.values("volunteer_id").annotate(t=Max("starts_at")).values("t")[:1]),
        "clashes": Exists(clash),
    }
    if same_day:
        columns |= {"window_start": F("windows__start"), "window_end": F("windows__end")}
    people: dict[int, Volunteer] = {}
    spoken: dict[int, set[matching.Language]] = defaultdict(set)
    windows: dict[int, set[matching.Window]] = defaultdict(set)
    for volunteer in (
        narrowed.annotate(**columns).only("pk", "first_name", "last_name", "districts", "gender").order_by()
    ):
        people.setdefault(volunteer.pk, volunteer)
        spoken[volunteer.pk].add(matching.Language(request.language, volunteer.level, volunteer.dialect))  # type: ignore[attr-defined]
        if same_day:
            windows[volunteer.pk].add(
                matching.Window(start.weekday(), volunteer.window_start, volunteer.window_end)  # type: ignore[attr-defined]
            )
    if not same_day:  # an appointment across midnight: the matcher decides from all windows
        for volunteer_id, weekday, begins, ends in AvailabilityWindow.objects.filter(
            volunteer_id__in=list(people)
        ).values_list("volunteer_id", "weekday", "start", "end"):
            windows[volunteer_id].add(matching.Window(weekday, begins, ends))
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
    for v in people.values():
        count, minutes = divmod(v.recent_load or 0, PACK)  # type: ignore[attr-defined]
        v.recent = count  # type: ignore[attr-defined]  # shown on the screen
        # SQL found a booking within the appointment (plus travel): the matcher needs only to know
        # that the time is taken, so the appointment itself stands for it.
        busy = (local.interval,) if v.clashes else ()  # type: ignore[attr-defined]
        plain.append(
            matching.Volunteer(
                id=str(v.pk),
                languages=tuple(spoken[v.pk]),
                windows=tuple(windows[v.pk]),
                busy=busy,
                districts=frozenset(v.district_list),
                gender=v.gender,
                recent_assignments=v.recent,  # type: ignore[attr-defined]
                recent_minutes=minutes,
                last_assignment=v.recent_last,  # type: ignore[attr-defined]  # only compared, never shown
            )
        )
    return matching.rank(local, plain), {str(v.pk): v for v in people.values()}


def left_out(*, request: InterpretingRequest, ranking: matching.Ranking) -> list[tuple[Volunteer, str]]:
    """Everyone who speaks the request's language but is not a candidate, with the first rule they
    break (absent, booked, outside their times, level, dialect, reach, gender, not active).

    `candidates` narrows in SQL and never loads most of these people; this loads them all (for
    the coordinator's screen only, in four queries) and asks the matcher about each one.
    """
    start, end = _local(request.starts_at), _local(request.ends_at)
    on_site = request.setting == InterpretingRequest.Setting.ON_SITE
    travel = TRAVEL if on_site else datetime.timedelta(0)
    chosen = {candidate.volunteer for candidate in ranking.candidates}
    people = list(
        Volunteer.objects.filter(centre=request.centre, languages__code=request.language)
        .exclude(status=Volunteer.Status.ENDED)
        .exclude(pk__in=[int(pk) for pk in chosen])
        .distinct()
        .prefetch_related(
            Prefetch("languages", queryset=VolunteerLanguage.objects.filter(code=request.language)),
            "windows",
            Prefetch(
                "absences",
                queryset=Absence.objects.filter(first_day__lte=end.date(), last_day__gte=start.date()),
            ),
            Prefetch(
                "assignments",
                queryset=Assignment.objects.filter(
                    status=Assignment.Status.BOOKED,
                    starts_at__lt=request.ends_at + travel,
                    ends_at__gt=request.starts_at - travel,
                ),
            ),
        )
        .order_by("last_name", "first_name", "id")
    )
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
    result = []
    for volunteer in people:
        plain = matching.Volunteer(
            id=str(volunteer.pk),
            languages=tuple(
                matching.Language(lang.code, lang.level, lang.dialect) for lang in volunteer.languages.all()
            ),
            windows=tuple(matching.Window(w.weekday, w.start, w.end) for w in volunteer.windows.all()),
            absences=tuple((a.first_day, a.last_day) for a in volunteer.absences.all()),
            busy=tuple(matching.Interval(_local(a.starts_at), _local(a.ends_at)) for a in volunteer.assignments.all()),
            districts=frozenset(volunteer.district_list),
            gender=volunteer.gender,
            active=volunteer.status == Volunteer.Status.ACTIVE,
        )
        reason = matching.check(plain, local)
        if reason:  # (nobody else: whoever passes every rule is among the candidates)
            result.append((volunteer, reason))
    return result


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
                "when": when(offer.request.starts_at),
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
        token, hashed = new_token()
        offer = Offer.objects.create(
            centre=request.centre, request=request, volunteer=volunteer, token_hash=hashed, expires_at=expires
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
    if not plausible(token):
        return None
    with scopes_disabled():
        return (
            Offer.objects.select_related("request", "volunteer", "centre").filter(token_hash=token_hash(token)).first()
        )


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
            actor=None,
            centre=request.centre,
            kind=AuditEntry.Kind.CREATE,
            action="volunteers.offer.accept",
            target=assignment,
            changes={"volunteer": [None, volunteer.pk]},
        )
    transaction.on_commit(lambda: _tell_others(others))
    transaction.on_commit(functools.partial(_confirm, assignment.pk))
    return assignment


def _confirm(assignment_id: int) -> None:
    from anlaufstelle.volunteers.personal import send_confirmation

    send_confirmation(assignment_id)


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


def _mail(to: str, language: str, subject: Any, template: str, context: dict[str, Any]) -> None:
    """Send in the reader's language: the (lazy) subject gets the request's language and time."""
    request = context["request"]
    with translation.override(language or "de"):
        line = str(subject) % {"language": request.get_language_display(), "when": when(request.starts_at)}
        send_mail(line, render_to_string(template, context), None, [to])


def coordinator_addresses(centre: Centre) -> list[str]:
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
    addresses = coordinator_addresses(request.centre)

    def tell() -> None:
        for address in addresses:
            _mail(
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
    with scopes_disabled():
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
            for address in coordinator_addresses(request.centre):
                _mail(
                    address,
                    "de",
                    gettext_lazy("Nobody has taken the request yet: %(language)s, %(when)s"),
                    "volunteers/request_stalled_email.txt",
                    {"request": request, "url": url},
                )
    return counts

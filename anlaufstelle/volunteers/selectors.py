"""Every read of the volunteers module for its views, tasks and other modules, with its prefetching.

`candidates` is the guarantee's first half: the ranking (matching.py) is advice, and booking
(actions/booking.py) checks every rule again under locks.
"""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, F, Max, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from anlaufstelle.core.audit import snapshot
from anlaufstelle.core.models import AuditEntry, Centre, Membership, User
from anlaufstelle.core.roles import Role
from anlaufstelle.core.tokens import find_by_token
from anlaufstelle.partners.models import Organisation
from anlaufstelle.volunteers import matching
from anlaufstelle.volunteers.errors import BookingError
from anlaufstelle.volunteers.models import (
    Absence,
    Assignment,
    AvailabilityWindow,
    InterpretingRequest,
    Offer,
    Pool,
    Volunteer,
    VolunteerLanguage,
)

TRAVEL = datetime.timedelta(minutes=30)
FAIRNESS_WINDOW = datetime.timedelta(days=90)
PACK = 1_000_000


def _local(moment: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(moment).replace(tzinfo=None)


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
        spoken[volunteer.pk].add(matching.Language(request.language, volunteer.level, volunteer.dialect))
        if same_day:
            windows[volunteer.pk].add(matching.Window(start.weekday(), volunteer.window_start, volunteer.window_end))
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
        count, minutes = divmod(v.recent_load or 0, PACK)
        v.recent = count  # shown on the screen
        # SQL found a booking within the appointment (plus travel): the matcher needs only to know
        # that the time is taken, so the appointment itself stands for it.
        busy = (local.interval,) if v.clashes else ()
        plain.append(
            matching.Volunteer(
                id=str(v.pk),
                languages=tuple(spoken[v.pk]),
                windows=tuple(windows[v.pk]),
                busy=busy,
                districts=frozenset(v.district_list),
                gender=v.gender,
                recent_assignments=v.recent,
                recent_minutes=minutes,
                last_assignment=v.recent_last,  # only compared, never shown
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


# --- volunteers --------------------------------------------------------------------------------


def volunteer_list(
    *, centre: Centre, status: str = "", language: str = "", certificates_due: bool = False
) -> QuerySet[Volunteer]:
    """The centre's volunteers by name, optionally of one status, speaking one language, or with an
    extended police certificate to be seen again within the notice period."""
    volunteers = (
        Volunteer.objects.filter(centre=centre)
        .prefetch_related("languages", "pools")
        .order_by("last_name", "first_name", "id")
    )
    if status in Volunteer.Status.values:
        volunteers = volunteers.filter(status=status)
    if language:
        volunteers = volunteers.filter(languages__code=language).distinct()
    if certificates_due:
        volunteers = volunteers.filter(pk__in=certificates_due_ids(centre=centre))
    return volunteers


CERTIFICATE_NOTICE = datetime.timedelta(weeks=8)


def certificates_due_ids(*, centre: Centre, today: datetime.date | None = None) -> QuerySet[Volunteer, Any]:
    """Active and paused volunteers in pools that work with children whose extended police certificate
    must be seen again by `today` + eight weeks (or already should have been), as a subquery of ids.
    Same rule as `Volunteer.police_certificate_due`, computed in the database."""
    last = (today or timezone.localdate()) + CERTIFICATE_NOTICE
    years = settings.VOLUNTEER_POLICE_CERTIFICATE_YEARS
    try:
        cutoff = last.replace(year=last.year - years)
    except ValueError:  # 29 February: the same day of the earlier year does not exist
        cutoff = last.replace(year=last.year - years, day=28)
    seen = Q(police_certificate_seen_on__lte=cutoff)
    if cutoff.month == 2 and cutoff.day == 28 and calendar.isleap(cutoff.year):
        seen |= Q(police_certificate_seen_on=cutoff + datetime.timedelta(days=1))  # due on 28 February
    return (
        Volunteer.objects.filter(
            seen,
            centre=centre,
            status__in=[Volunteer.Status.ACTIVE, Volunteer.Status.PAUSED],
            pools__works_with_children=True,
        )
        .values("pk")
        .distinct()
    )


def volunteer_get(*, centre: Centre, pk: int) -> Volunteer:
    """One of the centre's volunteers with languages, times, absences and pools (DoesNotExist otherwise)."""
    return (
        Volunteer.objects.filter(centre=centre).prefetch_related("languages", "windows", "absences", "pools").get(pk=pk)
    )


def volunteer_assignments(*, volunteer: Volunteer, limit: int = 50) -> QuerySet[Assignment]:
    """A volunteer's latest assignments with their requests, newest first."""
    return volunteer.assignments.select_related("request").order_by("-starts_at")[:limit]


def assignment_of(*, volunteer: Volunteer, pk: int) -> Assignment:
    """One of this volunteer's assignments (DoesNotExist otherwise)."""
    return Assignment.objects.get(volunteer=volunteer, pk=pk)


def volunteer_by_token(*, centre: Centre, token: str) -> Volunteer | None:
    """The volunteer whose personal link this is, in this centre and not ended (None otherwise)."""
    still_working = [status for status in Volunteer.Status.values if status != Volunteer.Status.ENDED]
    return find_by_token(
        Volunteer,
        centre=centre,
        token=token,
        field="personal_token_hash",
        select_related=("centre",),
        status__in=still_working,
    )


def year_allowance(volunteer: Volunteer, year: int) -> Decimal:
    """The allowances approved for a volunteer's assignments in a calendar year (travel costs excluded)."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime(year, 1, 1, tzinfo=tz)
    end = datetime.datetime(year + 1, 1, 1, tzinfo=tz)
    total = Assignment.objects.filter(
        centre=volunteer.centre, volunteer=volunteer, approved_at__isnull=False, starts_at__gte=start, starts_at__lt=end
    ).aggregate(total=Sum("allowance_amount"))["total"]
    return Decimal(total or 0)


def volunteer_export(*, volunteer: Volunteer) -> dict[str, Any]:
    """Everything stored about a volunteer (Art. 15 GDPR), with the processing history."""
    history = AuditEntry.objects.filter(target_type="volunteers.volunteer", target_id=str(volunteer.pk))
    return {
        "volunteer": snapshot(volunteer),
        "languages": [snapshot(lang, ["code", "level", "dialect"]) for lang in volunteer.languages.all()],
        "availability": [str(window) for window in volunteer.windows.all()],
        "absences": [str(absence) for absence in volunteer.absences.all()],
        "pools": [pool.name for pool in volunteer.pools.all()],
        "qualifications": [
            snapshot(q, ["name", "obtained_on", "valid_until", "source"]) for q in volunteer.qualifications.all()
        ],
        "processing_history": [
            {"when": e.created_at.isoformat(), "who": e.actor_label, "what": e.action} for e in history
        ],
    }


def pools(*, centre: Centre) -> QuerySet[Pool]:
    """The centre's pools."""
    return Pool.objects.filter(centre=centre)


def pools_with_members(*, centre: Centre) -> QuerySet[Pool]:
    """The centre's pools, each with its number of members (`members`)."""
    return Pool.objects.filter(centre=centre).annotate(members=Count("volunteers"))


def coordinator_addresses(centre: Centre) -> list[str]:
    """The e-mail addresses of the centre's active volunteer coordinators."""
    return sorted(
        set(
            Membership.objects.filter(
                centre=centre, role=Role.VOLUNTEER_COORDINATOR, is_active=True, user__is_active=True
            ).values_list("user__email", flat=True)
        )
        - {""}
    )


# --- the volunteer's own page -----------------------------------------------------------------


def own_open_offers(*, volunteer: Volunteer) -> list[Offer]:
    """The volunteer's offers still open and not expired, with their requests."""
    return list(volunteer.offers.filter(status="open", expires_at__gt=timezone.now()).select_related("request"))


def own_assignments(*, volunteer: Volunteer) -> list[Assignment]:
    """The volunteer's assignments of the last 60 days and to come, not cancelled, in time order."""
    return list(
        volunteer.assignments.filter(starts_at__gte=timezone.now() - datetime.timedelta(days=60))
        .exclude(status="cancelled")
        .select_related("request")
        .order_by("starts_at")
    )


def own_absences(*, volunteer: Volunteer) -> list[Absence]:
    """The volunteer's absences that have not ended yet."""
    return list(volunteer.absences.filter(last_day__gte=timezone.localdate()))


def calendar_assignments(*, volunteer: Volunteer) -> QuerySet[Assignment]:
    """The booked and done assignments of the last 60 days and to come, for the calendar feed."""
    return volunteer.assignments.filter(
        status__in=[Assignment.Status.BOOKED, Assignment.Status.DONE],
        starts_at__gte=timezone.now() - datetime.timedelta(days=60),
    ).select_related("request__organisation", "centre")


# --- requests and offers -----------------------------------------------------------------------


def coming_requests(*, centre: Centre) -> QuerySet[InterpretingRequest]:
    """Requests from yesterday on, in time order, with institution and assignments (at most 200)."""
    return (
        InterpretingRequest.objects.filter(centre=centre, starts_at__gte=timezone.now() - datetime.timedelta(days=1))
        .select_related("organisation")
        .prefetch_related("assignments__volunteer")
        .order_by("starts_at")[:200]
    )


def request_get(*, centre: Centre, pk: int) -> InterpretingRequest:
    """One of the centre's requests (DoesNotExist otherwise)."""
    return InterpretingRequest.objects.get(centre=centre, pk=pk)


def request_offers(*, request: InterpretingRequest) -> QuerySet[Offer]:
    return request.offers.select_related("volunteer")


def request_assignments(*, request: InterpretingRequest) -> QuerySet[Assignment]:
    return request.assignments.select_related("volunteer")


def asked_volunteers(*, request: InterpretingRequest) -> set[str]:
    """The ids (as text) of everyone this request has been offered to."""
    return {str(v) for v in request.offers.values_list("volunteer_id", flat=True)}


def booked_assignment(*, request: InterpretingRequest) -> Assignment | None:
    """Who comes: the request's booked assignment with its volunteer, if any."""
    return request.assignments.filter(status=Assignment.Status.BOOKED).select_related("volunteer").first()


def offer_by_token(*, centre: Centre, token: str) -> Offer | None:
    """The offer behind an e-mailed link, in this centre (None for an unknown link)."""
    return find_by_token(Offer, centre=centre, token=token, select_related=("request", "volunteer", "centre"))


def offer_for(*, volunteer: Volunteer, offer_id: int) -> Offer:
    """One of this volunteer's offers (from the personal page)."""
    found = Offer.objects.filter(centre=volunteer.centre, volunteer=volunteer, pk=offer_id).first()
    if found is None:
        raise BookingError(_("This offer is not yours."))
    return found


def accepted_assignment(offer: Offer) -> Assignment | None:
    """The booking an accepted offer led to (None while unanswered, declined or given back)."""
    if offer.status != Offer.Status.ACCEPTED:
        return None
    return (
        Assignment.objects.filter(
            centre=offer.centre_id,
            request_id=offer.request_id,
            volunteer_id=offer.volunteer_id,
            status=Assignment.Status.BOOKED,
        )
        .select_related("request__organisation", "centre", "volunteer")
        .first()
    )


# --- institutions asking for interpreters ------------------------------------------------------


def requester_organisations(*, centre: Centre, user: User) -> QuerySet[Organisation]:
    """The organisations the signed-in person acts for (partner or school contact memberships)."""
    ids = Membership.objects.filter(
        user=user,
        centre=centre,
        is_active=True,
        role__in=[Role.PARTNER, Role.SCHOOL_CONTACT],
        organisation__isnull=False,
    ).values_list("organisation_id", flat=True)
    return Organisation.objects.filter(centre=centre, pk__in=list(ids)).order_by("name")


def own_requests(*, centre: Centre, user: User) -> QuerySet[InterpretingRequest]:
    """Requests this person raised, or their institution raised: never anyone else's."""
    organisations = requester_organisations(centre=centre, user=user)
    return InterpretingRequest.objects.filter(centre=centre).filter(
        Q(requested_by=user) | Q(organisation__in=organisations)
    )


def own_request_get(*, centre: Centre, user: User, pk: int) -> InterpretingRequest:
    """One of this person's own requests (DoesNotExist for anyone else's)."""
    return own_requests(centre=centre, user=user).get(pk=pk)


def own_recent_requests(*, centre: Centre, user: User) -> QuerySet[InterpretingRequest]:
    """This person's own requests from the last 30 days on, in time order (at most 200)."""
    return (
        own_requests(centre=centre, user=user)
        .filter(starts_at__gte=timezone.now() - datetime.timedelta(days=30))
        .order_by("starts_at")[:200]
    )


def organisations(*, centre: Centre) -> QuerySet[Organisation]:
    """The centre's organisations by name (who asked, on the coordinator's request form)."""
    return Organisation.objects.filter(centre=centre).order_by("name")

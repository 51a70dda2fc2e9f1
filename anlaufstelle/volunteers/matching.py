"""Ranking volunteers for an interpreting request: a pure module (no Django), see decision 0014.

Hard rules (a volunteer who breaks one is not a candidate, and the reason is kept):
- speaks the requested language (and, when one is asked for, a dialect of the same dialect
  group, see dialects.py: Syrian serves a request for Levantine) at least at the required level;
- is active, and available for the whole appointment plus travel: inside a weekly availability
  window, not absent that day, and not booked (or offered-and-holding) for an overlapping time
  including a travel buffer on both sides;
- can reach the place: the district is one of theirs (phone and video need no reach);
- the gender the requester asked for, when they asked for it as a requirement.

Among candidates the order is fair and explainable: a soft gender preference first, then fewer
assignments in the fairness window, then fewer hours, then the one whose last assignment lies
longest back, then a stable tie-breaker (the id). `spread` measures how evenly assignments
fall on a pool (for tests and reports).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from anlaufstelle.volunteers import dialects

ON_SITE = "on_site"
PHONE = "phone"
VIDEO = "video"

LEVELS = {"basic": 1, "good": 2, "fluent": 3, "native": 4}

# Reasons a volunteer is not a candidate (the interface translates them).
NO_LANGUAGE = "no_language"
NO_DIALECT = "no_dialect"
LEVEL_TOO_LOW = "level_too_low"
INACTIVE = "inactive"
NOT_AVAILABLE = "not_available"
ABSENT = "absent"
BUSY = "busy"
OUT_OF_REACH = "out_of_reach"
GENDER = "gender"


@dataclass(frozen=True)
class Language:
    code: str
    level: str = "fluent"
    dialect: str = ""


@dataclass(frozen=True)
class Window:
    """A weekly availability window: weekday 0 = Monday; local wall-clock times."""

    weekday: int
    start: datetime.time
    end: datetime.time


@dataclass(frozen=True)
class Interval:
    start: datetime.datetime
    end: datetime.datetime

    def overlaps(self, other: Interval, buffer: datetime.timedelta = datetime.timedelta(0)) -> bool:
        return self.start < other.end + buffer and other.start < self.end + buffer


@dataclass(frozen=True)
class Volunteer:
    id: str
    languages: tuple[Language, ...]
    windows: tuple[Window, ...] = ()
    absences: tuple[tuple[datetime.date, datetime.date], ...] = ()  # inclusive date ranges
    busy: tuple[Interval, ...] = ()  # assignments and offers that still hold the time
    districts: frozenset[str] = frozenset()
    gender: str = ""
    active: bool = True
    recent_assignments: int = 0  # in the fairness window
    recent_minutes: int = 0
    last_assignment: datetime.datetime | None = None


@dataclass(frozen=True)
class Request:
    language: str
    start: datetime.datetime
    end: datetime.datetime
    setting: str = ON_SITE
    district: str = ""
    dialect: str = ""
    min_level: str = "good"
    gender: str = ""  # "" = no preference
    gender_required: bool = False
    travel: datetime.timedelta = datetime.timedelta(minutes=30)

    @property
    def interval(self) -> Interval:
        return Interval(self.start, self.end)


@dataclass(frozen=True)
class Candidate:
    volunteer: str
    rank_key: tuple[object, ...]
    notes: tuple[str, ...] = ()


@dataclass
class Ranking:
    candidates: list[Candidate] = field(default_factory=list)
    excluded: dict[str, str] = field(default_factory=dict)  # volunteer id -> first reason


def _speaks(volunteer: Volunteer, request: Request) -> str:
    spoken = [lang for lang in volunteer.languages if lang.code == request.language]
    if not spoken:
        return NO_LANGUAGE
    usable = [lang for lang in spoken if dialects.matches(request.dialect, lang.dialect)]
    if not usable:
        return NO_DIALECT
    needed = LEVELS.get(request.min_level, 2)
    if max(LEVELS.get(lang.level, 0) for lang in usable) < needed:
        return LEVEL_TOO_LOW
    return ""


def _inside_windows(volunteer: Volunteer, request: Request) -> bool:
    """The whole appointment (with travel when on site) lies inside one weekly window of its day."""
    travel = request.travel if request.setting == ON_SITE else datetime.timedelta(0)
    start, end = request.start - travel, request.end + travel
    if start.date() != end.date():
        return False
    return any(
        window.weekday == start.weekday() and window.start <= start.time() and end.time() <= window.end
        for window in volunteer.windows
    )


def check(volunteer: Volunteer, request: Request) -> str:
    """ "" when the volunteer can take the request, else the first rule it breaks."""
    if not volunteer.active:
        return INACTIVE
    reason = _speaks(volunteer, request)
    if reason:
        return reason
    if request.gender_required and request.gender and volunteer.gender != request.gender:
        return GENDER
    if request.setting == ON_SITE and request.district and request.district not in volunteer.districts:
        return OUT_OF_REACH
    day = request.start.date()
    if any(first <= day <= last for first, last in volunteer.absences):
        return ABSENT
    if not _inside_windows(volunteer, request):
        return NOT_AVAILABLE
    buffer = request.travel if request.setting == ON_SITE else datetime.timedelta(0)
    if any(request.interval.overlaps(busy, buffer) for busy in volunteer.busy):
        return BUSY
    return ""


def rank(request: Request, volunteers: Iterable[Volunteer]) -> Ranking:
    """Every volunteer who can take the request, fairest first, and why the others cannot."""
    ranking = Ranking()
    for volunteer in volunteers:
        reason = check(volunteer, request)
        if reason:
            ranking.excluded[volunteer.id] = reason
            continue
        preferred = not request.gender or volunteer.gender == request.gender
        last = volunteer.last_assignment.timestamp() if volunteer.last_assignment else float("-inf")
        notes = []
        if request.gender and preferred:
            notes.append("gender_preferred")
        if volunteer.recent_assignments == 0:
            notes.append("no_recent_assignment")
        ranking.candidates.append(
            Candidate(
                volunteer=volunteer.id,
                rank_key=(not preferred, volunteer.recent_assignments, volunteer.recent_minutes, last, volunteer.id),
                notes=tuple(notes),
            )
        )
    ranking.candidates.sort(key=lambda candidate: candidate.rank_key)  # type: ignore[arg-type,return-value]
    return ranking


def spread(assignments: Sequence[int]) -> float:
    """How unevenly assignments fall on a pool: max − min per volunteer (0 = perfectly even)."""
    return float(max(assignments) - min(assignments)) if assignments else 0.0

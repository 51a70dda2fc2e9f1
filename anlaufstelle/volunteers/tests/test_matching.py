"""The interpreter matcher: hard rules never broken, the order fair (hypothesis against the rules)."""

from __future__ import annotations

import ast
import datetime
from dataclasses import replace
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from anlaufstelle.volunteers import matching
from anlaufstelle.volunteers.matching import Interval, Language, Request, Volunteer, Window, check, rank, spread

MONDAY = datetime.datetime(2026, 11, 30, 0, 0)
LANGS = ["ar", "fa", "kmr", "uk", "ti"]
DIALECTS = ["", "levantine", "sorani", "kurmanji"]
DISTRICTS = ["Mitte", "Nord", "Süd"]


def at(day: int, hour: float) -> datetime.datetime:
    return MONDAY + datetime.timedelta(days=day, minutes=round(hour * 60))


languages = st.builds(
    Language,
    code=st.sampled_from(LANGS),
    level=st.sampled_from(list(matching.LEVELS)),
    dialect=st.sampled_from(DIALECTS),
)
windows = st.builds(
    Window,
    weekday=st.integers(0, 6),
    start=st.sampled_from([datetime.time(8), datetime.time(9), datetime.time(13)]),
    end=st.sampled_from([datetime.time(12), datetime.time(17), datetime.time(20)]),
)


@st.composite
def busy_intervals(draw: st.DrawFn) -> Interval:
    day = draw(st.integers(0, 6))
    start = draw(st.floats(7, 18))
    return Interval(at(day, start), at(day, start + draw(st.floats(0.25, 3))))


volunteers = st.builds(
    Volunteer,
    id=st.uuids().map(str),
    languages=st.lists(languages, min_size=1, max_size=3).map(tuple),
    windows=st.lists(windows, max_size=5).map(tuple),
    busy=st.lists(busy_intervals(), max_size=4).map(tuple),
    districts=st.frozensets(st.sampled_from(DISTRICTS)),
    gender=st.sampled_from(["", "f", "m"]),
    active=st.booleans(),
    recent_assignments=st.integers(0, 20),
    recent_minutes=st.integers(0, 2000),
)


@st.composite
def requests(draw: st.DrawFn) -> Request:
    day = draw(st.integers(0, 6))
    start = draw(st.floats(8, 17))
    return Request(
        language=draw(st.sampled_from(LANGS)),
        dialect=draw(st.sampled_from(DIALECTS)),
        start=at(day, start),
        end=at(day, start + draw(st.floats(0.5, 2))),
        setting=draw(st.sampled_from([matching.ON_SITE, matching.PHONE, matching.VIDEO])),
        district=draw(st.sampled_from(DISTRICTS)),
        min_level=draw(st.sampled_from(list(matching.LEVELS))),
        gender=draw(st.sampled_from(["", "f", "m"])),
        gender_required=draw(st.booleans()),
    )


@settings(max_examples=300, deadline=None)
@given(request=requests(), pool=st.lists(volunteers, max_size=12))
def test_candidates_never_break_a_hard_rule(request: Request, pool: list[Volunteer]) -> None:
    ranking = rank(request, pool)
    by_id = {v.id: v for v in pool}
    assert {c.volunteer for c in ranking.candidates} | set(ranking.excluded) == set(by_id)
    buffer = request.travel if request.setting == matching.ON_SITE else datetime.timedelta(0)
    for candidate in ranking.candidates:
        volunteer = by_id[candidate.volunteer]
        spoken = [lang for lang in volunteer.languages if lang.code == request.language]
        assert spoken, "language mismatch"
        if request.dialect:
            assert any(lang.dialect == request.dialect for lang in spoken)
        assert volunteer.active
        assert not any(request.interval.overlaps(busy, buffer) for busy in volunteer.busy), "double booking"
        if request.gender_required and request.gender:
            assert volunteer.gender == request.gender
        if request.setting == matching.ON_SITE:
            assert request.district in volunteer.districts


@settings(max_examples=100, deadline=None)
@given(request=requests(), pool=st.lists(volunteers, max_size=12))
def test_order_prefers_the_asked_gender_then_fewer_assignments(request: Request, pool: list[Volunteer]) -> None:
    by_id = {v.id: v for v in pool}
    order = [by_id[c.volunteer] for c in rank(request, pool).candidates]
    keys = [(bool(request.gender) and v.gender != request.gender, v.recent_assignments) for v in order]
    assert keys == sorted(keys)


def test_assignments_spread_evenly_over_an_equally_able_pool() -> None:
    pool = [
        Volunteer(
            id=f"v{i}",
            languages=(Language("ar"),),
            windows=tuple(Window(d, datetime.time(8), datetime.time(18)) for d in range(5)),
            districts=frozenset({"Mitte"}),
        )
        for i in range(7)
    ]
    counts = {v.id: 0 for v in pool}
    for week in range(10):
        for day in range(5):
            request = Request(language="ar", start=at(day + 7 * week, 10), end=at(day + 7 * week, 11), district="Mitte")
            best = rank(request, pool).candidates[0].volunteer
            counts[best] += 1
            pool = [replace(v, recent_assignments=counts[v.id]) for v in pool]
    assert sum(counts.values()) == 50
    assert spread(list(counts.values())) <= 1


def test_reasons_name_the_first_rule_broken() -> None:
    base = Volunteer(
        id="v",
        languages=(Language("fa", "native", "dari"),),
        windows=(Window(0, datetime.time(8), datetime.time(12)),),
        districts=frozenset({"Nord"}),
    )
    request = Request(language="fa", dialect="dari", start=at(0, 9), end=at(0, 10), district="Nord")
    assert check(base, request) == ""
    assert check(base, replace(request, dialect="hazaragi")) == matching.NO_DIALECT
    assert check(base, replace(request, district="Süd")) == matching.OUT_OF_REACH
    assert check(base, replace(request, district="Süd", setting=matching.PHONE)) == ""
    assert check(base, replace(request, start=at(0, 11), end=at(0, 12))) == matching.NOT_AVAILABLE  # travel
    assert check(replace(base, busy=(Interval(at(0, 10.25), at(0, 11)),)), request) == matching.BUSY
    assert check(replace(base, absences=((at(0, 0).date(), at(0, 0).date()),)), request) == matching.ABSENT
    assert check(replace(base, active=False), request) == matching.INACTIVE


def test_matching_imports_nothing_from_django() -> None:
    from anlaufstelle.volunteers import dialects

    for module, allowed in ((matching, {"anlaufstelle.volunteers"}), (dialects, set())):
        tree = ast.parse(Path(module.__file__).read_text())  # type: ignore[arg-type]
        modules = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        modules |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        # The only import from the project is the pure dialects module (itself free of Django).
        assert not any(m.startswith(("django", "anlaufstelle")) for m in modules - allowed)

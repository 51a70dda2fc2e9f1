"""The figures equal a brute-force recount of the sessions, for any mix of held and cancelled sessions
and any changes to groups within the year (Hypothesis), and the figures page's query count does not
grow with the number of sessions."""

from __future__ import annotations

import datetime
from collections import defaultdict

import pytest
from django.db import transaction
from django.urls import reverse
from django_scopes import scopes_disabled
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anlaufstelle.core.roles import Role
from anlaufstelle.core.tests.budget import query_budget
from anlaufstelle.partners.tests.factories import OrganisationFactory
from anlaufstelle.programmes import figures, kinds, schedule, selectors
from anlaufstelle.programmes.models import Group, Session
from anlaufstelle.programmes.tests.factories import make_group, make_programme, make_site

YEAR = 2025
LANGS = ["ar", "tr", "uk", "de"]
# Every measure, with and without the narrowing the template language allows.
ALL_INDICATORS = [
    {
        "key": f"{measure}-{status}-{language}-{band}",
        "label": measure,
        "measure": measure,
        "status": status,
        "language": language,
        "age_band": band,
    }
    for measure in kinds.MEASURES
    for status, language, band in (("", "", ""), ("held", "ar", ""), ("cancelled", "", "1–3"), ("planned", "", ""))
]

session_spec = st.tuples(
    st.integers(0, 3),  # group index
    st.integers(0, 40),  # week of the year
    st.sampled_from(["planned", "held", "cancelled"]),
    st.integers(0, 30),
    st.integers(0, 30),
    st.lists(st.sampled_from(LANGS), max_size=3, unique=True),
)
change_spec = st.tuples(
    st.integers(0, 3),  # group index
    st.sampled_from(["move", "band", "other_year", "delete_sessions", "none"]),
    st.integers(0, 2),  # site index
)


def recount(programme, year):  # type: ignore[no-untyped-def]
    """The figures by walking the ORM objects one by one (no shared code with indicators.py)."""
    result = {}
    everything = Group.objects.select_related("site").prefetch_related("sessions")
    groups = [g for g in everything if g.site.programme_id == programme.pk and g.year == year]
    for spec in kinds.parse_indicators(programme.indicators):

        def ok(group, session, spec=spec):  # type: ignore[no-untyped-def]
            held_only = spec.measure in kinds.HELD_ONLY
            wanted = "held" if held_only else spec.status
            if wanted and session.status != wanted:
                return False
            if spec.language and spec.language not in session.language_list:
                return False
            return not (spec.age_band and group.age_band != spec.age_band)

        pairs = [(g, s) for g in groups for s in g.sessions.all() if ok(g, s)]
        if spec.measure in ("groups", "sites", "providers"):
            if spec.status or spec.language:
                chosen = list({g.pk: g for g, _ in pairs}.values())
            else:
                chosen = [g for g in groups if not spec.age_band or g.age_band == spec.age_band]
            if spec.measure == "groups":
                value = len(chosen)
            elif spec.measure == "sites":
                value = len({g.site_id for g in chosen})
            else:
                value = len({g.site.provider_id or g.site.organisation_id for g in chosen})
        elif spec.measure == "sessions":
            value = len(pairs)
        elif spec.measure in ("adults", "children"):
            value = sum(getattr(s, spec.measure) for _, s in pairs)
        elif spec.measure in ("families", "children_reached"):
            best: dict[int, int] = defaultdict(int)
            for g, s in pairs:
                best[g.pk] = max(best[g.pk], s.adults if spec.measure == "families" else s.children)
            value = sum(best.values())
        else:
            value = len({code for _, s in pairs for code in s.language_list})
        result[spec.key] = value
    return result


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sessions=st.lists(session_spec, max_size=40), changes=st.lists(change_spec, max_size=6))
def test_figures_equal_a_brute_force_recount(centre, sessions, changes) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled(), transaction.atomic():
        programme = make_programme(centre)
        programme.indicators = ALL_INDICATORS
        programme.save()
        provider = OrganisationFactory(centre=centre)
        sites = [
            make_site(programme),
            make_site(programme, provider=provider),
            make_site(programme, provider=provider),
        ]
        groups = [make_group(sites[i % 3], YEAR, name=f"G{i}", age_band="1–3" if i % 2 else "4–6") for i in range(4)]
        first = groups[0].first_day
        for index, week, status, adults, children, languages in sessions:
            Session.objects.get_or_create(
                centre=centre,
                group=groups[index],
                date=first + datetime.timedelta(weeks=week),
                defaults={
                    "status": status,
                    "reason": "other" if status == "cancelled" else "",
                    "adults": adults if status == "held" else 0,
                    "children": children if status == "held" else 0,
                    "languages": "|" + "|".join(languages) + "|" if languages and status == "held" else "",
                },
            )
        for index, change, site_index in changes:  # changes to groups within the year
            group = groups[index]
            if change == "move":
                group.site = sites[site_index]
            elif change == "band":
                group.age_band = "0–1"
            elif change == "other_year":
                group.year = YEAR + 1
            elif change == "delete_sessions":
                group.sessions.filter(status="held").delete()
            group.save()
        computed = figures.compute(selectors.figure_facts(programme=programme, year=YEAR))
        assert computed.total == recount(programme, YEAR)
        # Per site: the same recount over the groups now at that site.
        names = {site.pk: site.organisation.name for site in sites}
        with_groups = set(Group.objects.filter(site__programme=programme, year=YEAR).values_list("site_id", flat=True))
        by_name = dict(computed.sites)
        assert set(by_name) == {names[pk] for pk in with_groups}
        for pk in with_groups:
            assert by_name[names[pk]] == recount_site(programme, YEAR, pk)
        transaction.set_rollback(True)  # each example starts from an empty centre


def recount_site(programme, year, site):  # type: ignore[no-untyped-def]
    """`recount` limited to one site: the other sites' groups are set aside for the count."""
    saved = list(Group.objects.filter(site__programme=programme, year=year).exclude(site_id=site))
    Group.objects.filter(pk__in=[g.pk for g in saved]).update(year=1999)
    try:
        return recount(programme, year)
    finally:
        for group in saved:
            Group.objects.filter(pk=group.pk).update(year=group.year)


def test_shipped_templates_parse_and_reject_bad_entries() -> None:
    for template in kinds.TEMPLATES:
        assert kinds.parse_indicators(template.indicators)
    for bad in (
        [{"key": "x", "measure": "nonsense"}],
        [{"measure": "groups"}],
        "groups",
        [{"key": "x", "measure": "groups"}, {"key": "x", "measure": "sites"}],
    ):
        with pytest.raises(ValueError):
            kinds.parse_indicators(bad)


def _fill(centre, groups: int, sessions: int, code: str) -> int:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        programme = make_programme(centre, code)
        for g in range(groups):
            group = make_group(make_site(programme), YEAR, name=f"G{g}")
            Session.objects.bulk_create(
                Session(
                    centre=centre,
                    group=group,
                    date=group.first_day + datetime.timedelta(weeks=w),
                    status="held",
                    adults=5,
                    children=6,
                    languages="|ar|",
                )
                for w in range(sessions)
            )
        return programme.pk


@pytest.mark.django_db
def test_figures_page_queries_do_not_grow_with_sessions(centre, member_factory, login, other_centre) -> None:  # type: ignore[no-untyped-def]
    client = login(member_factory(centre, Role.STATE_ANALYST))
    small = _fill(centre, 2, 2, "griffbereit")
    url = reverse("programmes:figures", kwargs={"centre": centre.slug, "pk": small}) + f"?year={YEAR}"
    client.get(url)  # warm the per-request caches (roles, session)
    with query_budget() as one:
        assert client.get(url).status_code == 200
    large = _fill(centre, 12, 30, "rucksack-kita")
    url = reverse("programmes:figures", kwargs={"centre": centre.slug, "pk": large}) + f"?year={YEAR}"
    with query_budget() as many:
        assert client.get(url).status_code == 200
    many.assert_exactly(one.count)


def test_planned_dates_skip_holidays() -> None:
    first, last = schedule.year_bounds(2026)
    closed = [(day, day) for _, day, _ in []] + [(s, e) for _, s, e in schedule.holidays_for_year(2026)]
    dates = schedule.planned_dates(first_day=first, last_day=last, weekday=1, closed=closed)
    assert all(d.weekday() == 1 for d in dates)
    assert not any(s <= d <= e for d in dates for s, e in closed)
    assert 30 <= len(dates) <= 45  # a Kita year of weekly sessions, about 36 of them
    assert schedule.easter(2026) == datetime.date(2026, 4, 5)

"""Indicator values computed from sessions and groups (pure: plain values in, numbers out).

`selectors.figure_facts` reads a programme year's groups and sessions in a fixed number of queries;
`compute` then evaluates each indicator of the template in one pass over those rows. Nothing is
stored or summed by hand: the figures are always a function of the recorded sessions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from anlaufstelle.programmes.kinds import HELD_ONLY, Indicator


@dataclass(frozen=True)
class GroupFact:
    group_id: int
    site_id: int
    provider_id: int  # the site's provider (Träger), or the site's own organisation
    age_band: str


@dataclass(frozen=True)
class SessionFact:
    group_id: int
    status: str
    adults: int
    children: int
    languages: tuple[str, ...]


@dataclass
class _Bucket:
    """The sessions of one group with one status (and, if given, one language used)."""

    sessions: int = 0
    adults: int = 0
    children: int = 0
    most_adults: int = 0
    most_children: int = 0
    languages: set[str] = field(default_factory=set)


Buckets = dict[int, dict[tuple[str, str], _Bucket]]
STATUSES = ("planned", "held", "cancelled")


def buckets_of(sessions: Iterable[SessionFact]) -> Buckets:
    """One pass over the sessions: per group, per status and per (status, language)."""
    result: Buckets = defaultdict(dict)
    for s in sessions:
        per_group = result[s.group_id]
        for key in ((s.status, ""), *((s.status, code) for code in s.languages)):
            bucket = per_group.get(key)
            if bucket is None:
                bucket = per_group[key] = _Bucket()
            bucket.sessions += 1
            bucket.adults += s.adults
            bucket.children += s.children
            bucket.most_adults = max(bucket.most_adults, s.adults)
            bucket.most_children = max(bucket.most_children, s.children)
            bucket.languages.update(s.languages)
    return result


def compute(
    indicators: Sequence[Indicator], groups: Iterable[GroupFact], sessions: Iterable[SessionFact]
) -> dict[str, int]:
    """Each indicator's value over these groups and their sessions.

    `groups`, `sites` and `providers` count all groups of the year unless the indicator narrows the
    sessions (status, language) — then only groups with such a session count. `families` and
    `children_reached` add up, per group, the largest number of adults or children at one held
    session (counts only: a group's regular participants, without names).
    """
    return evaluate(indicators, list(groups), buckets_of(sessions))


def evaluate(indicators: Sequence[Indicator], groups: Sequence[GroupFact], buckets: Buckets) -> dict[str, int]:
    """The indicators over `groups`, from their sessions' buckets."""
    values: dict[str, int] = {}
    empty: dict[tuple[str, str], _Bucket] = {}
    for indicator in indicators:
        measure = indicator.measure
        chosen = [g for g in groups if not indicator.age_band or g.age_band == indicator.age_band]
        if measure in ("groups", "sites", "providers") and not (indicator.status or indicator.language):
            values[indicator.key] = _distinct(measure, chosen)
            continue
        status = "held" if measure in HELD_ONLY else indicator.status
        keys = [(s, indicator.language) for s in ((status,) if status else STATUSES)]
        per_group = [(g, [b for k in keys if (b := buckets.get(g.group_id, empty).get(k))]) for g in chosen]
        if measure in ("groups", "sites", "providers"):
            values[indicator.key] = _distinct(measure, [g for g, found in per_group if found])
        elif measure == "sessions":
            values[indicator.key] = sum(b.sessions for _, found in per_group for b in found)
        elif measure == "adults":
            values[indicator.key] = sum(b.adults for _, found in per_group for b in found)
        elif measure == "children":
            values[indicator.key] = sum(b.children for _, found in per_group for b in found)
        elif measure == "families":
            values[indicator.key] = sum(max((b.most_adults for b in found), default=0) for _, found in per_group)
        elif measure == "children_reached":
            values[indicator.key] = sum(max((b.most_children for b in found), default=0) for _, found in per_group)
        elif measure == "languages":
            values[indicator.key] = len({code for _, found in per_group for b in found for code in b.languages})
        else:  # parse_indicators lets no other measure through
            raise ValueError(measure)
    return values


def _distinct(measure: str, groups: Iterable[GroupFact]) -> int:
    if measure == "groups":
        return len({g.group_id for g in groups})
    if measure == "sites":
        return len({g.site_id for g in groups})
    return len({g.provider_id for g in groups})


def per_site(
    indicators: Sequence[Indicator], groups: Sequence[GroupFact], sessions: Sequence[SessionFact]
) -> dict[int, dict[str, int]]:
    """`compute` for each site's groups (the sessions are bucketed once)."""
    buckets = buckets_of(sessions)
    site_groups: dict[int, list[GroupFact]] = defaultdict(list)
    for g in groups:
        site_groups[g.site_id].append(g)
    return {site: evaluate(indicators, chosen, buckets) for site, chosen in site_groups.items()}

"""Search across modules for staff: each module registers a provider in its own `search.py`; one box collects them.

A provider is `provider(*, user, centre, permissions, query) -> list[Found]`. It checks the
permissions it needs (per kind of record: a person sees a kind only where the module's own pages
would show it to them), searches only this centre, answers at most `LIMIT` hits per kind plus
whether there are more, and runs a fixed number of queries whatever the number of records. Where
the hits are personal records whose reading is audited elsewhere (children, families, volunteers,
participants), it names them in `audit_targets`; the search page writes one read entry each.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.functional import Promise

from anlaufstelle.core.models import Centre

LIMIT = 10  # hits per kind; a person narrows the words rather than paging through a search
MIN_LENGTH = 2  # shorter queries find nothing (and audit nothing)
MAX_WORDS = 5


@dataclass(frozen=True)
class Hit:
    label: str
    url: str
    detail: str | Promise = ""


@dataclass(frozen=True)
class Found:
    kind: str | Promise  # the heading of the group, e.g. "Children"
    hits: list[Hit]
    more: bool = False  # more than LIMIT matched: the person should narrow the words
    audit_action: str = ""
    audit_targets: Sequence[models.Model] = field(default_factory=tuple)


Provider = Callable[..., list[Found]]
PROVIDERS: dict[str, Provider] = {}


def register_search(name: str) -> Callable[[Provider], Provider]:
    """Register a provider under a unique name (`<app>.<what>`)."""

    def add(provider: Provider) -> Provider:
        if name in PROVIDERS:
            raise ValueError(f"Search provider {name!r} is registered twice.")
        PROVIDERS[name] = provider
        return provider

    return add


def words(query: str) -> list[str]:
    """The query's words (at most MAX_WORDS), or none when the query is too short to search."""
    query = " ".join(query.split())
    if len(query) < MIN_LENGTH:
        return []
    return query.split(" ")[:MAX_WORDS]


def every_word_in(terms: list[str], *fields: str) -> Q:
    """Each word must be found (case-insensitive, as a part) in at least one of `fields`."""
    condition = Q()
    for term in terms:
        one = Q()
        for name in fields:
            one |= Q(**{f"{name}__icontains": term})
        condition &= one
    return condition


def cut(rows: list[Any]) -> tuple[list[Any], bool]:
    """The first LIMIT rows of a slice taken as [:LIMIT + 1], and whether there were more."""
    return rows[:LIMIT], len(rows) > LIMIT


def search_all(*, user: Any, centre: Centre, permissions: frozenset[str], query: str) -> list[Found]:
    """Every provider's groups with at least one hit, in registration order; nothing for a too-short query."""
    if not words(query):
        return []
    groups: list[Found] = []
    for provider in PROVIDERS.values():
        groups.extend(f for f in provider(user=user, centre=centre, permissions=permissions, query=query) if f.hits)
    return groups

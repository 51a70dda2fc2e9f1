"""What is due for a person: each module registers a provider in its own `due.py`; the start page collects them.

A provider is `provider(*, user, centre, permissions) -> list[Due]`. It checks the permissions it
needs (and any object-level limit, such as a school contact's own school), answers with counts and
links, and runs a fixed number of queries whatever the number of records (aggregates, no loops over rows).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

from anlaufstelle.core.models import Centre


@dataclass(frozen=True)
class Due:
    group: str | Promise  # the module's heading on the start page
    label: str | Promise  # what is due, e.g. "Proposals waiting for your decision"
    count: int
    url: str
    empty: str | Promise = ""  # what to do next when nothing is due (shown with a count of 0)


Provider = Callable[..., list[Due]]
PROVIDERS: dict[str, Provider] = {}


def register_due(name: str) -> Callable[[Provider], Provider]:
    """Register a provider under a unique name (`<app>.<what>`)."""

    def add(provider: Provider) -> Provider:
        if name in PROVIDERS:
            raise ValueError(f"Due provider {name!r} is registered twice.")
        PROVIDERS[name] = provider
        return provider

    return add


def due_for(*, user: Any, centre: Centre, permissions: frozenset[str]) -> list[Due]:
    """Every provider's items for this person in this centre, in registration order."""
    items: list[Due] = []
    for provider in PROVIDERS.values():
        items.extend(provider(user=user, centre=centre, permissions=permissions))
    return items

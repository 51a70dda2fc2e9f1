"""What other modules know about an organisation, shown on its page in the partner register.

The register imports no module that builds on it. A module registers a provider in its
`AppConfig.ready`: `provider(*, organisation, centre, permissions) -> Relation | None`. It checks the
permission it needs (None: the section is left out), reads with a fixed number of queries whatever
the number of records, and answers with a title and links. The organisation page draws every
section in registration order. `register_personal_data` does the same for what a module stores
about a contact person, for the register's Art. 15 export.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    note: str = ""  # e.g. the date or the role, after the link


@dataclass(frozen=True)
class Relation:
    title: str | Promise
    links: list[Link]
    empty: str | Promise = ""  # shown when there is no link
    more: Link | None = None  # e.g. "all consultations", "new consultation"
    actions: list[Link] = field(default_factory=list)


RelationProvider = Callable[..., "Relation | None"]
PersonalDataProvider = Callable[..., "dict[str, Any]"]
RELATIONS: dict[str, RelationProvider] = {}
PERSONAL_DATA: dict[str, PersonalDataProvider] = {}


def register_relation(name: str, provider: RelationProvider) -> RelationProvider:
    """Register a section of the organisation page under a unique name (`<app>.<what>`)."""
    if name in RELATIONS:
        raise ValueError(f"Relation provider {name!r} is registered twice.")
    RELATIONS[name] = provider
    return provider


def register_personal_data(name: str, provider: PersonalDataProvider) -> PersonalDataProvider:
    """Register `provider(*, contact) -> dict` adding a module's records about a contact person to Art. 15."""
    if name in PERSONAL_DATA:
        raise ValueError(f"Personal data provider {name!r} is registered twice.")
    PERSONAL_DATA[name] = provider
    return provider


def relations_of(*, organisation: Any, centre: Any, permissions: frozenset[str]) -> list[Relation]:
    """Every registered section for this organisation that the person may see."""
    found = []
    for provider in RELATIONS.values():
        relation = provider(organisation=organisation, centre=centre, permissions=permissions)
        if relation is not None:
            found.append(relation)
    return found


def personal_data_of(*, contact: Any) -> dict[str, Any]:
    """What the registered modules store about `contact`, by module."""
    return {name: provider(contact=contact) for name, provider in PERSONAL_DATA.items()}

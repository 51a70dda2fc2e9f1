"""Grants fixtures: a world of source, call, officers and a partner organisation, tests unscoped."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django_scopes import scopes_disabled

from anlaufstelle.grants.tests.factories import World, make_world


@pytest.fixture
def world(centre) -> Iterator[World]:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        yield make_world(centre)

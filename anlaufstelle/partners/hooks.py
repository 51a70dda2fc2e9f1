"""Other modules react to changes in the register without the register knowing them.

A module registers `callback(centre_id, organisation_id)` (the centre, so that it can work inside
that centre's data scope); partner actions call `organisation_changed` after
the transaction commits (e.g. the directory rebuilds the search index of that provider's offers).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.db import transaction

ORGANISATION_CHANGED: list[Callable[[int, int], None]] = []


def on_organisation_changed(callback: Callable[[int, int], None]) -> Callable[[int, int], None]:
    ORGANISATION_CHANGED.append(callback)
    return callback


def organisation_changed(*, centre_id: int, organisation_id: int) -> None:
    """Tell every registered module, once the current transaction has committed."""
    for callback in ORGANISATION_CHANGED:
        transaction.on_commit(functools.partial(callback, centre_id, organisation_id), robust=True)

"""The interface to the volunteers module: interpreter needs raised by booked appointments.

When a slot is booked for a family that needs an interpreter, an `InterpreterNeed` is created
(language, time, place, kind of appointment — nothing about the family). Modules that can
cover needs subscribe with `on_interpreter_need(callback)`; the callback receives the need's id
after the booking commits, and again when the need is cancelled. They report back with
`interpreter_need_covered`. Without a subscriber the needs stay listed for the caseworker.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from anlaufstelle.newcomers.models import InterpreterNeed

Listener = Callable[[int], None]
LISTENERS: list[Listener] = []


def on_interpreter_need(listener: Listener) -> Listener:
    """Subscribe to new and cancelled interpreter needs (called with the need's id)."""
    LISTENERS.append(listener)
    return listener


def announce(need_id: int) -> None:
    for listener in LISTENERS:
        listener(need_id)


@transaction.atomic
def interpreter_need_covered(*, need_id: int, covered_by: str) -> InterpreterNeed:
    """Mark a need as covered (by the volunteers module, or by hand)."""
    need = InterpreterNeed.objects.select_for_update().get(pk=need_id)
    need.status = InterpreterNeed.Status.COVERED
    need.covered_by = covered_by[:200]
    need.updated_at = timezone.now()
    need.save(update_fields=["status", "covered_by", "updated_at"])
    return need

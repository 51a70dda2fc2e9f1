"""Reads of registration: whether it is open, how long a confirmation link works, look-ups by
secret link. The writes (submit, confirm, cancel, move) are in `actions/registration.py`."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone

from anlaufstelle.core.models import Centre
from anlaufstelle.core.tokens import find_by_token
from anlaufstelle.events.models import Event, RegistrationGroup

MAX_PARTICIPANTS = 20


def registration_open(event: Event, now: Any = None) -> bool:
    now = now or timezone.now()
    if event.status != Event.Status.PUBLISHED:
        return False
    if event.registration_deadline and event.registration_deadline < now:
        return False
    first = event.dates.order_by("starts_at").first()
    return first is None or first.starts_at > now


def confirmation_days() -> int:
    """How long a confirmation link works: as long as an unconfirmed registration is kept."""
    return int(getattr(settings, "RETENTION_EVENT_UNCONFIRMED_DAYS", 2))


def group_by_token(*, centre: Centre, token: str, confirm: bool = False) -> RegistrationGroup | None:
    """The submission with this confirmation (or personal) link, inside `centre` only; else None."""
    field = "confirm_token_hash" if confirm else "manage_token_hash"
    return find_by_token(RegistrationGroup, centre=centre, token=token, field=field, select_related=("centre",))


def started(event: Event, now: Any = None) -> bool:
    first = event.dates.order_by("starts_at").values_list("starts_at", flat=True).first()
    return first is not None and first <= (now or timezone.now())

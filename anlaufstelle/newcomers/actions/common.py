"""What every newcomers action shares: the refusals, the order of a child's steps, field helpers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from anlaufstelle.core.audit import audit_record
from anlaufstelle.core.errors import Refused
from anlaufstelle.core.geo import get_geocoder
from anlaufstelle.core.languages import encode_codes
from anlaufstelle.core.models import Centre, User
from anlaufstelle.newcomers.models import Child, Family

Stage = Child.Stage
STAGE_ORDER: list[str] = [
    Stage.REGISTERED,
    Stage.COUNSELLING_BOOKED,
    Stage.COUNSELLED,
    Stage.HEALTH_EXAM_BOOKED,
    Stage.HEALTH_EXAM_DONE,
    Stage.PLACEMENT_PROPOSED,
    Stage.APPROVED,
    Stage.ACCEPTED,
    Stage.ATTENDING,
]


class NewcomerError(Refused):
    """A write that cannot be done; the message (translated) is for the person who tried."""


class SlotTaken(NewcomerError):
    """Someone else booked the slot a moment earlier."""


class NoSeatLeft(NewcomerError):
    """The seat quota is full."""


class AlreadyBooked(NewcomerError):
    """The child (or family) already has an open appointment of this kind."""


def _codes(value: Any) -> str:
    if isinstance(value, list | tuple | set):
        return encode_codes(list(value))
    return str(value or "")


def _assign(instance: Any, fields: Iterable[str], data: dict[str, Any]) -> list[str]:
    """Set the given fields; return the names of those whose value changed."""
    changed = []
    for name in fields:
        if name not in data:
            continue
        value = _codes(data[name]) if name in {"languages", "school_forms", "class_models"} else data[name]
        if getattr(instance, name) != value:
            changed.append(name)
        setattr(instance, name, value)
    return changed


def _locate(family: Family) -> None:
    """Home position for distances (straight line); unknown addresses leave it empty."""
    query = " ".join(part for part in (family.street, family.postcode, family.city) if part)
    point = get_geocoder().locate(query, centre=family.centre) if query else None
    family.latitude = point.latitude if point else None
    family.longitude = point.longitude if point else None


def _audit(actor: User | None, centre: Centre, kind: str, action: str, target: Any, fields: list[str]) -> None:
    audit_record(
        actor=actor, centre=centre, kind=kind, action=action, target=target, changes={"fields": sorted(fields)}
    )

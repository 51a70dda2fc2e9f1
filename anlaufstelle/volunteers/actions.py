"""Every write of the volunteers module: atomic, keyword-only, audited in the same transaction."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anlaufstelle.core.audit import audit_record
from anlaufstelle.core.models import AuditEntry, Centre, User
from anlaufstelle.directory.taxonomy import encode_codes
from anlaufstelle.volunteers.models import AvailabilityWindow, Pool, Volunteer, VolunteerLanguage

ONBOARDING_FIELDS = (
    "conversation_on",
    "confidentiality_signed_on",
    "training_completed_on",
    "police_certificate_seen_on",
)


class VolunteerError(Exception):
    """A write that cannot be done; the message is for the person who tried."""


@transaction.atomic
def volunteer_sign_up(
    *,
    centre: Centre,
    data: dict[str, Any],
    languages: list[dict[str, str]],
    windows: list[tuple[int, datetime.time, datetime.time]],
    pools: list[Pool],
    language: str,
) -> Volunteer:
    """A person signs up on the public form; the coordinator sees them as "signed up"."""
    if not languages:
        raise VolunteerError(_("Please name at least one language."))
    volunteer = Volunteer(
        centre=centre,
        first_name=data["first_name"],
        last_name=data["last_name"],
        email=data["email"].lower(),
        phone=data.get("phone", ""),
        gender=data.get("gender", ""),
        districts=encode_codes(list(data.get("districts", []))),
        consent_given_on=timezone.localdate(),
        signup_language=language[:10],
    )
    try:
        with transaction.atomic():
            volunteer.save()
    except IntegrityError:
        raise VolunteerError(
            _("This e-mail address has already signed up. The coordinator will contact you.")
        ) from None
    VolunteerLanguage.objects.bulk_create(
        VolunteerLanguage(centre=centre, volunteer=volunteer, **row) for row in languages
    )
    AvailabilityWindow.objects.bulk_create(
        AvailabilityWindow(centre=centre, volunteer=volunteer, weekday=day, start=start, end=end)
        for day, start, end in windows
    )
    volunteer.pools.set(pools)
    audit_record(
        actor=None,
        centre=centre,
        kind=AuditEntry.Kind.CREATE,
        action="volunteers.sign_up",
        target=volunteer,
        changes={"fields": ["name", "contact", "languages", "districts", "availability", "pools"]},
    )
    return volunteer


@transaction.atomic
def volunteer_onboarding_update(
    *, volunteer: Volunteer, actor: User, data: dict[str, Any], pools: list[Pool] | None = None
) -> Volunteer:
    """Record onboarding steps (dates), pools and the note; no step may lie in the future."""
    today = timezone.localdate()
    changed = []
    for name in (*ONBOARDING_FIELDS, "note"):
        if name not in data:
            continue
        value = data[name]
        if isinstance(value, datetime.date) and value > today:
            raise VolunteerError(_("A step cannot be recorded for a day in the future."))
        if getattr(volunteer, name) != value:
            changed.append(name)
            setattr(volunteer, name, value)
    if volunteer.status == Volunteer.Status.APPLIED and volunteer.conversation_on:
        volunteer.status = Volunteer.Status.ONBOARDING
        changed.append("status")
    volunteer.save()
    if pools is not None:
        volunteer.pools.set(pools)
        changed.append("pools")
    audit_record(
        actor=actor,
        centre=volunteer.centre,
        kind=AuditEntry.Kind.UPDATE,
        action="volunteers.onboarding",
        target=volunteer,
        changes={"fields": sorted(changed)},
    )
    return volunteer


@transaction.atomic
def volunteer_status_set(*, volunteer: Volunteer, actor: User, status: str) -> Volunteer:
    """Activate (only with onboarding complete), pause, or end a volunteer's work."""
    if status == Volunteer.Status.ACTIVE:
        missing = volunteer.onboarding_missing()
        if missing:
            raise VolunteerError(_("Still missing before activation: %(steps)s.") % {"steps": ", ".join(missing)})
    before = volunteer.status
    volunteer.status = status
    volunteer.ended_on = timezone.localdate() if status == Volunteer.Status.ENDED else None
    volunteer.save(update_fields=["status", "ended_on", "updated_at"])
    audit_record(
        actor=actor,
        centre=volunteer.centre,
        kind=AuditEntry.Kind.UPDATE,
        action="volunteers.status",
        target=volunteer,
        changes={"status": [before, status]},
    )
    return volunteer


@transaction.atomic
def volunteer_erase(*, volunteer: Volunteer, actor: User | None, reason: str) -> None:
    """Erase a volunteer with languages, availability and absences; the trail keeps the number."""
    audit_record(
        actor=actor,
        centre=volunteer.centre,
        kind=AuditEntry.Kind.DELETE,
        action="volunteers.erase",
        target=volunteer,
        changes={"reason": [None, reason[:300]]},
    )
    volunteer.delete()


def volunteer_export(*, volunteer: Volunteer) -> dict[str, Any]:
    """Everything stored about a volunteer (Art. 15 GDPR), with the processing history."""
    from anlaufstelle.core.audit import snapshot

    history = AuditEntry.objects.filter(target_type="volunteers.volunteer", target_id=str(volunteer.pk))
    return {
        "volunteer": snapshot(volunteer),
        "languages": [snapshot(lang, ["code", "level", "dialect"]) for lang in volunteer.languages.all()],
        "availability": [str(window) for window in volunteer.windows.all()],
        "absences": [str(absence) for absence in volunteer.absences.all()],
        "pools": [pool.name for pool in volunteer.pools.all()],
        "processing_history": [
            {"when": e.created_at.isoformat(), "who": e.actor_label, "what": e.action} for e in history
        ],
    }

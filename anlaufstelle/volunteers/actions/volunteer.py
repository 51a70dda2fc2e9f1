"""Writes on a volunteer: sign-up, onboarding, status, profile, absences, the personal link,
qualifications and erasure."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_scopes import scope

from anlaufstelle.core.audit import audit_record
from anlaufstelle.core.languages import encode_codes
from anlaufstelle.core.models import AuditEntry, Centre, User
from anlaufstelle.core.tokens import new_token
from anlaufstelle.volunteers.errors import VolunteerError
from anlaufstelle.volunteers.models import (
    Absence,
    AvailabilityWindow,
    Pool,
    Qualification,
    Volunteer,
    VolunteerLanguage,
)

ONBOARDING_FIELDS = (
    "conversation_on",
    "confidentiality_signed_on",
    "training_completed_on",
    "police_certificate_seen_on",
)
PROFILE_FIELDS = ("first_name", "last_name", "email", "phone", "street", "postcode", "city", "gender")
PROFILE_ROWS: dict[str, type[VolunteerLanguage] | type[AvailabilityWindow] | type[Qualification]] = {
    "languages": VolunteerLanguage,
    "windows": AvailabilityWindow,
    "qualifications": Qualification,
}


@dataclass(frozen=True)
class RowEdit:
    """One edited row of a list (a language, a weekly time, a qualification, a pool): new when
    `pk` is None, else changed or (`delete`) removed. `values` are cleaned field values."""

    pk: int | None
    values: dict[str, Any] = field(default_factory=dict)
    delete: bool = False


@transaction.atomic
def volunteer_sign_up(
    *,
    centre: Centre,
    data: dict[str, Any],
    languages: list[dict[str, str]],
    windows: list[tuple[int, datetime.time, datetime.time]],
    pools: list[Pool],
    language: str,
) -> Volunteer | None:
    """A person signs up on the public form; the coordinator sees them as "signed up".

    The answer never tells whether the address had signed up before: either way one e-mail goes
    to the address (a receipt, or a note to its owner that someone signed up again with it) and
    one audit entry is written. Returns the new volunteer, or None for an address already known.
    """
    from anlaufstelle.volunteers import tasks

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
        # Nothing the stranger typed is kept or passed on: the owner only hears that it happened.
        owner = Volunteer.objects.get(centre=centre, email=volunteer.email)
        audit_record(
            actor=None,
            centre=centre,
            kind=AuditEntry.Kind.SECURITY,
            action="volunteers.sign_up.repeated",
            target=owner,
        )
        owner_id = owner.pk
        transaction.on_commit(lambda: tasks.send_sign_up_mail(owner_id, True), robust=True)
        return None
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
    volunteer_id = volunteer.pk
    transaction.on_commit(lambda: tasks.send_sign_up_mail(volunteer_id, False), robust=True)
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
    if status not in Volunteer.Status.values:
        raise ValueError(f"unknown status {status!r}")
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


@transaction.atomic
def volunteer_profile_update(
    *,
    volunteer: Volunteer,
    actor: User,
    data: dict[str, Any],
    changed: Iterable[str],
    rows: dict[str, list[RowEdit]],
) -> Volunteer:
    """Save the coordinator's changes to contact, reach, languages, weekly times and qualifications.

    `data` holds the contact fields and `districts`; `rows` the edited rows per list ("languages",
    "windows", "qualifications"); `changed` names the contact fields that changed. Only the names
    of changed fields reach the audit trail, not their values.
    """
    for name in PROFILE_FIELDS:
        if name in data:
            setattr(volunteer, name, data[name])
    if "districts" in data:
        volunteer.districts = encode_codes(list(data["districts"]))
    try:
        with transaction.atomic():
            volunteer.save()
    except IntegrityError as exc:
        raise VolunteerError(_("This e-mail address is taken.")) from exc
    names = list(changed)
    for kind, edits in rows.items():
        model = PROFILE_ROWS[kind]
        for edit in edits:
            if edit.pk is None:
                if not edit.delete:
                    model.objects.create(centre=volunteer.centre, volunteer=volunteer, **edit.values)
                continue
            row = model.objects.get(centre=volunteer.centre, volunteer=volunteer, pk=edit.pk)
            if edit.delete:
                row.delete()
                continue
            for name, value in edit.values.items():
                setattr(row, name, value)
            row.save()
        if edits:
            names.append(kind)
    if not VolunteerLanguage.objects.filter(volunteer=volunteer).exists():  # (not the prefetched rows)
        raise VolunteerError(_("Please keep at least one language."))
    audit_record(
        actor=actor,
        centre=volunteer.centre,
        kind=AuditEntry.Kind.UPDATE,
        action="volunteers.profile",
        target=volunteer,
        changes={"fields": sorted(names)},
    )
    return volunteer


@transaction.atomic
def absence_add(
    *, volunteer: Volunteer, actor: User | None, first_day: datetime.date, last_day: datetime.date
) -> Absence:
    """Record a time the volunteer is away (from the coordinator's screen or their own page)."""
    if last_day < first_day:
        raise VolunteerError(_("The last day cannot lie before the first."))
    if last_day < timezone.localdate():
        raise VolunteerError(_("This absence lies in the past."))
    if (last_day - first_day).days > 366:
        raise VolunteerError(_("An absence can last at most a year; please pause the volunteer instead."))
    absence = Absence.objects.create(
        centre=volunteer.centre, volunteer=volunteer, first_day=first_day, last_day=last_day
    )
    audit_record(
        actor=actor,
        centre=volunteer.centre,
        kind=AuditEntry.Kind.UPDATE,
        action="volunteers.absence.add",
        target=volunteer,
    )
    return absence


@transaction.atomic
def absence_remove(*, volunteer: Volunteer, actor: User | None, absence_id: int) -> None:
    """Remove one of this volunteer's absences (never another volunteer's)."""
    deleted, _rows = Absence.objects.filter(centre=volunteer.centre, volunteer=volunteer, pk=absence_id).delete()
    if not deleted:
        raise VolunteerError(_("This absence does not exist."))
    audit_record(
        actor=actor,
        centre=volunteer.centre,
        kind=AuditEntry.Kind.UPDATE,
        action="volunteers.absence.remove",
        target=volunteer,
    )


@transaction.atomic
def personal_link_send(*, volunteer: Volunteer, actor: User) -> str:
    """Make a new personal link (the old one stops working) and e-mail it to the volunteer."""
    token, volunteer.personal_token_hash = new_token()
    volunteer.save(update_fields=["personal_token_hash", "updated_at"])
    url = settings.SITE_URL + reverse("volunteers:personal", kwargs={"centre": volunteer.centre.slug, "token": token})

    def send() -> None:
        with translation.override(volunteer.signup_language or "de"):
            send_mail(
                _("Your personal page at %(centre)s") % {"centre": volunteer.centre.name},
                render_to_string("volunteers/personal_email.txt", {"volunteer": volunteer, "url": url}),
                None,
                [volunteer.email],
            )

    transaction.on_commit(send)
    audit_record(
        actor=actor,
        centre=volunteer.centre,
        kind=AuditEntry.Kind.SECURITY,
        action="volunteers.personal_link",
        target=volunteer,
    )
    return url


def record_completion(*, centre: Centre, email: str, name: str, completed_on: datetime.date, source_ref: str) -> bool:
    """Note a completed course on the profile of the centre's volunteer with this e-mail address.

    Called by other modules (events, when a participant completes a qualification course);
    matching is by e-mail address within the centre, case-insensitive. Returns whether a
    volunteer was found. Recording the same `source_ref` twice changes nothing.
    """
    with scope(centre=centre), transaction.atomic():
        volunteer = Volunteer.objects.filter(centre=centre, email__iexact=email.strip()).first()
        if volunteer is None:
            return False
        try:
            with transaction.atomic():
                Qualification.objects.create(
                    centre=centre,
                    volunteer=volunteer,
                    name=name[:200],
                    obtained_on=completed_on,
                    source=Qualification.Source.EVENT,
                    source_ref=source_ref[:100],
                )
        except IntegrityError:  # already recorded
            return True
        audit_record(
            actor=None,
            centre=centre,
            kind=AuditEntry.Kind.UPDATE,
            action="volunteers.qualification.completed",
            target=volunteer,
            changes={"qualification": [None, name[:200]]},
        )
    return True

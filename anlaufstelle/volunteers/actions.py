"""Every write of the volunteers module: atomic, keyword-only, audited in the same transaction."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anlaufstelle.core.audit import audit_record
from anlaufstelle.core.languages import encode_codes
from anlaufstelle.core.models import AuditEntry, Centre, User
from anlaufstelle.volunteers.models import Absence, AvailabilityWindow, Pool, Volunteer, VolunteerLanguage

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


def sign_up_mail(*, volunteer_id: int, repeated: bool) -> None:
    """The one e-mail a sign-up sends to its address: a receipt, or (`repeated`) a note to the
    owner that someone signed up again with it, with how to reach the coordination."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils import translation
    from django_scopes import scopes_disabled

    with scopes_disabled():
        volunteer = Volunteer.objects.select_related("centre").filter(pk=volunteer_id).first()
    if volunteer is None:
        return
    centre = volunteer.centre
    context = {
        "volunteer": volunteer,
        "centre": centre,
        "url": settings.SITE_URL + reverse("core:centre", kwargs={"centre": centre.slug}),
    }
    with translation.override(volunteer.signup_language or "de"):
        if repeated:
            subject = _("Someone signed up again with your address at %(centre)s") % {"centre": centre.name}
            template = "volunteers/sign_up_repeated_email.txt"
        else:
            subject = _("Your sign-up at %(centre)s") % {"centre": centre.name}
            template = "volunteers/sign_up_received_email.txt"
        send_mail(subject, render_to_string(template, context), None, [volunteer.email])


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
        "qualifications": [
            snapshot(q, ["name", "obtained_on", "valid_until", "source"]) for q in volunteer.qualifications.all()
        ],
        "processing_history": [
            {"when": e.created_at.isoformat(), "who": e.actor_label, "what": e.action} for e in history
        ],
    }


@transaction.atomic
def volunteer_profile_update(*, volunteer: Volunteer, actor: User, form: Any, formsets: list[Any]) -> Volunteer:
    """Save the coordinator's changes to contact, reach, languages, weekly times and qualifications.

    `form` and `formsets` are valid Django (inline) forms; new rows get the volunteer's centre.
    Only the names of changed fields reach the audit trail, not their values.
    """
    changed = list(form.changed_data)
    form.save()
    for formset in formsets:
        rows = formset.save(commit=False)
        for row in rows:
            row.centre = volunteer.centre
            row.volunteer = volunteer
            row.save()
        for row in formset.deleted_objects:
            row.delete()
        if rows or formset.deleted_objects:
            changed.append(formset.prefix)
    if not VolunteerLanguage.objects.filter(volunteer=volunteer).exists():  # (not the prefetched rows)
        raise VolunteerError(_("Please keep at least one language."))
    audit_record(
        actor=actor,
        centre=volunteer.centre,
        kind=AuditEntry.Kind.UPDATE,
        action="volunteers.profile",
        target=volunteer,
        changes={"fields": sorted(changed)},
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
def pools_save(*, centre: Centre, actor: User, formset: Any) -> None:
    """Create, rename and remove pools; a pool with members cannot be removed."""
    rows = formset.save(commit=False)  # (fills deleted_objects)
    for pool in formset.deleted_objects:
        if pool.volunteers.exists():
            raise VolunteerError(_("The pool “%(name)s” still has members; move them first.") % {"name": pool.name})
    for pool in rows:
        pool.centre = centre
        pool.save()
    for pool in formset.deleted_objects:
        pool.delete()
    audit_record(
        actor=actor,
        centre=centre,
        kind=AuditEntry.Kind.UPDATE,
        action="volunteers.pools",
        changes={"saved": [None, [p.name for p in rows]], "removed": [None, [p.name for p in formset.deleted_objects]]},
    )


CERTIFICATE_NOTICE = datetime.timedelta(weeks=8)


def police_certificate_reminders(*, today: datetime.date | None = None) -> int:
    """Weekly: tell each centre's coordinators whose extended police certificate is due soon.

    Lists active and paused volunteers in pools that work with children whose certificate must
    be seen again within eight weeks (or already should have been). Returns the e-mails sent.
    """
    from django.conf import settings
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils import translation
    from django_scopes import scopes_disabled

    from anlaufstelle.volunteers.booking import coordinator_addresses

    today = today or timezone.localdate()
    sent = 0
    with scopes_disabled():
        people = (
            Volunteer.objects.filter(
                status__in=[Volunteer.Status.ACTIVE, Volunteer.Status.PAUSED],
                pools__works_with_children=True,
                police_certificate_seen_on__isnull=False,
            )
            .select_related("centre")
            .distinct()
            .order_by("centre_id", "last_name")
        )
        due: dict[Centre, list[tuple[Volunteer, datetime.date]]] = {}
        for volunteer in people:
            renewal = volunteer.police_certificate_due()
            if renewal is not None and renewal <= today + CERTIFICATE_NOTICE:
                due.setdefault(volunteer.centre, []).append((volunteer, renewal))
        for centre, rows in due.items():
            addresses = coordinator_addresses(centre)
            if not addresses:
                continue
            links = [
                (v, day, settings.SITE_URL + reverse("volunteers:detail", kwargs={"centre": centre.slug, "pk": v.pk}))
                for v, day in rows
            ]
            with translation.override("de"):
                send_mail(
                    _("Extended police certificates due: %(count)s") % {"count": len(rows)},
                    render_to_string("volunteers/certificates_due_email.txt", {"rows": links, "today": today}),
                    None,
                    addresses,
                )
            sent += 1
    return sent

"""Writes after the event: send the certificates (each participant under a row lock), note a
completed qualification course on the volunteer's profile."""

from __future__ import annotations

import datetime
import logging

from django.apps import apps
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from anlaufstelle.core.audit import audit_record
from anlaufstelle.core.models import AuditEntry, User
from anlaufstelle.core.tokens import new_token
from anlaufstelle.events.certificates import (
    Participation,
    attendees,
    certificate_filename,
    certificate_html_of,
    has_ended,
    participant_url,
    pdf_of,
    qualification_email,
    unsent_count,
)
from anlaufstelle.events.errors import CertificateError
from anlaufstelle.events.models import Event, Registration

logger = logging.getLogger(__name__)


def record_qualification(found: Participation) -> bool:
    """Note a completed qualification course on the volunteer's profile (when there is one).

    Only for events marked as a qualification course, for participants who attended every
    date, and only when the volunteers module is installed. Returns whether it was recorded.
    """
    event = found.event
    if not event.is_qualification or not found.complete:
        return False
    if not apps.is_installed("anlaufstelle.volunteers"):
        return False
    email = qualification_email(found)
    if not email:
        return False
    from anlaufstelle.volunteers.qualifications import record_completion

    completed_on = timezone.localdate(found.dates[-1].ends_at) if found.dates else timezone.localdate()
    return record_completion(
        centre=event.centre,
        email=email,
        name=event.title,
        completed_on=completed_on,
        source_ref=f"event:{event.pk}",
    )


def _send_one(found: Participation) -> None:
    """Inside the participant's row lock: token, qualification, e-mail with the PDF, the stamp.

    The e-mail goes out inside the transaction, not on commit, on purpose: it carries the new
    token, and only a sent e-mail may stamp the participant as served (a failure rolls back)."""
    registration = found.registration
    token, registration.token_hash = new_token()
    registration.certificate_sent_at = timezone.now()
    record_qualification(found)
    pdf = pdf_of(certificate_html_of(found))
    group = registration.group
    event = found.event
    with translation.override(group.language or "de"):
        context = {
            "registration": registration,
            "event": event,
            "centre": event.centre,
            "participation": found,
            "participant_url": participant_url(registration, token),
        }
        message = EmailMessage(
            str(_("Your participation certificate: %(title)s") % {"title": event.title}),
            render_to_string("events/after/email_certificate.txt", context),
            None,
            [found.email],
        )
    message.attach(certificate_filename(event), pdf, "application/pdf")
    message.send()
    registration.save(update_fields=["token_hash", "certificate_sent_at"])


def _iso(moment: datetime.datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def certificates_send(*, event: Event, actor: User | None, now: datetime.datetime | None = None) -> int:
    """E-mail the certificate to every attendee who has not had it yet; returns how many were sent.

    Only once the event's last date has ended (else CertificateError). Not one transaction on
    purpose: each participant is handled in their own, under a row lock (so two organisers clicking
    at once send each certificate once), and a failed e-mail leaves only that participant unsent
    (logged), to be tried again next time. The run itself is audited with its counts at the end.
    """
    event = Event.objects.select_related("centre").get(pk=event.pk)
    if event.status == Event.Status.CANCELLED:
        raise CertificateError(_("This event has been cancelled; there are no certificates."))
    if not has_ended(event, now):
        raise CertificateError(_("Certificates can be sent once the event's last date has ended."))
    sent = 0
    for found in attendees(event):
        if found.registration.certificate_sent_at is not None or not found.email:
            continue  # sent already, or a walk-in who gave no e-mail address
        try:
            with transaction.atomic():
                locked = Registration.objects.select_for_update().get(pk=found.registration.pk)
                if locked.certificate_sent_at is not None or locked.status != Registration.Status.CONFIRMED:
                    continue  # sent meanwhile by someone else
                _send_one(found)
                audit_record(
                    actor=None,
                    centre=event.centre,
                    kind=AuditEntry.Kind.UPDATE,
                    action="events.certificate.send",
                    target=found.registration,
                    changes={"certificate_sent_at": [None, _iso(found.registration.certificate_sent_at)]},
                )
        except Exception:
            logger.exception("Certificate for registration %s could not be sent", found.registration.pk)
            found.registration.certificate_sent_at = None
            continue
        sent += 1
    if actor is not None:  # an organiser's click; the task's own run is audited per certificate above
        audit_record(
            actor=actor,
            centre=event.centre,
            kind=AuditEntry.Kind.UPDATE,
            action="events.certificates.send",
            target=event,
            changes={"sent": [None, sent], "unsent": [None, unsent_count(event)]},
        )
    return sent


def certificates_send_for(event_id: int) -> int:
    """For a background task: send the certificates of the event with this id (0 when it cannot yet)."""
    with scopes_disabled():  # a task knows only the id, not the centre: find the event, then work in its scope
        event = Event.objects.select_related("centre").filter(pk=event_id).first()
    if event is None:
        return 0
    with scope(centre=event.centre):
        try:
            return certificates_send(event=event, actor=None)
        except CertificateError:
            logger.info("Certificates of event %s not sent: the event has not ended or was cancelled", event_id)
            return 0

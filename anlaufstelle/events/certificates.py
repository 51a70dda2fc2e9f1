"""After the event: participation certificates (PDF) for everyone who attended, sent by e-mail.

An *attendee* is a confirmed participant ticked present on at least one date. For a course of
several dates the certificate lists the dates attended, and the hours are the event's hours in
proportion (attended / all dates), rounded to half hours — the certificate states both.

Certificates go out once the event's last date has ended, each participant once: the e-mail
(in the language they registered in) carries the PDF and their personal link to the
participant page (download and a short feedback form). A fresh random token is made for that
link; only its SHA-256 is stored. Sending again sends only to attendees not served yet.

A qualification course for volunteers is recorded on the profile of the centre's volunteer
with the participant's e-mail address (through `volunteers.qualifications.record_completion`,
only when the volunteers module is installed), for participants who attended every date.

The certificate is always written in German and rendered by WeasyPrint from local fonts only;
nothing is ever fetched.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Max, Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from anlaufstelle.core.audit import audit_record
from anlaufstelle.core.bidi import address_line, join_present
from anlaufstelle.core.models import AuditEntry
from anlaufstelle.core.pdf import html_to_pdf
from anlaufstelle.core.tokens import new_token, plausible, token_hash
from anlaufstelle.events.models import Attendance, Event, EventDate, Registration

logger = logging.getLogger(__name__)

CERTIFICATE_LANGUAGE = "de"
HALF = Decimal("0.5")


class CertificateError(Exception):
    """Certificates cannot be sent (yet); the message is for the organiser."""


@dataclass(frozen=True)
class Participation:
    """One attendee of an event: the dates they attended out of all the event's dates."""

    registration: Registration
    event: Event
    dates: list[EventDate]
    total_dates: int

    @property
    def name(self) -> str:
        return f"{self.registration.first_name} {self.registration.last_name}"

    @property
    def complete(self) -> bool:
        """Attended every date of the event."""
        return len(self.dates) >= self.total_dates

    @property
    def hours(self) -> Decimal | None:
        """The event's hours in proportion to the dates attended, rounded to half hours (None: no hours set)."""
        if self.event.hours is None or not self.total_dates:
            return None
        exact = Decimal(self.event.hours) * len(self.dates) / self.total_dates
        return (exact / HALF).quantize(Decimal(1), rounding=ROUND_HALF_UP) * HALF

    @property
    def email(self) -> str:
        """Where the certificate goes: the participant's own address, else the contact person's."""
        return self.registration.email or self.registration.group.contact_email


def _participations(event: Event, registrations: Any) -> list[Participation]:
    total = event.dates.count()
    people = (
        registrations.filter(session__event=event, status=Registration.Status.CONFIRMED, attendances__isnull=False)
        .distinct()
        .select_related("group", "session", "centre")
        .prefetch_related(
            Prefetch(
                "attendances",
                queryset=Attendance.objects.select_related("date").order_by("date__starts_at", "date_id"),
            )
        )
        .order_by("last_name", "first_name", "id")
    )
    return [
        Participation(
            registration=person,
            event=event,
            dates=[attendance.date for attendance in person.attendances.all()],
            total_dates=total,
        )
        for person in people
    ]


def attendees(event: Event) -> list[Participation]:
    """Everyone who attended `event`: confirmed and ticked present on at least one date, by name."""
    with scopes_disabled():
        return _participations(event, Registration.objects.all())


def participation(registration: Registration) -> Participation | None:
    """`registration` as an attendee of its event, or None when it did not attend."""
    with scopes_disabled():
        event = Event.objects.select_related("centre").get(pk=registration.session.event_id)
        found = _participations(event, Registration.objects.filter(pk=registration.pk))
    return found[0] if found else None


def last_end(event: Event) -> datetime.datetime | None:
    with scopes_disabled():
        end: datetime.datetime | None = event.dates.aggregate(end=Max("ends_at"))["end"]
    return end


def has_ended(event: Event, now: datetime.datetime | None = None) -> bool:
    """Whether the event's last date is over (an event without dates never is)."""
    end = last_end(event)
    return end is not None and end <= (now or timezone.now())


# --- the certificate ---------------------------------------------------------------------------


def _issued_on(registration: Registration) -> datetime.date:
    """The day the certificate was sent (so a later download shows the same date), else today."""
    if registration.certificate_sent_at is not None:
        return timezone.localdate(registration.certificate_sent_at)
    return timezone.localdate()


def _certificate_html(found: Participation) -> str:
    centre = found.event.centre
    with translation.override(CERTIFICATE_LANGUAGE):
        issued_on = _issued_on(found.registration)
        return render_to_string(
            "events/after/certificate_pdf.html",
            {
                "p": found,
                "event": found.event,
                "centre": centre,
                "centre_address": address_line(centre.street, centre.postcode, centre.city),
                "registration": found.registration,
                "issued_on": issued_on,
                "place_date": join_present([centre.city, formats.date_format(issued_on, "DATE_FORMAT")]),
            },
        )


def _attendee(registration: Registration) -> Participation:
    found = participation(registration)
    if found is None:
        raise CertificateError(_("Only participants who attended receive a certificate."))
    return found


def certificate_html(registration: Registration) -> str:
    """The participation certificate of an attendee as an HTML document, in German."""
    return _certificate_html(_attendee(registration))


def _pdf(html: str) -> bytes:
    return html_to_pdf(html)


def certificate_pdf(registration: Registration) -> bytes:
    """The participation certificate of an attendee as a PDF (A4, German)."""
    return _pdf(certificate_html(registration))


def certificate_filename(event: Event) -> str:
    return f"teilnahmebescheinigung-{event.pk}.pdf"


# --- sending -----------------------------------------------------------------------------------


def participant_url(registration: Registration, token: str) -> str:
    return settings.SITE_URL + reverse(
        "events:participant", kwargs={"centre": registration.centre.slug, "token": token}
    )


def _qualification_email(found: Participation) -> str:
    """The address a volunteer is matched by: only an address someone confirmed.

    That is the contact person's address (confirmed by the double opt-in), and only for a
    submission of one person (a school's contact registering staff is not the participant). A
    participant's own address was never confirmed, so anyone could have typed a volunteer's
    address there; it counts only when it is the confirmed one.
    """
    registration = found.registration
    group = registration.group
    if group.confirmed_at is None:
        return ""
    with scopes_disabled():
        alone = group.registrations.count() == 1
    if not alone:
        return ""
    own = registration.email.strip().lower()
    return group.contact_email if not own or own == group.contact_email.strip().lower() else ""


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
    email = _qualification_email(found)
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
    """Inside the participant's row lock: token, qualification, e-mail with the PDF, the stamp."""
    registration = found.registration
    token, registration.token_hash = new_token()
    registration.certificate_sent_at = timezone.now()
    record_qualification(found)
    pdf = _pdf(_certificate_html(found))
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


def send_certificates(event: Event, *, now: datetime.datetime | None = None) -> int:
    """E-mail the certificate to every attendee who has not had it yet; returns how many were sent.

    Only once the event's last date has ended (else CertificateError). Each participant is
    handled under a row lock, so two organisers clicking at once send each certificate once.
    A failed e-mail leaves that participant unsent (logged), to be tried again next time.
    """
    with scopes_disabled():
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
    return sent


def send_certificates_for(event_id: int) -> int:
    """For a background task: send the certificates of the event with this id (0 when it cannot yet)."""
    with scopes_disabled():
        event = Event.objects.filter(pk=event_id).first()
    if event is None:
        return 0
    try:
        return send_certificates(event)
    except CertificateError:
        logger.info("Certificates of event %s not sent: the event has not ended or was cancelled", event_id)
        return 0


def unsent_count(event: Event) -> int:
    """Attendees still without a certificate (e.g. after a failed e-mail)."""
    return sum(1 for found in attendees(event) if found.registration.certificate_sent_at is None)


def by_token(token: str, centre_slug: str) -> Registration | None:
    """The participant with this personal link (sent with the certificate), else None."""
    if not plausible(token):
        return None
    with scopes_disabled():
        return (
            Registration.objects.select_related("centre", "group", "session__event")
            .filter(
                token_hash=token_hash(token),
                centre__slug=centre_slug,
                certificate_sent_at__isnull=False,
            )
            .first()
        )

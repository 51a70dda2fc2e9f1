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
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db.models import Max, Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from anlaufstelle.core.bidi import address_line, join_present
from anlaufstelle.core.models import Centre
from anlaufstelle.core.pdf import html_to_pdf
from anlaufstelle.core.tokens import find_by_token
from anlaufstelle.events.errors import CertificateError
from anlaufstelle.events.models import Attendance, Event, EventDate, Registration

__all__ = ["CertificateError"]  # re-exported: reading a certificate of a non-attendee raises it

CERTIFICATE_LANGUAGE = "de"
HALF = Decimal("0.5")


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
    return _participations(event, Registration.objects.all())


def participation(registration: Registration) -> Participation | None:
    """`registration` as an attendee of its event, or None when it did not attend."""
    event = Event.objects.select_related("centre").get(pk=registration.session.event_id)
    found = _participations(event, Registration.objects.filter(pk=registration.pk))
    return found[0] if found else None


def last_end(event: Event) -> datetime.datetime | None:
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


def certificate_html_of(found: Participation) -> str:
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
    return certificate_html_of(_attendee(registration))


def pdf_of(html: str) -> bytes:
    return html_to_pdf(html)


def certificate_pdf(registration: Registration) -> bytes:
    """The participation certificate of an attendee as a PDF (A4, German)."""
    return pdf_of(certificate_html(registration))


def certificate_filename(event: Event) -> str:
    return f"teilnahmebescheinigung-{event.pk}.pdf"


# --- sending -----------------------------------------------------------------------------------


def participant_url(registration: Registration, token: str) -> str:
    return settings.SITE_URL + reverse(
        "events:participant", kwargs={"centre": registration.centre.slug, "token": token}
    )


def qualification_email(found: Participation) -> str:
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
    alone = group.registrations.count() == 1
    if not alone:
        return ""
    own = registration.email.strip().lower()
    return group.contact_email if not own or own == group.contact_email.strip().lower() else ""


def unsent_count(event: Event) -> int:
    """Attendees still without a certificate (e.g. after a failed e-mail)."""
    return sum(1 for found in attendees(event) if found.registration.certificate_sent_at is None)


def by_token(*, centre: Centre, token: str) -> Registration | None:
    """The participant with this personal link (sent with the certificate), inside `centre` only; else None."""
    return find_by_token(
        Registration,
        centre=centre,
        token=token,
        select_related=("centre", "group", "session__event"),
        certificate_sent_at__isnull=False,
    )

"""The e-mails of the volunteers module, sent after the commit or from tasks (never inside a transaction).

They get ids, not objects (the rows are read again once committed): inside the centre's scope
when the caller knows the centre, with the scope lifted only in tasks that start from an id or
run across centres.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from anlaufstelle.core.models import Centre
from anlaufstelle.volunteers import calendars, selectors
from anlaufstelle.volunteers.models import Assignment, Offer, Volunteer


def when(moment: datetime.datetime) -> str:
    """Date and time in the active language's short format (as the templates show them)."""
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def sign_up_mail(*, volunteer_id: int, repeated: bool) -> None:
    """The one e-mail a sign-up sends to its address: a receipt, or (`repeated`) a note to the
    owner that someone signed up again with it, with how to reach the coordination."""
    with scopes_disabled():  # a task that starts from an id: the volunteer tells which centre
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


def send_offer(offer_id: int, token: str, language: str, *, centre: Centre) -> None:
    """The offer with its single-use accept/decline link (the token exists only in this e-mail)."""
    with scope(centre=centre):
        offer = Offer.objects.select_related("request", "volunteer", "centre").get(pk=offer_id)
    url = settings.SITE_URL + reverse("volunteers:offer", kwargs={"centre": offer.centre.slug, "token": token})
    with translation.override(language or "de"):
        body = render_to_string("volunteers/offer_email.txt", {"offer": offer, "url": url})
        send_mail(
            _("Can you interpret? %(language)s, %(when)s")
            % {
                "language": offer.request.get_language_display(),
                "when": when(offer.request.starts_at),
            },
            body,
            None,
            [offer.volunteer.email],
        )


def tell_others(offer_ids: list[int], *, centre: Centre) -> None:
    """The request has been taken: everyone else who had an open offer hears so."""
    with scope(centre=centre):
        for offer in Offer.objects.filter(pk__in=offer_ids).select_related("volunteer", "request"):
            with translation.override(offer.volunteer.signup_language or "de"):
                send_mail(
                    _("The interpreting request has been taken"),
                    render_to_string("volunteers/offer_taken_email.txt", {"offer": offer}),
                    None,
                    [offer.volunteer.email],
                )


def send_confirmation(assignment_id: int, *, centre: Centre) -> None:
    """After an acceptance: the volunteer gets the details, whom to ask on site and a calendar file."""
    with scope(centre=centre):
        assignment = Assignment.objects.select_related("request__organisation", "centre", "volunteer").get(
            pk=assignment_id
        )
    volunteer, request = assignment.volunteer, assignment.request
    with translation.override(volunteer.signup_language or "de"):
        message = EmailMessage(
            _("Confirmed: %(language)s, %(when)s")
            % {"language": request.get_language_display(), "when": when(request.starts_at)},
            render_to_string(
                "volunteers/offer_accepted_email.txt",
                {"assignment": assignment, "request": request, "contact": calendars.on_site_contact(request)},
            ),
            None,
            [volunteer.email],
        )
        message.attach("termin.ics", calendars.assignment_calendar(assignment), "text/calendar")
        message.send()


def request_mail(to: str, language: str, subject: Any, template: str, context: dict[str, Any]) -> None:
    """Send in the reader's language: the (lazy) subject gets the request's language and time."""
    request = context["request"]
    with translation.override(language or "de"):
        line = str(subject) % {"language": request.get_language_display(), "when": when(request.starts_at)}
        send_mail(line, render_to_string(template, context), None, [to])


def police_certificate_reminders(*, today: datetime.date | None = None) -> int:
    """Weekly: tell each centre's coordinators whose extended police certificate is due soon.

    Lists active and paused volunteers in pools that work with children whose certificate must
    be seen again within eight weeks (or already should have been). Returns the e-mails sent.
    """
    today = today or timezone.localdate()
    sent = 0
    with scopes_disabled():  # a weekly task across every centre
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
            if renewal is not None and renewal <= today + selectors.CERTIFICATE_NOTICE:
                due.setdefault(volunteer.centre, []).append((volunteer, renewal))
        for centre, rows in due.items():
            addresses = selectors.coordinator_addresses(centre)
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

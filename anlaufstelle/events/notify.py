"""E-mails to people who registered, in the language they registered in (run as Huey tasks)."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from anlaufstelle.events.models import Event, Registration, RegistrationGroup


def _url(name: str, centre_slug: str, token: str) -> str:
    return settings.SITE_URL + reverse(name, kwargs={"centre": centre_slug, "token": token})


def _send(to: str, language: str, subject: str, template: str, context: dict[str, Any]) -> None:
    if not to:  # a walk-in may have given no address
        return
    with translation.override(language or "de"):
        send_mail(str(subject), render_to_string(template, context), None, [to])


def send_confirmation(group_id: int, confirm_token: str, manage_token: str) -> None:
    """The double opt-in e-mail: confirm the address (only then are seats given)."""
    with scopes_disabled():  # a task: it gets an id, no centre (the worker runs outside any scope)
        group = RegistrationGroup.objects.select_related("centre").get(pk=group_id)
        registrations = list(group.registrations.select_related("session__event"))
    event = registrations[0].session.event
    with translation.override(group.language or "de"):
        _send(
            group.contact_email,
            group.language,
            _("Please confirm your registration: %(title)s") % {"title": event.title},
            "events/email_confirm.txt",
            {
                "group": group,
                "event": event,
                "registrations": registrations,
                "confirm_url": _url("events:confirm", group.centre.slug, confirm_token),
                "manage_url": _url("events:manage", group.centre.slug, manage_token),
            },
        )


def tell_promoted(registration_id: int) -> None:
    with scopes_disabled():  # a task: it gets an id, no centre (the worker runs outside any scope)
        registration = Registration.objects.select_related("group", "session__event").get(pk=registration_id)
    group = registration.group
    _send(
        registration.email or group.contact_email,
        group.language,
        _("A seat has become free for you: %(title)s") % {"title": registration.session.event.title},
        "events/email_promoted.txt",
        {"registration": registration, "event": registration.session.event},
    )


def tell_cancelled(event_id: int) -> int:
    """Everyone still registered (confirmed or waiting) hears that the event is cancelled."""
    with scopes_disabled():  # a task: it gets an id, no centre (the worker runs outside any scope)
        event = Event.objects.get(pk=event_id)
        registrations = list(
            Registration.objects.filter(
                session__event=event,
                status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITING],
            ).select_related("group")
        )
    for registration in registrations:
        _send(
            registration.email or registration.group.contact_email,
            registration.group.language,
            _("Cancelled: %(title)s") % {"title": event.title},
            "events/email_cancelled.txt",
            {"registration": registration, "event": event},
        )
    return len(registrations)


def send_reminders(*, now: datetime.datetime | None = None) -> int:
    """The day before: every confirmed participant of an event starting tomorrow is reminded."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    sent = 0
    with scopes_disabled():  # the daily task reminds the participants of every centre
        events = Event.objects.filter(status=Event.Status.PUBLISHED, dates__starts_at__date=tomorrow).distinct()
        for event in events:
            for registration in Registration.objects.filter(
                session__event=event, status=Registration.Status.CONFIRMED
            ).select_related("group", "session"):
                _send(
                    registration.email or registration.group.contact_email,
                    registration.group.language,
                    _("Reminder: %(title)s tomorrow") % {"title": event.title},
                    "events/email_reminder.txt",
                    {"registration": registration, "event": event, "dates": list(event.dates.all())},
                )
                sent += 1
    return sent

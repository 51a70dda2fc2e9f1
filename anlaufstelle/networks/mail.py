"""The networks module's e-mails, sent from the task queue: one message per person (no one sees another's address)."""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from anlaufstelle.networks import documents
from anlaufstelle.networks.models import Meeting

LANGUAGE = "de"


def _meeting(meeting_id: int) -> Meeting | None:
    with scopes_disabled():  # from an id after the commit: the meeting tells which centre
        return (
            Meeting.objects.select_related("centre", "network")
            .prefetch_related("agenda", "action_items__owner")
            .filter(pk=meeting_id)
            .first()
        )


def send_invitation(*, meeting_id: int, recipients: list[str]) -> None:
    meeting = _meeting(meeting_id)
    if meeting is None:
        return
    with translation.override(LANGUAGE):
        subject = _("Invitation: %(network)s") % {"network": meeting.network.name}
        body = render_to_string("networks/invitation_email.txt", {"meeting": meeting})
    for address in recipients:
        EmailMessage(subject, body, None, [address]).send()


def send_minutes(*, meeting_id: int, recipients: list[str]) -> None:
    meeting = _meeting(meeting_id)
    if meeting is None:
        return
    with translation.override(LANGUAGE):
        subject = _("Minutes: %(network)s") % {"network": meeting.network.name}
        body = render_to_string("networks/minutes_email.txt", {"meeting": meeting})
        pdf = documents.minutes_pdf(meeting=meeting)
    for address in recipients:
        message = EmailMessage(subject, body, None, [address])
        message.attach("protokoll.pdf", pdf, "application/pdf")
        message.send()

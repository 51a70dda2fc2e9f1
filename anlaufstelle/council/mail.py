"""The council's e-mails, sent after the commit (never inside a transaction)."""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from anlaufstelle.council import documents
from anlaufstelle.council.models import CouncilSettings, Meeting

LANGUAGE = "de"


def send_invitation(*, meeting_id: int, recipients: list[str]) -> None:
    """The invitation PDF to the members and their personal deputies, one message each (no
    member sees another's address). The non-public items go with it only where the centre
    allows its members to read them."""
    if not recipients:
        return
    with scopes_disabled():  # after the commit, from an id: the meeting tells which centre
        meeting = Meeting.objects.select_related("centre", "committee", "location").filter(pk=meeting_id).first()
        if meeting is None:
            return
        found = CouncilSettings.objects.filter(centre=meeting.centre).first()
        non_public = found.members_see_non_public if found else True
        pdf = documents.invitation_pdf(meeting=meeting, non_public=non_public)
    with translation.override(LANGUAGE):
        subject = _("Invitation: %(meeting)s") % {"meeting": meeting.name}
        body = render_to_string("council/invitation_email.txt", {"meeting": meeting})
    for address in recipients:
        message = EmailMessage(subject, body, None, [address])
        message.attach("einladung.pdf", pdf, "application/pdf")
        message.send()

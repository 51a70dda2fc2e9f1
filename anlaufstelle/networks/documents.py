"""The minutes of a network meeting as a PDF (core/pdf.py: WeasyPrint without network access)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from anlaufstelle.core.pdf import html_to_pdf, page_footer
from anlaufstelle.networks.models import Meeting

LANGUAGE = "de"


def minutes_pdf(*, meeting: Meeting) -> bytes:
    """The meeting's facts, agenda, minutes and action items; no contact person is named."""
    with translation.override(LANGUAGE):
        title = _("Minutes")
        context = {
            "meeting": meeting,
            "title": title,
            "footer": page_footer(f"{title} · {meeting.network.name}"),
            "agenda": list(meeting.agenda.all()),
            "action_items": list(meeting.action_items.all()),
        }
        return html_to_pdf(render_to_string("networks/minutes_pdf.html", context))

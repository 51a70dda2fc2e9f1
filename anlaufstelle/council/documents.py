"""The office's documents as PDF: the invitation, the meeting pack, the minutes and a member's
yearly statement of attendance allowances.

They are official documents of the council and written in German, like the volunteers'
statement; names and titles in any script are isolated (core.bidi through the `isolate`
filter), so an Arabic name cannot turn a line around. WeasyPrint renders from local fonts only
(core.pdf); nothing is fetched. The meeting pack carries the public papers' PDF files as
attachments of the one PDF (WeasyPrint cannot put another PDF's pages into its own).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from anlaufstelle.core.bidi import address_line, join_present
from anlaufstelle.core.pdf import offline_fetcher, page_footer
from anlaufstelle.council.models import AgendaItem, Attendance, File, Meeting, Paper, Person

LANGUAGE = "de"


def _letterhead(meeting_or_person: Meeting | Person) -> dict[str, str]:
    centre = meeting_or_person.centre
    return {
        "name": centre.name,
        "address": address_line(centre.street, centre.postcode, centre.city),
        "phone": centre.phone,
        "email": centre.email,
        "place_date": join_present([centre.city, formats.date_format(timezone.localdate(), "DATE_FORMAT")]),
    }


def _pdf(html: str, attachments: list[Any] | None = None) -> bytes:
    from weasyprint import HTML

    document = HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=offline_fetcher())
    pdf: bytes = document.write_pdf(attachments=attachments or [])
    return pdf


def _items(meeting: Meeting, *, non_public: bool) -> list[AgendaItem]:
    items = AgendaItem.objects.filter(meeting=meeting, deleted=False).select_related("consultation__paper")
    if not non_public:
        items = items.filter(public=True)
    return list(items.order_by("order", "id"))


def _public_paper(item: AgendaItem) -> Paper | None:
    consultation = getattr(item, "consultation", None)
    if consultation is None or consultation.deleted or consultation.paper.deleted:
        return None
    return Paper.objects.public().filter(pk=consultation.paper_id).first()


def _meeting_context(meeting: Meeting, *, non_public: bool, title: str) -> dict[str, Any]:
    items = _items(meeting, non_public=non_public)
    return {
        "meeting": meeting,
        "letterhead": _letterhead(meeting),
        "public_items": [item for item in items if item.public],
        "secret_items": [item for item in items if not item.public],
        "footer": page_footer(f"{title} · {meeting.name}"),
        "title": title,
        "place": _place(meeting),
    }


def _place(meeting: Meeting) -> str:
    if meeting.location is not None:
        where = meeting.location
        return join_present(
            [where.description, where.room, address_line(where.street_address, where.postal_code, where.locality)]
        )
    return _("online") if meeting.online_url else ""


def invitation_pdf(*, meeting: Meeting, non_public: bool) -> bytes:
    """The invitation with the agenda; the non-public part only for the members (`non_public`)."""
    with translation.override(LANGUAGE):
        context = _meeting_context(meeting, non_public=non_public, title=_("Invitation"))
        return _pdf(render_to_string("council/pdf/invitation.html", context))


def pack_pdf(*, meeting: Meeting) -> bytes:
    """The meeting pack for everyone: invitation, the public agenda and every public paper (its
    text in the document, its PDF files attached). Nothing non-public goes in."""
    from weasyprint import Attachment

    with translation.override(LANGUAGE):
        context = _meeting_context(meeting, non_public=False, title=_("Meeting pack"))
        papers = []
        attachments = []
        for item in context["public_items"]:
            paper = _public_paper(item)
            if paper is None:
                continue
            files = list(File.objects.filter(paper=paper, deleted=False).order_by("role", "id"))
            papers.append({"item": item, "paper": paper, "files": files})
            for doc in files:
                if doc.data:
                    with doc.data.open("rb") as handle:
                        content = handle.read()
                    attachments.append(
                        Attachment(string=content, name=f"{paper.reference.replace('/', '-')} {doc.file_name}")
                    )
        context["papers"] = papers
        return _pdf(render_to_string("council/pdf/pack.html", context), attachments)


def minutes_pdf(*, meeting: Meeting, non_public: bool) -> bytes:
    """The minutes (Niederschrift): attendance, then per item the outcome, votes, resolution and
    notes. The public version (`non_public=False`) leaves the non-public part and the names of
    those who did not consent to their attendance being published out."""
    with translation.override(LANGUAGE):
        context = _meeting_context(meeting, non_public=non_public, title=_("Minutes"))
        attendances = Attendance.objects.filter(meeting=meeting).select_related("person", "stands_in_for")
        if not non_public:
            attendances = attendances.filter(person__publish_name=True, person__publish_attendance=True)
        context["attendances"] = list(attendances.order_by("person__family_name", "person__given_name", "id"))
        context["draft"] = meeting.state != Meeting.State.MINUTES_APPROVED
        return _pdf(render_to_string("council/pdf/minutes.html", context))


@dataclass(frozen=True)
class AllowanceRow:
    date: datetime.date
    meeting: str
    committee: str
    stands_in_for: str
    amount: Decimal


@dataclass
class AllowanceStatement:
    person: Person
    year: int
    rows: list[AllowanceRow]

    @property
    def total(self) -> Decimal:
        return sum((row.amount for row in self.rows), Decimal("0.00"))


def allowance_statement(*, person: Person, year: int) -> AllowanceStatement:
    """The member's attendances at held meetings of `year` with the allowance fixed on recording."""
    zone = timezone.get_default_timezone()
    start = datetime.datetime(year, 1, 1, tzinfo=zone)
    end = datetime.datetime(year + 1, 1, 1, tzinfo=zone)
    attendances = (
        Attendance.objects.filter(
            person=person,
            meeting__start__gte=start,
            meeting__start__lt=end,
            meeting__deleted=False,
            meeting__cancelled=False,
            meeting__state__in=[Meeting.State.HELD, Meeting.State.MINUTES_APPROVED],
        )
        .select_related("meeting__committee", "stands_in_for")
        .order_by("meeting__start", "id")
    )
    rows = [
        AllowanceRow(
            date=timezone.localtime(a.meeting.start, zone).date(),
            meeting=a.meeting.name,
            committee=a.meeting.committee.name,
            stands_in_for=str(a.stands_in_for) if a.stands_in_for else "",
            amount=Decimal(a.allowance),
        )
        for a in attendances
    ]
    return AllowanceStatement(person=person, year=year, rows=rows)


def allowance_pdf(*, person: Person, year: int) -> bytes:
    """The member's yearly statement of attendance allowances (Sitzungsgeld) as a PDF."""
    with translation.override(LANGUAGE):
        statement = allowance_statement(person=person, year=year)
        title = _("Attendance allowances %(year)s") % {"year": year}
        context = {
            "statement": statement,
            "letterhead": _letterhead(person),
            "title": title,
            "footer": page_footer(f"{title} · {person}"),
        }
        return _pdf(render_to_string("council/pdf/allowances.html", context))

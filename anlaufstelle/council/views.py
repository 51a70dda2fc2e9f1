"""Views of the Integrationsrat office: thin — form, access check, action or selector, render.

Staff pages live under <centre>/intern/integrationsrat/, the public pages under
<centre>/integrationsrat/; the OParl API is in api.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.db.models import Model
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from anlaufstelle.core.access import permission_required, public
from anlaufstelle.core.audit import audit_reads
from anlaufstelle.core.edit import edit_page, get_or_404, posted
from anlaufstelle.core.errors import Refused, show_refusal
from anlaufstelle.core.http import CentreRequest, PublicRequest
from anlaufstelle.core.public_cache import cache_public_page
from anlaufstelle.council import actions, documents, oparl_import, publishing, selectors
from anlaufstelle.council.forms import (
    AgendaItemForm,
    AttendanceForm,
    CandidateForm,
    CommitteeForm,
    FileForm,
    FollowUpForm,
    ForwardingForm,
    LocationForm,
    MeetingForm,
    MembershipEndForm,
    MembershipForm,
    OParlImportForm,
    OutcomeForm,
    OwnFollowUpForm,
    PaperForm,
    PersonForm,
    SettingsForm,
    ShortNoticeForm,
    TermForm,
)
from anlaufstelle.council.models import Committee, Meeting

FORM_TEMPLATE = "council/form.html"


def _edit(
    request: CentreRequest,
    *,
    form: Any,
    save: Callable[[dict[str, Any]], Model],
    title: str,
    back: str,
    done: Callable[[Model], str],
) -> HttpResponse:
    """A simple edit page in this module's form template (`core.edit.edit_page`)."""
    return edit_page(
        request, form=form, save=save, done=done, template=FORM_TEMPLATE, context={"title": title, "back": back}
    )


def _url(name: str, request: CentreRequest, **kwargs: Any) -> str:
    return reverse(f"council:{name}", kwargs={"centre": request.centre.slug, **kwargs})


# --- the body and its people ------------------------------------------------------------------


@permission_required("council.view")
@require_GET
def body(request: CentreRequest, centre: str) -> HttpResponse:
    """The council's terms, committees with their current seats, lists with their candidates."""
    overview = selectors.body_overview(centre=request.centre, on=timezone.localdate())
    audit_reads(actor=request.user, centre=request.centre, action="council.person.view", targets=overview.persons)
    return render(request, "council/body.html", {"overview": overview, "year": timezone.localdate().year})


@permission_required("council.manage")
@require_http_methods(["GET", "POST"])
def term_edit(request: CentreRequest, centre: str, pk: int | None = None) -> HttpResponse:
    term = get_or_404(selectors.term_get, request, pk) if pk else None
    form = TermForm(**posted(request), instance=term, centre=request.centre)
    return _edit(
        request,
        form=form,
        save=lambda data: actions.term_save(centre=request.centre, actor=request.user, data=data, term=term),
        title=_("Legislative term"),
        back=_url("body", request),
        done=lambda saved: _url("body", request),
    )


@permission_required("council.manage")
@require_http_methods(["GET", "POST"])
def committee_edit(request: CentreRequest, centre: str, pk: int | None = None) -> HttpResponse:
    committee = get_or_404(selectors.committee_get, request, pk) if pk else None
    form = CommitteeForm(**posted(request), instance=committee, centre=request.centre)
    return _edit(
        request,
        form=form,
        save=lambda data: actions.committee_save(
            centre=request.centre, actor=request.user, data=data, committee=committee
        ),
        title=_("Committee, working group or list"),
        back=_url("body", request),
        done=lambda saved: _url("body", request),
    )


@permission_required("council.manage")
@require_http_methods(["GET", "POST"])
def person_edit(request: CentreRequest, centre: str, pk: int | None = None) -> HttpResponse:
    person = get_or_404(selectors.person_get, request, pk) if pk else None
    if person is not None and request.method == "GET":
        audit_reads(actor=request.user, centre=request.centre, action="council.person.view", targets=[person])
    form = PersonForm(**posted(request), instance=person, centre=request.centre)
    return _edit(
        request,
        form=form,
        save=lambda data: actions.person_save(centre=request.centre, actor=request.user, data=data, person=person),
        title=_("Person"),
        back=_url("body", request),
        done=lambda saved: _url("body", request),
    )


@permission_required("council.manage")
@require_http_methods(["GET", "POST"])
def membership_edit(request: CentreRequest, centre: str, pk: int | None = None) -> HttpResponse:
    seat = get_or_404(selectors.membership_get, request, pk) if pk else None
    form = MembershipForm(**posted(request), instance=seat, centre=request.centre)
    return _edit(
        request,
        form=form,
        save=lambda data: actions.membership_save(
            centre=request.centre, actor=request.user, data=data, membership=seat
        ),
        title=_("Seat"),
        back=_url("body", request),
        done=lambda saved: _url("body", request),
    )


@permission_required("council.manage")
@require_http_methods(["GET", "POST"])
def membership_end(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """End a seat; the list's next candidate moves up."""
    seat = get_or_404(selectors.membership_get, request, pk)
    form = MembershipEndForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            successor = actions.membership_end(
                membership=seat, end_date=form.cleaned_data["end_date"], actor=request.user
            )
        except Refused as refusal:
            show_refusal(request, refusal, form=form)
        else:
            if successor is not None:
                messages.success(request, _("%(name)s moves up.") % {"name": successor.person})
            else:
                messages.success(request, _("The seat has ended; no candidate is left to move up."))
            return redirect(_url("body", request))
    return render(
        request,
        FORM_TEMPLATE,
        {"form": form, "title": _("End the seat of %(name)s") % {"name": seat.person}, "back": _url("body", request)},
        status=422 if form.errors else 200,
    )


@permission_required("council.manage")
@require_http_methods(["GET", "POST"])
def candidate_add(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """Put a person on an electoral list."""
    electoral_list = get_or_404(selectors.committee_get, request, pk)
    if electoral_list.kind != Committee.Kind.LIST:
        raise Http404
    form = CandidateForm(request.POST if request.method == "POST" else None, centre=request.centre)
    return _edit(
        request,
        form=form,
        save=lambda data: actions.candidate_add(
            electoral_list=electoral_list, person=data["person"], position=data["position"], actor=request.user
        ),
        title=_("Candidate on %(list)s") % {"list": electoral_list.name},
        back=_url("body", request),
        done=lambda saved: _url("body", request),
    )


@permission_required("council.manage")
@require_http_methods(["GET", "POST"])
def location_edit(request: CentreRequest, centre: str, pk: int | None = None) -> HttpResponse:
    place = get_or_404(selectors.location_get, request, pk) if pk else None
    form = LocationForm(**posted(request), instance=place, centre=request.centre)
    return _edit(
        request,
        form=form,
        save=lambda data: actions.location_save(centre=request.centre, actor=request.user, data=data, location=place),
        title=_("Meeting place"),
        back=_url("body", request),
        done=lambda saved: _url("body", request),
    )


# --- meetings ---------------------------------------------------------------------------------


@permission_required("council.view")
@require_GET
def meeting_list(request: CentreRequest, centre: str) -> HttpResponse:
    page = Paginator(selectors.meeting_list(centre=request.centre), 25).get_page(request.GET.get("page"))
    return render(request, "council/meeting_list.html", {"page": page, "query": ""})


@permission_required("council.manage")
@require_http_methods(["GET", "POST"])
def meeting_edit(request: CentreRequest, centre: str, pk: int | None = None) -> HttpResponse:
    meeting = get_or_404(selectors.meeting_get, request, pk) if pk else None
    form = MeetingForm(**posted(request), instance=meeting, centre=request.centre)
    return _edit(
        request,
        form=form,
        save=lambda data: actions.meeting_save(centre=request.centre, actor=request.user, data=data, meeting=meeting),
        title=_("Meeting"),
        back=_url("meeting_list", request),
        done=lambda saved: _url("meeting", request, pk=saved.pk),
    )


@permission_required("council.view")
@require_GET
def meeting_detail(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """The agenda with every item's paper, outcome and follow-ups."""
    meeting = get_or_404(selectors.meeting_get, request, pk)
    return render(
        request,
        "council/meeting_detail.html",
        {"meeting": meeting, "next_state": actions.NEXT_STATE.get(Meeting.State(meeting.state))},
    )


@permission_required("council.manage")
@require_POST
def meeting_advance(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """Move the meeting one state on (invited, held, minutes approved)."""
    meeting = get_or_404(selectors.meeting_get, request, pk)
    form = ShortNoticeForm(request.POST)
    short_notice = form.is_valid() and form.cleaned_data["short_notice"]
    try:
        advanced = actions.meeting_advance(meeting=meeting, actor=request.user, short_notice=short_notice)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("The meeting is now: %(state)s.") % {"state": advanced.get_state_display()})
    return redirect(_url("meeting", request, pk=meeting.pk))


@permission_required("council.manage")
@require_http_methods(["GET", "POST"])
def agenda_item_create(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    meeting = get_or_404(selectors.meeting_get, request, pk)
    return _agenda_item_form(request, meeting=meeting, item=None)


@permission_required("council.manage")
@require_http_methods(["GET", "POST"])
def agenda_item_edit(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    item = get_or_404(selectors.agenda_item_get, request, pk)
    return _agenda_item_form(request, meeting=item.meeting, item=item)


def _agenda_item_form(request: CentreRequest, *, meeting: Meeting, item: Any) -> HttpResponse:
    form = AgendaItemForm(**posted(request), instance=item, centre=request.centre)
    return _edit(
        request,
        form=form,
        save=lambda data: actions.agenda_item_save(
            meeting=meeting,
            actor=request.user,
            data=data,
            paper=data.get("paper"),
            role=data.get("role") or "decision",
            item=item,
        ),
        title=_("Agenda item"),
        back=_url("meeting", request, pk=meeting.pk),
        done=lambda saved: _url("meeting", request, pk=meeting.pk),
    )


@permission_required("council.manage")
@require_POST
def agenda_item_delete(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    item = get_or_404(selectors.agenda_item_get, request, pk)
    try:
        actions.agenda_item_delete(item=item, actor=request.user)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("The item is off the agenda."))
    return redirect(_url("meeting", request, pk=item.meeting_id))


@permission_required("council.manage")
@require_http_methods(["GET", "POST"])
def agenda_item_outcome(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """During the meeting (tablet): outcome, votes, resolution text and minutes of one item."""
    item = get_or_404(selectors.agenda_item_get, request, pk)
    form = OutcomeForm(**posted(request), instance=item, centre=request.centre)
    return _edit(
        request,
        form=form,
        save=lambda data: actions.agenda_item_record_outcome(item=item, actor=request.user, data=data),
        title=_("Outcome of %(item)s") % {"item": item},
        back=_url("meeting", request, pk=item.meeting_id),
        done=lambda saved: _url("meeting", request, pk=item.meeting_id),
    )


@permission_required("council.manage")
@require_http_methods(["GET", "POST"])
def follow_up_create(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    item = get_or_404(selectors.agenda_item_get, request, pk)
    form = FollowUpForm(**posted(request), centre=request.centre)
    return _edit(
        request,
        form=form,
        save=lambda data: actions.follow_up_save(item=item, actor=request.user, data=data),
        title=_("Follow-up of %(item)s") % {"item": item},
        back=_url("meeting", request, pk=item.meeting_id),
        done=lambda saved: _url("follow_ups", request),
    )


@permission_required("council.manage")
@require_http_methods(["GET", "POST"])
def follow_up_edit(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    follow_up = get_or_404(selectors.follow_up_get, request, pk)
    form = FollowUpForm(**posted(request), instance=follow_up, centre=request.centre)
    return _edit(
        request,
        form=form,
        save=lambda data: actions.follow_up_save(
            item=follow_up.agenda_item, actor=request.user, data=data, follow_up=follow_up
        ),
        title=_("Follow-up"),
        back=_url("follow_ups", request),
        done=lambda saved: _url("follow_ups", request),
    )


@permission_required("council.view")
@require_GET
def follow_up_list(request: CentreRequest, centre: str) -> HttpResponse:
    """Every follow-up of a resolution; `?overdue=1` shows only those past due and not closed."""
    overdue = request.GET.get("overdue") == "1"
    follow_ups = selectors.follow_up_list(centre=request.centre, today=timezone.localdate(), overdue_only=overdue)
    page = Paginator(follow_ups, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "council/follow_up_list.html",
        {"page": page, "overdue": overdue, "today": timezone.localdate(), "query": "overdue=1" if overdue else ""},
    )


# --- papers -----------------------------------------------------------------------------------


@permission_required("council.view")
@require_GET
def paper_list(request: CentreRequest, centre: str) -> HttpResponse:
    text = request.GET.get("q", "")[:200]
    page = Paginator(selectors.paper_list(centre=request.centre, text=text), 25).get_page(request.GET.get("page"))
    return render(request, "council/paper_list.html", {"page": page, "q": text, "query": f"q={text}" if text else ""})


@permission_required("council.manage")
@require_http_methods(["GET", "POST"])
def paper_edit(request: CentreRequest, centre: str, pk: int | None = None) -> HttpResponse:
    paper = get_or_404(selectors.paper_get, request, pk) if pk else None
    form = PaperForm(**posted(request), instance=paper, centre=request.centre)
    return _edit(
        request,
        form=form,
        save=lambda data: actions.paper_save(centre=request.centre, actor=request.user, data=data, paper=paper),
        title=_("Paper"),
        back=_url("paper_list", request),
        done=lambda saved: _url("paper", request, pk=saved.pk),
    )


@permission_required("council.view")
@require_GET
def paper_detail(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    paper = get_or_404(selectors.paper_get, request, pk)
    return render(request, "council/paper_detail.html", {"paper": paper, "file_form": FileForm()})


@permission_required("council.manage")
@require_POST
def file_add(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """Upload a PDF to a paper (size and content checked by the form)."""
    paper = get_or_404(selectors.paper_get, request, pk)
    form = FileForm(request.POST, request.FILES)
    if form.is_valid():
        actions.file_add(
            paper=paper,
            actor=request.user,
            upload=form.cleaned_data["upload"],
            name=form.cleaned_data["name"],
            role=form.cleaned_data["role"],
        )
        messages.success(request, _("The file has been added."))
        return redirect(_url("paper", request, pk=paper.pk))
    return render(request, "council/paper_detail.html", {"paper": paper, "file_form": form}, status=422)


@permission_required("council.manage")
@require_POST
def file_delete(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    doc = get_or_404(selectors.file_get, request, pk)
    actions.file_delete(file=doc, actor=request.user)
    messages.success(request, _("The file has been removed."))
    return redirect(_url("paper", request, pk=doc.paper_id))


@permission_required("council.view")
@require_GET
def file_download(request: CentreRequest, centre: str, pk: int) -> FileResponse:
    doc = get_or_404(selectors.file_get, request, pk)
    if not doc.data:
        raise Http404
    return FileResponse(doc.data.open("rb"), content_type=doc.mime_type, filename=doc.file_name, as_attachment=True)


# --- public -----------------------------------------------------------------------------------


@public
@cache_public_page
@require_GET
def public_meetings(request: PublicRequest, centre: str) -> HttpResponse:
    """The council's meeting calendar for everyone."""
    page = Paginator(selectors.public_meetings(centre=request.centre), 25).get_page(request.GET.get("page"))
    return render(request, "council/public_meetings.html", {"page": page, "query": ""})


@public
@cache_public_page
@require_GET
def public_meeting(request: PublicRequest, centre: str, pk: int) -> HttpResponse:
    """A meeting's public agenda with its public papers, outcomes and resolutions."""
    meeting = get_or_404(selectors.public_meeting, request, pk)
    return render(request, "council/public_meeting.html", {"meeting": meeting})


@public
@cache_public_page
@require_GET
def public_resolutions(request: PublicRequest, centre: str) -> HttpResponse:
    """Every public resolution and how far its implementation got — for everyone."""
    page = Paginator(selectors.public_resolutions(centre=request.centre), 25).get_page(request.GET.get("page"))
    return render(request, "council/public_resolutions.html", {"page": page, "query": ""})


@public
@cache_public_page
@require_GET
def public_members(request: PublicRequest, centre: str) -> HttpResponse:
    """The council's members, as far as each consented to being named."""
    committees = selectors.public_members(centre=request.centre, on=timezone.localdate())
    return render(request, "council/public_members.html", {"committees": committees})


@public
@cache_public_page
@require_GET
def public_papers(request: PublicRequest, centre: str) -> HttpResponse:
    """Search the public papers by words."""
    text = request.GET.get("q", "")[:200]
    papers = selectors.public_papers(centre=request.centre, text=text)
    page = Paginator(papers, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "council/public_papers.html",
        {"page": page, "q": text, "query": urlencode({"q": text}) if text else ""},
    )


@public
@cache_public_page
@require_GET
def public_calendar(request: PublicRequest, centre: str) -> HttpResponse:
    """The meeting calendar to subscribe to (iCal)."""
    meetings = selectors.public_meetings(centre=request.centre)[:500]
    host = urlsplit(settings.SITE_URL).hostname or "anlaufstelle"
    content = publishing.meetings_calendar(
        meetings,
        name=f"Integrationsrat {request.centre.name}",
        host=host,
        url_of=lambda meeting: request.build_absolute_uri(
            reverse("council:public_meeting", kwargs={"centre": request.centre.slug, "pk": meeting.pk})
        ),
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="integrationsrat.ics"'
    return response


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- settings, attendance, documents, forwarding, import ---------------------------------------


@permission_required("council.manage")
@require_http_methods(["GET", "POST"])
def settings_edit(request: CentreRequest, centre: str) -> HttpResponse:
    """Notice period of invitations, the members' access to non-public items, allowances."""
    current = actions.settings_of(request.centre)
    form = SettingsForm(**posted(request), instance=current)
    return _edit(
        request,
        form=form,
        save=lambda data: actions.settings_save(centre=request.centre, actor=request.user, data=data),
        title=_("Council settings"),
        back=_url("body", request),
        done=lambda saved: _url("body", request),
    )


@permission_required("council.manage")
@require_http_methods(["GET", "POST"])
def attendance(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """During the meeting, on a tablet: who is present, from when to when, standing in for whom."""
    meeting = get_or_404(selectors.meeting_get, request, pk)
    form = AttendanceForm(**posted(request), centre=request.centre)
    if request.method == "POST" and form.is_valid():
        try:
            actions.attendance_record(meeting=meeting, actor=request.user, data=form.cleaned_data)
        except Refused as refusal:
            show_refusal(request, refusal, form=form)
        else:
            messages.success(request, _("Saved."))
            return redirect(_url("attendance", request, pk=meeting.pk))
    return render(
        request,
        "council/attendance.html",
        {"meeting": meeting, "form": form, "attendances": selectors.attendance_list(meeting=meeting)},
        status=422 if form.errors else 200,
    )


@permission_required("council.manage")
@require_POST
def attendance_remove(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    entry = get_or_404(selectors.attendance_get, request, pk)
    try:
        actions.attendance_remove(attendance=entry, actor=request.user)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("The attendance has been removed."))
    return redirect(_url("attendance", request, pk=entry.meeting_id))


@permission_required("council.view")
@require_GET
def invitation_pdf(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """The invitation as the members receive it (with the non-public part where the centre allows)."""
    meeting = get_or_404(selectors.meeting_get, request, pk)
    non_public = actions.settings_of(request.centre).members_see_non_public
    return _pdf_response(documents.invitation_pdf(meeting=meeting, non_public=non_public), "einladung.pdf")


@permission_required("council.view")
@require_GET
def minutes_pdf(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """The whole minutes (draft until approved), with the non-public part."""
    meeting = get_or_404(selectors.meeting_get, request, pk)
    return _pdf_response(documents.minutes_pdf(meeting=meeting, non_public=True), "niederschrift.pdf")


@permission_required("council.manage")
@require_GET
def allowance_pdf(request: CentreRequest, centre: str, pk: int, year: int) -> HttpResponse:
    """A member's yearly statement of attendance allowances."""
    if not 2000 <= year <= 2100:
        raise Http404
    person = get_or_404(selectors.person_get, request, pk)
    audit_reads(actor=request.user, centre=request.centre, action="council.person.view", targets=[person])
    return _pdf_response(documents.allowance_pdf(person=person, year=year), f"sitzungsgeld-{year}.pdf")


@permission_required("council.manage")
@require_http_methods(["GET", "POST"])
def forwarding_create(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    item = get_or_404(selectors.agenda_item_get, request, pk)
    form = ForwardingForm(**posted(request), centre=request.centre)
    return _edit(
        request,
        form=form,
        save=lambda data: actions.forwarding_save(item=item, actor=request.user, data=data),
        title=_("Forward %(item)s") % {"item": item},
        back=_url("meeting", request, pk=item.meeting_id),
        done=lambda saved: _url("meeting", request, pk=item.meeting_id),
    )


@permission_required("council.manage")
@require_http_methods(["GET", "POST"])
def forwarding_edit(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    forwarding = get_or_404(selectors.forwarding_get, request, pk)
    form = ForwardingForm(**posted(request), instance=forwarding, centre=request.centre)
    return _edit(
        request,
        form=form,
        save=lambda data: actions.forwarding_save(
            item=forwarding.agenda_item, actor=request.user, data=data, forwarding=forwarding
        ),
        title=_("Forwarding"),
        back=_url("meeting", request, pk=forwarding.agenda_item.meeting_id),
        done=lambda saved: _url("meeting", request, pk=forwarding.agenda_item.meeting_id),
    )


def fetch_for_import(url: str) -> Any:
    """The import's fetcher (public addresses only); tests replace it with a local stand-in's."""
    return oparl_import.public_fetch(url)


@permission_required("council.manage")
@require_http_methods(["GET", "POST"])
def oparl_import_view(request: CentreRequest, centre: str) -> HttpResponse:
    """Read the town council's committees, meetings and papers by OParl, to link forwardings."""
    form = OParlImportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        url = form.cleaned_data["system_url"]
        try:
            result = oparl_import.read_body(url, fetch=fetch_for_import, body_name=form.cleaned_data["body_name"])
        except oparl_import.ImportFailed:
            form.add_error("system_url", _("No OParl system answers at this address."))
        else:
            new = actions.external_objects_store(
                centre=request.centre, actor=request.user, source=url, rows=result.rows
            )
            messages.success(
                request,
                _("Read %(read)s objects, %(new)s of them new; %(skipped)s skipped.")
                % {"read": len(result.rows), "new": new, "skipped": result.skipped},
            )
            return redirect(_url("oparl_import", request))
    page = Paginator(selectors.external_objects(centre=request.centre), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "council/oparl_import.html",
        {"form": form, "page": page, "query": ""},
        status=422 if form.errors else 200,
    )


@permission_required("council.follow_up")
@require_GET
def my_follow_ups(request: CentreRequest, centre: str) -> HttpResponse:
    """The follow-ups this person is responsible for, overdue ones first (their worklist)."""
    today = timezone.localdate()
    follow_ups = selectors.own_follow_ups(centre=request.centre, owner=request.user, today=today)
    return render(request, "council/my_follow_ups.html", {"follow_ups": follow_ups, "today": today})


@permission_required("council.follow_up")
@require_http_methods(["GET", "POST"])
def my_follow_up(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """The owner reports how far a follow-up got. Another person's follow-up: 404."""
    try:
        follow_up = selectors.own_follow_up_get(centre=request.centre, owner=request.user, pk=pk)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
    form = OwnFollowUpForm(**posted(request), instance=follow_up)
    return _edit(
        request,
        form=form,
        save=lambda data: actions.follow_up_report(follow_up=follow_up, actor=request.user, data=data),
        title=_("Follow-up: %(task)s") % {"task": follow_up.task},
        back=_url("my_follow_ups", request),
        done=lambda saved: _url("my_follow_ups", request),
    )


@public
@cache_public_page
@require_GET
def public_pack(request: PublicRequest, centre: str, pk: int) -> HttpResponse:
    """The meeting pack for everyone: invitation, public agenda and public papers in one PDF."""
    meeting = get_or_404(selectors.public_meeting, request, pk)
    return _pdf_response(documents.pack_pdf(meeting=meeting), "sitzungsmappe.pdf")


@public
@cache_public_page
@require_GET
def public_minutes(request: PublicRequest, centre: str, pk: int) -> HttpResponse:
    """The approved minutes' public part (attendance only of those who consented)."""
    meeting = get_or_404(selectors.public_meeting, request, pk)
    if meeting.state != Meeting.State.MINUTES_APPROVED:
        raise Http404
    return _pdf_response(documents.minutes_pdf(meeting=meeting, non_public=False), "niederschrift.pdf")

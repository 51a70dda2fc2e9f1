"""The organiser's screens: the list of events, one event with dates and sessions, its status,
and the registrations per session with the waiting list (and their export)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.forms import BaseFormSet
from django.forms.utils import ErrorDict, ErrorList
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from anlaufstelle.core.access import permission_required
from anlaufstelle.core.audit import audit_reads, audit_record
from anlaufstelle.core.confirm import ask_first
from anlaufstelle.core.errors import Refused, show_refusal
from anlaufstelle.core.forms import requested_id
from anlaufstelle.core.http import CentreRequest
from anlaufstelle.core.models import AuditEntry
from anlaufstelle.core.tabular import csv_bytes, xlsx_workbook
from anlaufstelle.events import actions, selectors
from anlaufstelle.events.forms_staff import (
    ADDABLE,
    CancelForm,
    EventForm,
    MoveForm,
    changed_rows,
    event_formsets,
    with_another_row,
)
from anlaufstelle.events.models import Event, Registration, Session

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _event(request: CentreRequest, pk: int) -> Event:
    event = selectors.staff_event(centre=request.centre, pk=pk)
    if event is None:
        raise Http404
    return event


@permission_required("events.manage")
@require_GET
def event_list(request: CentreRequest, centre: str) -> HttpResponse:
    """The centre's events, newest date first, with their status and how full they are."""
    status = request.GET.get("status", "")
    if status not in Event.Status.values:
        status = ""
    events = selectors.events_overview(centre=request.centre, status=status)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "events/staff/event_list.html",
        {"page": page, "status": status, "statuses": Event.Status.choices, "query": query.urlencode()},
    )


def _live_rows(formset: Any) -> list[dict[str, Any]]:
    """The cleaned rows of a valid formset that are kept (neither empty nor marked for deletion)."""
    return [f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]


@permission_required("events.manage")
@require_http_methods(["GET", "POST"])
def event_edit(request: CentreRequest, centre: str, pk: int | None = None) -> HttpResponse:
    """A new event, or one to change: its details, its dates and its sessions with their seats."""
    the_centre = request.centre
    event = _event(request, pk) if pk is not None else Event(centre=the_centre)
    heading = event.title
    data = request.POST if request.method == "POST" else None
    kind = request.GET.get("kind", "") if data is None else ""
    kind = kind if kind in Event.Kind.values else Event.Kind.SINGLE
    adding = data.get("add") if data is not None else None
    if adding in ADDABLE:  # "add a row": the page again with one more row; nothing is checked or saved
        data = with_another_row(data, adding)
    initial = {"kind": kind} if event.pk is None else None
    form = EventForm(data, instance=event, centre=the_centre, initial=initial)
    dates, sessions = event_formsets(data, event, kind=kind)
    if adding in ADDABLE:
        _not_checked_yet(form, dates, sessions)
        data = None
    if data is not None:
        valid = [form.is_valid(), dates.is_valid(), sessions.is_valid()]  # all three, so each shows its errors
        if all(valid):
            if form.cleaned_data["kind"] == Event.Kind.DAY and any(
                not row.get("title") for row in _live_rows(sessions)
            ):
                form.add_error(None, _("On a day with parallel sessions, please give each session a title."))
            else:
                creating = event.pk is None
                try:
                    saved = actions.event_save(
                        centre=the_centre,
                        actor=request.user,
                        event=None if creating else event,
                        data=form.cleaned_data,
                        dates=changed_rows(dates),
                        sessions=changed_rows(sessions),
                    )
                except Refused as refusal:
                    show_refusal(request, refusal, form=form)
                else:
                    messages.success(request, _("The event has been created.") if creating else _("Saved."))
                    return redirect("events:edit", centre=centre, pk=saved.pk)
    public_url = ""
    if event.pk and event.status == Event.Status.PUBLISHED:
        public_url = request.build_absolute_uri(reverse("events:detail", kwargs={"centre": centre, "pk": event.pk}))
    return render(
        request,
        "events/staff/event_edit.html",
        {
            "event": event if event.pk else None,
            "heading": heading,
            "form": form,
            "dates": dates,
            "sessions": sessions,
            "limits": ADDABLE,
            "cancel_form": CancelForm(),
            "public_url": public_url,
        },
        status=422 if data is not None else 200,
    )


def _not_checked_yet(*forms: Any) -> None:
    """Show posted forms (and formsets) as typed, without errors: they were not submitted to be saved."""
    for one in forms:
        if isinstance(one, BaseFormSet):
            one._errors, one._non_form_errors = [], ErrorList()  # type: ignore[attr-defined]
            _not_checked_yet(*one.forms)
        else:
            one._errors = ErrorDict()


def _status_set(request: CentreRequest, pk: int, status: str, *, done: str, reason: str = "") -> HttpResponse:
    event = _event(request, pk)
    if status == event.status:
        messages.info(request, _("Nothing has changed."))
        return redirect("events:edit", centre=request.centre.slug, pk=event.pk)
    try:
        actions.event_status_set(event=event, actor=request.user, status=status, reason=reason)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, done)
    return redirect("events:edit", centre=request.centre.slug, pk=event.pk)


@permission_required("events.manage")
@require_POST
def event_publish(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """Publish: the event is in the calendar and open for registration."""
    return _status_set(
        request,
        pk,
        Event.Status.PUBLISHED,
        done=_("The event has been published: it is in the calendar and open for registration."),
    )


@permission_required("events.manage")
@require_POST
def event_withdraw(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """Back to draft: the event leaves the calendar."""
    return _status_set(
        request, pk, Event.Status.DRAFT, done=_("The event is a draft again: it no longer appears in the calendar.")
    )


@permission_required("events.manage")
@require_http_methods(["GET", "POST"])
def event_cancel(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """Cancel the event; everyone registered is told by e-mail, with the reason (GET asks first)."""
    form = CancelForm(request.POST if request.method == "POST" else request.GET)
    if not form.is_valid():  # only a forged form: the field on the page takes at most 300 characters
        raise Http404
    if request.method == "GET":
        event = _event(request, pk)
        told = Registration.objects.of_event(event).exclude(status=Registration.Status.CANCELLED).count()
        return ask_first(
            request,
            title=_("Cancel the event?"),
            what=_(
                "“%(event)s” is cancelled and cannot be published again. %(count)s people registered "
                "(with a seat or on the waiting list) are told by e-mail, with your reason."
            )
            % {"event": event.title, "count": told},
            whom=[form.cleaned_data["reason"]] if form.cleaned_data["reason"] else [],
            button=_("Yes, cancel the event and tell everyone registered"),
            back=reverse("events:edit", kwargs={"centre": centre, "pk": event.pk}),
            carry=["reason"],
        )
    return _status_set(
        request,
        pk,
        Event.Status.CANCELLED,
        done=_("The event has been cancelled; everyone registered is being told by e-mail."),
        reason=form.cleaned_data["reason"],
    )


def _when(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _export(request: CentreRequest, event: Event, sessions: list[Session], file_format: str) -> HttpResponse:
    """The participant list (without cancellations) as CSV or XLSX; the export is in the audit trail."""
    headers = [
        _("Session"),
        _("Status"),
        _("Place on the waiting list"),
        _("First name"),
        _("Last name"),
        _("E-mail"),
        _("Institution"),
        _("Kind of institution"),
        _("Role"),
        _("Dietary needs"),
        _("Access needs"),
        event.extra_question or _("Answer"),
        _("Registered by"),
        _("E-mail of the person registering"),
        _("Registered at"),
        _("Place decided at"),
    ]
    rows = []
    for session in sessions:
        queues = (session.confirmed, session.waiting, session.unconfirmed)  # type: ignore[attr-defined]
        for queue in queues:
            for place, r in enumerate(queue, start=1):
                rows.append(
                    [
                        session.title or event.title,
                        r.get_status_display(),
                        place if r.status == Registration.Status.WAITING else "",
                        r.first_name,
                        r.last_name,
                        r.email,
                        r.institution,
                        r.get_institution_kind_display() if r.institution_kind else "",
                        r.role,
                        r.dietary,
                        r.access_needs,
                        r.extra_answer,
                        r.group.contact_name,
                        r.group.contact_email,
                        _when(r.created_at),
                        _when(r.placed_at),
                    ]
                )
    audit_record(
        actor=request.user,
        centre=request.centre,
        kind=AuditEntry.Kind.EXPORT,
        action="events.registrations.export",
        target=event,
        changes={"rows": [None, len(rows)], "format": [None, file_format]},
    )
    if file_format == "xlsx":
        response = HttpResponse(xlsx_workbook([(_("Participants"), headers, rows)]), content_type=XLSX)
    else:
        response = HttpResponse(csv_bytes(headers, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="teilnehmende-{event.pk}.{file_format}"'
    response["Cache-Control"] = "no-store"
    return response


@permission_required("events.manage")
@require_GET
def registrations(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """Per session: seats, participants, the waiting list in its order; the export."""
    event = _event(request, pk)
    file_format = request.GET.get("format", "")
    if file_format not in ("", "csv", "xlsx"):
        raise Http404
    sessions, people = selectors.event_participants(event=event)
    if file_format:
        return _export(request, event, sessions, file_format)
    audit_reads(
        actor=request.user,
        centre=request.centre,
        action="events.registrations.view",
        targets=people,
    )
    response = render(
        request,
        "events/staff/registrations.html",
        {
            "event": event,
            "sessions": sessions,
            "answers": bool(event.extra_question) or any(r.extra_answer for r in people),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@permission_required("events.manage")
@require_http_methods(["GET", "POST"])
def registration_cancel(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """Cancel one participant's registration (`cancel`: its id); a freed seat goes to the waiting list.

    GET asks first, naming the person; only the POST of that page cancels.
    """
    event = _event(request, pk)
    data = request.POST if request.method == "POST" else request.GET
    registration = selectors.event_registration(event=event, pk=requested_id(data, "cancel"))
    if registration is None:
        raise Http404
    if request.method == "GET":
        return ask_first(
            request,
            title=_("Cancel this registration?"),
            what=_(
                "The registration for “%(event)s” is cancelled. If a seat becomes free, the first person "
                "on the waiting list moves up and is told by e-mail."
            )
            % {"event": event.title},
            whom=[str(registration)],
            button=_("Yes, cancel the registration"),
            back=reverse("events:registrations", kwargs={"centre": centre, "pk": event.pk}),
            carry=["cancel"],
        )
    try:
        promoted = actions.registration_cancel(registration=registration, actor=request.user)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("The registration of %(name)s has been cancelled.") % {"name": registration})
        if promoted is not None:
            messages.success(
                request,
                _("%(name)s has moved up from the waiting list and is being told by e-mail.") % {"name": promoted},
            )
    return redirect("events:registrations", centre=centre, pk=event.pk)


@permission_required("events.manage")
@require_POST
def registration_move(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """Move a participant to another session of the event (into a free seat)."""
    event = _event(request, pk)
    form = MoveForm(request.POST, event=event)
    if not form.is_valid():
        raise Http404
    registration, session = form.cleaned_data["registration"], form.cleaned_data["session"]
    try:
        moved = actions.registration_move(registration=registration, session=session, actor=request.user)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(
            request,
            _("%(name)s has been moved to %(session)s.") % {"name": moved, "session": session.title or event.title},
        )
    return redirect("events:registrations", centre=centre, pk=event.pk)

"""The organiser's screens: the list of events, one event with dates and sessions, its status,
and the registrations per session with the waiting list (and their export)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.forms import BaseFormSet
from django.forms.utils import ErrorDict, ErrorList
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from anlaufstelle.core.access import permission_required
from anlaufstelle.core.audit import audit_reads, audit_record
from anlaufstelle.core.forms import requested_id
from anlaufstelle.core.models import AuditEntry, Centre
from anlaufstelle.core.tabular import csv_bytes, xlsx_workbook
from anlaufstelle.events import actions
from anlaufstelle.events import registration as reg
from anlaufstelle.events.forms_staff import (
    ADDABLE,
    EventForm,
    MoveForm,
    StatusForm,
    event_formsets,
    with_another_row,
)
from anlaufstelle.events.models import Event, EventDate, Registration, Session

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _centre(request: HttpRequest) -> Centre:
    return request.centre  # type: ignore[attr-defined,no-any-return]


def _event(request: HttpRequest, pk: int) -> Event:
    event = Event.objects.filter(centre=_centre(request), pk=pk).select_related("organisation", "address").first()
    if event is None:
        raise Http404
    return event


def _counted(status: str) -> Subquery:
    """How many registrations of an event have `status` (one correlated subquery)."""
    rows = (
        Registration.objects.filter(session__event=OuterRef("pk"), status=status)
        .order_by()
        .values("session__event")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Subquery(rows, output_field=IntegerField())


def _overview(centre: Centre) -> QuerySet[Event]:
    """The centre's events with first date, number of dates, seats, taken seats and waiting list: one query."""
    dates = EventDate.objects.filter(event=OuterRef("pk")).order_by()
    seats = Session.objects.filter(event=OuterRef("pk")).order_by().values("event").annotate(n=Sum("capacity"))
    return Event.objects.filter(centre=centre).annotate(
        first=Subquery(dates.order_by("starts_at").values("starts_at")[:1]),
        date_count=Coalesce(
            Subquery(dates.values("event").annotate(n=Count("id")).values("n"), output_field=IntegerField()), 0
        ),
        seats=Coalesce(Subquery(seats.values("n"), output_field=IntegerField()), 0),
        taken=Coalesce(_counted(Registration.Status.CONFIRMED), 0),
        waiting=Coalesce(_counted(Registration.Status.WAITING), 0),
    )


@permission_required("events.manage")
@require_GET
def event_list(request: HttpRequest, centre: str) -> HttpResponse:
    """The centre's events, newest date first, with their status and how full they are."""
    status = request.GET.get("status", "")
    events = _overview(_centre(request)).order_by(F("first").desc(nulls_last=True), "-pk")
    if status in Event.Status.values:
        events = events.filter(status=status)
    else:
        status = ""
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
def event_edit(request: HttpRequest, centre: str, pk: int | None = None) -> HttpResponse:
    """A new event, or one to change: its details, its dates and its sessions with their seats."""
    the_centre = _centre(request)
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
                        actor=request.user,  # type: ignore[arg-type]
                        form=form,
                        dates=dates,
                        sessions=sessions,
                    )
                except actions.EventError as exc:
                    form.add_error(None, str(exc))
                    if creating:  # the transaction was rolled back: the event does not exist
                        event.pk = None
                        event._state.adding = True
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
            "status_form": StatusForm(),
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


@permission_required("events.manage")
@require_POST
def event_status(request: HttpRequest, centre: str, pk: int) -> HttpResponse:
    """Publish, withdraw to draft, or cancel (everyone registered is told by e-mail)."""
    event = _event(request, pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        raise Http404
    status = form.cleaned_data["status"]
    if status == event.status:
        messages.info(request, _("Nothing has changed."))
        return redirect("events:edit", centre=centre, pk=event.pk)
    try:
        actions.event_status_set(
            event=event,
            actor=request.user,  # type: ignore[arg-type]
            status=status,
            reason=form.cleaned_data["reason"],
        )
    except actions.EventError as exc:
        messages.error(request, str(exc))
    else:
        done = {
            Event.Status.PUBLISHED: _("The event has been published: it is in the calendar and open for registration."),
            Event.Status.DRAFT: _("The event is a draft again: it no longer appears in the calendar."),
            Event.Status.CANCELLED: _("The event has been cancelled; everyone registered is being told by e-mail."),
        }
        messages.success(request, done[status])
    return redirect("events:edit", centre=centre, pk=event.pk)


def _participants(event: Event) -> tuple[list[Session], list[Registration]]:
    """The sessions of an event, each with its confirmed, waiting and unconfirmed participants."""
    sessions: list[Session] = list(
        event.sessions.annotate(
            cancelled=Count("registrations", filter=Q(registrations__status=Registration.Status.CANCELLED))
        ).order_by("position", "id")
    )
    people = list(
        Registration.objects.filter(session__event=event)
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("group")
        .order_by("id")
    )
    placed = sorted(
        (r for r in people if r.status != Registration.Status.UNCONFIRMED),
        key=lambda r: (r.placed_at or r.created_at, r.pk),
    )
    for session in sessions:
        mine = [r for r in placed if r.session_id == session.pk]
        session.confirmed = [r for r in mine if r.status == Registration.Status.CONFIRMED]  # type: ignore[attr-defined]
        session.waiting = [r for r in mine if r.status == Registration.Status.WAITING]  # type: ignore[attr-defined]
        session.unconfirmed = [  # type: ignore[attr-defined]
            r for r in people if r.session_id == session.pk and r.status == Registration.Status.UNCONFIRMED
        ]
        session.free = max(0, session.capacity - len(session.confirmed))  # type: ignore[attr-defined]
    return sessions, people


def _when(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _export(request: HttpRequest, event: Event, sessions: list[Session], file_format: str) -> HttpResponse:
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
        actor=request.user,  # type: ignore[arg-type]
        centre=_centre(request),
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
@require_http_methods(["GET", "POST"])
def registrations(request: HttpRequest, centre: str, pk: int) -> HttpResponse:
    """Per session: seats, participants, the waiting list in its order; cancel a participant; export."""
    event = _event(request, pk)
    if request.method == "POST":
        registration = Registration.objects.filter(
            session__event=event, pk=requested_id(request.POST, "cancel") or 0
        ).first()
        if registration is None:
            raise Http404
        try:
            promoted = reg.registration_cancel(registration=registration, actor=request.user)  # type: ignore[arg-type]
        except reg.RegistrationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The registration of %(name)s has been cancelled.") % {"name": registration})
            if promoted is not None:
                messages.success(
                    request,
                    _("%(name)s has moved up from the waiting list and is being told by e-mail.") % {"name": promoted},
                )
        return redirect("events:registrations", centre=centre, pk=event.pk)
    file_format = request.GET.get("format", "")
    if file_format not in ("", "csv", "xlsx"):
        raise Http404
    sessions, people = _participants(event)
    if file_format:
        return _export(request, event, sessions, file_format)
    audit_reads(
        actor=request.user,  # type: ignore[arg-type]
        centre=_centre(request),
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
@require_POST
def registration_move(request: HttpRequest, centre: str, pk: int) -> HttpResponse:
    """Move a participant to another session of the event (into a free seat)."""
    event = _event(request, pk)
    form = MoveForm(request.POST, event=event)
    if not form.is_valid():
        raise Http404
    registration, session = form.cleaned_data["registration"], form.cleaned_data["session"]
    try:
        moved = reg.registration_move(registration=registration, session=session, actor=request.user)  # type: ignore[arg-type]
    except reg.RegistrationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("%(name)s has been moved to %(session)s.") % {"name": moved, "session": session.title or event.title},
        )
    return redirect("events:registrations", centre=centre, pk=event.pk)

"""On the day: the check-in page (search a name; tick and undo, each its own POST; htmx or plain
forms), adding a walk-in, and the sign-in list."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from anlaufstelle.core.access import permission_required
from anlaufstelle.core.audit import audit_record
from anlaufstelle.core.errors import Refused, show_refusal
from anlaufstelle.core.forms import requested_id
from anlaufstelle.core.http import CentreRequest
from anlaufstelle.core.models import AuditEntry
from anlaufstelle.events import actions, attendance, selectors
from anlaufstelle.events.forms_staff import WalkInForm
from anlaufstelle.events.models import Event, EventDate

TEMPLATE = "events/day/check_in.html"
MAX_QUERY = 100


def _event(request: CentreRequest, pk: int) -> Event:
    event = selectors.staff_event(centre=request.centre, pk=pk)
    if event is None:
        raise Http404
    return event


def _query(data: Any) -> str:
    """The search words as typed (bounded; no NUL characters)."""
    return " ".join(data.get("q", "").replace("\x00", "").split())[:MAX_QUERY]


def _chosen_date(dates: list[EventDate], value: str | None) -> EventDate | None:
    """The date asked for; else the event's date today; else its first date."""
    wanted = requested_id({"id": value}, "id")
    for date in dates:
        if date.pk == wanted:
            return date
    today = timezone.localdate()
    for date in dates:
        if timezone.localdate(date.starts_at) == today:
            return date
    return dates[0] if dates else None


def _back(request: CentreRequest, event: Event, date: EventDate, query: str, anchor: str = "") -> HttpResponseRedirect:
    params: dict[str, Any] = {"date": date.pk}
    if query:
        params["q"] = query
    url = reverse("events:check_in", kwargs={"centre": request.centre.slug, "pk": event.pk})
    return HttpResponseRedirect(f"{url}?{urlencode(params)}{'#' + anchor if anchor else ''}")


@permission_required("events.check_in")
@require_GET
def check_in(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """Who is there, date by date: search a name, tap the button (htmx swaps the roster or the row)."""
    event = _event(request, pk)
    dates = selectors.event_dates(event=event)
    query = _query(request.GET)
    date = _chosen_date(dates, request.GET.get("date"))
    context: dict[str, Any] = {"event": event, "dates": dates, "date": date, "query": query}
    if date is not None:
        rows = attendance.roster(event=event, date=date, query=query)
        context.update(
            rows=rows,
            counts=attendance.counts(event=event, date=date),
            open=attendance.check_in_open(date),
            walk_in_form=WalkInForm(initial={"date": date.pk}, event=event),
        )
    if request.htmx:
        return render(request, TEMPLATE + "#roster", context)
    audit_record(
        actor=request.user,
        centre=request.centre,
        kind=AuditEntry.Kind.READ,
        action="events.check_in.view",
        target=event,
        changes={"date": [None, date.pk if date else None]},
    )
    return render(request, TEMPLATE, context)


def _tick(request: CentreRequest, pk: int, *, undo: bool) -> HttpResponse:
    """Check a participant in for one date, or take it back (`undo`)."""
    event = _event(request, pk)
    query = _query(request.POST)
    date = selectors.event_date(event=event, pk=requested_id(request.POST, "date"))
    if date is None:
        return HttpResponseBadRequest()
    registration = selectors.event_registration(event=event, pk=requested_id(request.POST, "registration"))
    if registration is None:
        raise Http404
    name = f"{registration.first_name} {registration.last_name}"
    refusal: Refused | None = None
    try:
        if undo:
            actions.check_in_undo(registration=registration, date=date, actor=request.user)
            done = _("The check-in of %(name)s was taken back.") % {"name": name}
        else:
            actions.check_in(registration=registration, date=date, actor=request.user)
            done = _("%(name)s is checked in.") % {"name": name}
    except Refused as exc:
        refusal = exc
    if not request.htmx:
        if refusal is not None:
            show_refusal(request, refusal)
        else:
            messages.success(request, done)
        return _back(request, event, date, query, anchor=f"p-{registration.pk}")
    registration.refresh_from_db(fields=["status"])
    context = {
        "event": event,
        "date": date,
        "query": query,
        "open": attendance.check_in_open(date),
        "row": attendance.roster_row(registration=registration, date=date),
        "counts": attendance.counts(event=event, date=date),
        "error": refusal.message if refusal is not None else "",
        "out_of_band": True,
    }
    return render(request, TEMPLATE + "#row", context)


@permission_required("events.check_in")
@require_POST
def check_in_tick(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """Tick a participant as present on a date (ticking twice changes nothing)."""
    return _tick(request, pk, undo=False)


@permission_required("events.check_in")
@require_POST
def check_in_undo(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """Take a participant's tick for a date back (a mistake on the tablet)."""
    return _tick(request, pk, undo=True)


@permission_required("events.check_in")
@require_POST
def walk_in(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """Add someone who came without registering: a seat, checked in for the date shown."""
    event = _event(request, pk)
    form = WalkInForm(request.POST, event=event)
    if not form.is_valid():
        if "date" in form.errors:
            raise Http404
        dates = selectors.event_dates(event=event)
        date = form.cleaned_data["date"]
        context: dict[str, Any] = {
            "event": event,
            "dates": dates,
            "date": date,
            "query": "",
            "rows": attendance.roster(event=event, date=date),
            "counts": attendance.counts(event=event, date=date),
            "open": attendance.check_in_open(date),
            "walk_in_form": form,
        }
        return render(request, TEMPLATE, context, status=422)
    data = form.cleaned_data
    date = data["date"]
    try:
        person = actions.walk_in(
            event=event,
            date=date,
            session=data.get("session"),
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            institution=data["institution"],
            actor=request.user,
        )
    except Refused as refusal:
        show_refusal(request, refusal)
        return _back(request, event, date, "")
    messages.success(request, _("%(name)s was added and is checked in.") % {"name": person})
    return _back(request, event, date, "", anchor=f"p-{person.pk}")


@permission_required("events.check_in")
@require_GET
def sign_in_list(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """The printable sign-in list (PDF): a sheet per date, and per session on a day with parallel sessions."""
    event = _event(request, pk)
    date = None
    if "date" in request.GET:
        date = selectors.event_date(event=event, pk=requested_id(request.GET, "date"))
        if date is None:
            raise Http404
    pdf = attendance.sign_in_pdf(event, date=date)
    audit_record(
        actor=request.user,
        centre=request.centre,
        kind=AuditEntry.Kind.EXPORT,
        action="events.sign_in_list",
        target=event,
        changes={"date": [None, date.pk if date else "all"]},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    suffix = f"-{timezone.localdate(date.starts_at).isoformat()}" if date else ""
    response["Content-Disposition"] = f'inline; filename="teilnahmeliste-{event.pk}{suffix}.pdf"'
    response["Cache-Control"] = "no-store"
    return response

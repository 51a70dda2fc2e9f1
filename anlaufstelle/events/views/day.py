"""On the day: the check-in page (search a name, tick; htmx or plain forms) and the sign-in list."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from anlaufstelle.core.access import permission_required
from anlaufstelle.core.audit import audit_record
from anlaufstelle.core.forms import requested_id
from anlaufstelle.core.models import AuditEntry, Centre
from anlaufstelle.events import attendance
from anlaufstelle.events.forms_staff import WalkInForm
from anlaufstelle.events.models import Event, EventDate, Registration

TEMPLATE = "events/day/check_in.html"
MAX_QUERY = 100


def _centre(request: HttpRequest) -> Centre:
    return request.centre  # type: ignore[attr-defined,no-any-return]


def _event(request: HttpRequest, pk: int) -> Event:
    return get_object_or_404(
        Event.objects.filter(centre=_centre(request)).select_related("organisation", "address"), pk=pk
    )


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


def _back(request: HttpRequest, event: Event, date: EventDate, query: str, anchor: str = "") -> HttpResponseRedirect:
    params: dict[str, Any] = {"date": date.pk}
    if query:
        params["q"] = query
    url = reverse("events:check_in", kwargs={"centre": _centre(request).slug, "pk": event.pk})
    return HttpResponseRedirect(f"{url}?{urlencode(params)}{'#' + anchor if anchor else ''}")


@permission_required("events.check_in")
@require_http_methods(["GET", "POST"])
def check_in(request: HttpRequest, centre: str, pk: int) -> HttpResponse:
    """Tick who is there, date by date: search a name, tap the button (htmx swaps the row)."""
    event = _event(request, pk)
    dates = list(event.dates.order_by("starts_at", "id"))
    data = request.POST if request.method == "POST" else request.GET
    query = " ".join(data.get("q", "").replace("\x00", "").split())[:MAX_QUERY]
    htmx = bool(request.htmx)  # type: ignore[attr-defined]
    if request.method == "POST":
        return _tick(request, event, dates, query, htmx)
    date = _chosen_date(dates, data.get("date"))
    context: dict[str, Any] = {"event": event, "dates": dates, "date": date, "query": query}
    if date is not None:
        rows = attendance.roster(event=event, date=date, query=query)
        context.update(
            rows=rows,
            counts=attendance.counts(event=event, date=date),
            open=attendance.check_in_open(date),
            walk_in_form=WalkInForm(initial={"date": date.pk}, event=event),
        )
    if htmx:
        return render(request, TEMPLATE + "#roster", context)
    audit_record(
        actor=request.user,  # type: ignore[arg-type]
        centre=_centre(request),
        kind=AuditEntry.Kind.READ,
        action="events.check_in.view",
        target=event,
        changes={"date": [None, date.pk if date else None]},
    )
    return render(request, TEMPLATE, context)


def _tick(request: HttpRequest, event: Event, dates: list[EventDate], query: str, htmx: bool) -> HttpResponse:
    """Check a participant in (action "in") or take it back (action "undo") for one date."""
    wanted = requested_id(request.POST, "date")
    date = next((d for d in dates if d.pk == wanted), None)
    action = request.POST.get("action")
    if date is None or action not in ("in", "undo"):
        return HttpResponseBadRequest()
    registration: Registration = get_object_or_404(
        Registration.objects.select_related("session"),
        pk=requested_id(request.POST, "registration") or 0,
        session__event=event,
    )
    name = f"{registration.first_name} {registration.last_name}"
    error = done = ""
    try:
        if action == "in":
            attendance.check_in(registration=registration, date=date, actor=request.user)  # type: ignore[arg-type]
            done = _("%(name)s is checked in.") % {"name": name}
        else:
            attendance.undo(registration=registration, date=date, actor=request.user)  # type: ignore[arg-type]
            done = _("The check-in of %(name)s was taken back.") % {"name": name}
    except attendance.CheckInError as exc:
        error = str(exc)
    if not htmx:
        if error:
            messages.error(request, error)
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
        "error": error,
        "out_of_band": True,
    }
    return render(request, TEMPLATE + "#row", context)


@permission_required("events.check_in")
@require_POST
def walk_in(request: HttpRequest, centre: str, pk: int) -> HttpResponse:
    """Add someone who came without registering: a seat, checked in for the date shown."""
    event = _event(request, pk)
    form = WalkInForm(request.POST, event=event)
    if not form.is_valid():
        if "date" in form.errors:
            raise Http404
        dates = list(event.dates.order_by("starts_at", "id"))
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
        person = attendance.walk_in(
            event=event,
            date=date,
            session=data.get("session"),
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            institution=data["institution"],
            actor=request.user,  # type: ignore[arg-type]
        )
    except attendance.CheckInError as exc:
        messages.error(request, str(exc))
        return _back(request, event, date, "")
    messages.success(request, _("%(name)s was added and is checked in.") % {"name": person})
    return _back(request, event, date, "", anchor=f"p-{person.pk}")


@permission_required("events.check_in")
@require_GET
def sign_in_list(request: HttpRequest, centre: str, pk: int) -> HttpResponse:
    """The printable sign-in list (PDF): a sheet per date, and per session on a day with parallel sessions."""
    event = _event(request, pk)
    date = None
    if "date" in request.GET:
        date = event.dates.filter(pk=requested_id(request.GET, "date") or 0).first()
        if date is None:
            raise Http404
    pdf = attendance.sign_in_pdf(event, date=date)
    audit_record(
        actor=request.user,  # type: ignore[arg-type]
        centre=_centre(request),
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

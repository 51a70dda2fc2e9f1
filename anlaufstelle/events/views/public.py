"""The public side of events: calendar, event page, iCal, registration, confirmation, own link."""

from __future__ import annotations

import datetime
import urllib.parse

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from anlaufstelle.core.access import public
from anlaufstelle.core.errors import Refused, show_refusal
from anlaufstelle.core.forms import requested_id
from anlaufstelle.core.http import PublicRequest
from anlaufstelle.core.middleware import ratelimit_key
from anlaufstelle.core.selectors import public_page_get
from anlaufstelle.events import actions, publishing, selectors
from anlaufstelle.events import registration as reg
from anlaufstelle.events.forms_public import CalendarFilter, ContactForm, Participants
from anlaufstelle.events.models import Event, RegistrationGroup
from anlaufstelle.events.models.event import TargetGroup, Topic


@public
@require_GET
def calendar(request: PublicRequest, centre: str) -> HttpResponse:
    """Coming events, filtered by target group, topic and month; works without JavaScript."""
    the_centre = request.centre
    filters = CalendarFilter(request.GET).filters()
    events = selectors.calendar_events(centre=the_centre, **filters)
    today = timezone.localdate()
    months = [(today.replace(day=1) + datetime.timedelta(days=32 * n)).replace(day=1) for n in range(12)]
    return render(
        request,
        "events/calendar.html",
        {
            "page": public_page_get(centre=the_centre, language=translation.get_language() or "de"),
            "events": events,
            "groups": TargetGroup.choices,
            "topics": Topic.choices,
            "months": months,
            "chosen": {key: request.GET.get(key, "") for key in ("gruppe", "thema", "monat")},
        },
    )


def _event(request: PublicRequest, pk: int) -> Event:
    event = selectors.public_event(centre=request.centre, pk=pk)
    if event is None:
        raise Http404
    return event


@public
@require_GET
def detail(request: PublicRequest, centre: str, pk: int) -> HttpResponse:
    event = _event(request, pk)
    url = request.build_absolute_uri(reverse("events:detail", kwargs={"centre": centre, "pk": event.pk}))
    register_url = request.build_absolute_uri(reverse("events:register", kwargs={"centre": centre, "pk": event.pk}))
    free = selectors.seats_free(event)
    labels = dict(zip(event.target_group_list, event.target_group_labels, strict=False))
    return render(
        request,
        "events/detail.html",
        {
            "page": public_page_get(centre=request.centre, language=translation.get_language() or "de"),
            "event": event,
            "seats_free": free,
            "open": reg.registration_open(event),
            "json_ld": publishing.json_ld(event, url=url, register_url=register_url, seats_free=free, labels=labels),
        },
    )


def _uid_host() -> str:
    """The site's own host name (from SITE_URL), so UIDs stay the same however the site is reached."""
    return urllib.parse.urlparse(settings.SITE_URL).hostname or "anlaufstelle"


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@public
@require_GET
def feed(request: PublicRequest, centre: str) -> HttpResponse:
    """Every coming event of the centre as an iCalendar feed to subscribe to."""
    the_centre = request.centre
    events = list(selectors.public_events(centre=the_centre)[:500])
    content = publishing.calendar(
        events,
        name=f"{the_centre.name} – {_('Events')}",
        host=_uid_host(),
        url_of=lambda e: request.build_absolute_uri(reverse("events:detail", kwargs={"centre": centre, "pk": e.pk})),
    )
    response = _ics(content, "veranstaltungen.ics")
    response["Content-Disposition"] = 'inline; filename="veranstaltungen.ics"'
    return response


@public
@require_GET
def event_ics(request: PublicRequest, centre: str, pk: int) -> HttpResponse:
    event = _event(request, pk)
    content = publishing.calendar(
        [event],
        name=event.title,
        host=_uid_host(),
        url_of=lambda e: request.build_absolute_uri(reverse("events:detail", kwargs={"centre": centre, "pk": e.pk})),
    )
    return _ics(content, f"veranstaltung-{event.pk}.ics")


@public
@ratelimit(key=ratelimit_key, rate="20/h", method="POST", block=False)
@require_http_methods(["GET", "POST"])
def register(request: PublicRequest, centre: str, pk: int) -> HttpResponse:
    """Register one person or several staff of one institution (double opt-in by e-mail)."""
    event = _event(request, pk)
    if not reg.registration_open(event):
        return render(request, "events/closed.html", {"event": event}, status=410)
    post = request.POST if request.method == "POST" else None
    rows = min(requested_id(request.GET, "personen") or 1, reg.MAX_PARTICIPANTS)
    single = rows == 1  # one person registers themselves: the name is asked once
    form = ContactForm(post, event=event, single=single)
    people = Participants(
        post, event=event, single=single, prefix="person", initial=[{}] * rows if post is None else None
    )
    if post is None:
        people.extra = 0
    elif single:
        people.max_num = people.absolute_max = 1
    context = {"event": event, "form": form, "people": people, "rows": rows}
    if post is not None and getattr(request, "limited", False):
        return render(request, "events/register.html", {**context, "limited": True}, status=429)
    if post is not None and form.is_valid() and people.is_valid():
        if form.cleaned_data.get("website"):  # the hidden field: a bot; pretend success, store nothing
            return render(request, "events/register_done.html", {"event": event})
        contact, participants = form.cleaned_data, people.people()
        if single:
            first = participants[0]
            contact = {**contact, "name": f"{first['first_name']} {first['last_name']}"}
            participants = [{**first, "email": contact["email"]}]
        try:
            actions.registration_submit(
                event=event,
                contact=contact,
                participants=participants,
                language=translation.get_language() or "de",
                actor=None,
            )
        except Refused as refusal:
            show_refusal(request, refusal, form=form)
        else:
            return render(request, "events/register_done.html", {"event": event})
    return render(request, "events/register.html", context, status=422 if post is not None else 200)


def _no_leak(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"
    return response


def _group(request: PublicRequest, token: str, *, confirm: bool = False) -> RegistrationGroup:
    group = reg.group_by_token(centre=request.centre, token=token, confirm=confirm)
    if group is None:
        raise Http404
    return group


@public
@require_http_methods(["GET", "POST"])
def confirm(request: PublicRequest, centre: str, token: str) -> HttpResponse:
    """Confirming the e-mail address: a button (link scanners only GET), then seat or waiting list."""
    group = _group(request, token, confirm=True)
    placed = None
    if request.method == "POST":
        try:
            placed = actions.registration_confirm(group=group, actor=None)
        except Refused as refusal:
            show_refusal(request, refusal)
    event = selectors.group_event(group=group)
    return _no_leak(render(request, "events/confirm.html", {"group": group, "event": event, "placed": placed}))


@public
@require_GET
def manage(request: PublicRequest, centre: str, token: str) -> HttpResponse:
    """The personal link: every registration of the submission, each cancellable."""
    group = _group(request, token)
    registrations = selectors.group_registrations(group=group)
    return _no_leak(
        render(
            request,
            "events/manage.html",
            {"group": group, "registrations": registrations, "event": registrations[0].session.event, "token": token},
        )
    )


@public
@require_POST
def manage_cancel(request: PublicRequest, centre: str, token: str) -> HttpResponse:
    """Cancel one registration of the submission (`cancel`: its id) on the personal link."""
    group = _group(request, token)
    registration = selectors.group_registration(group=group, pk=requested_id(request.POST, "cancel"))
    if registration is None:
        raise Http404
    try:
        actions.registration_cancel(registration=registration, actor=None, by_participant=True)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("The registration has been cancelled."))
    return _no_leak(redirect("events:manage", centre=centre, token=token))

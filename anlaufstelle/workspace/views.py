"""The start page with what is due, the person's messages, their e-mail setting, and the centre's e-mail texts."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, translate_url
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_scopes import scope

from anlaufstelle.core.access import permission_required, permissions_in, public
from anlaufstelle.core.audit import audit_reads
from anlaufstelle.core.errors import Refused, show_refusal
from anlaufstelle.core.forms import requested_id
from anlaufstelle.core.http import CentreRequest, PublicRequest
from anlaufstelle.core.tokens import find_by_token
from anlaufstelle.workspace import actions, agenda, selectors
from anlaufstelle.workspace.due import due_for
from anlaufstelle.workspace.forms import MailSettingForm, MailTextForm
from anlaufstelle.workspace.kinds import KINDS, render_mail
from anlaufstelle.workspace.models import CalendarFeed, Notification
from anlaufstelle.workspace.search import MIN_LENGTH, search_all

LATEST = 5


def _rows(notifications: list[Notification]) -> list[dict[str, object]]:
    language = translation.get_language() or settings.LANGUAGE_CODE
    return [
        {"n": n, "title": KINDS[n.kind].title if n.kind in KINDS else n.kind, "url": translate_url(n.url, language)}
        for n in notifications
    ]


def start(request: CentreRequest) -> HttpResponse:
    """The start page (drawn for `core:dashboard`): what is due for this person, and the latest messages."""
    permissions = permissions_in(request.user, request.centre)
    due = due_for(user=request.user, centre=request.centre, permissions=permissions)
    groups: dict[str, list[object]] = {}
    for item in due:
        groups.setdefault(str(item.group), []).append(item)
    unread = list(
        selectors.notifications_of(centre=request.centre, user=request.user).filter(read_at__isnull=True)[: LATEST + 1]
    )
    return render(
        request,
        "workspace/start.html",
        {
            "groups": groups,
            "latest": _rows(unread[:LATEST]),
            "more_unread": len(unread) > LATEST,
            "unread": selectors.unread_count(centre=request.centre, user=request.user) if unread else 0,
        },
    )


@permission_required("core.view_internal_area")
@require_GET
def search(request: CentreRequest, centre: str) -> HttpResponse:
    """One box across the modules: each kind only where the person may see it, personal hits audited as reads."""
    query = request.GET.get("q", "").strip()[:100]
    groups = search_all(
        user=request.user,
        centre=request.centre,
        permissions=permissions_in(request.user, request.centre),
        query=query,
    )
    for group in groups:
        if group.audit_action and group.audit_targets:
            audit_reads(
                actor=request.user, centre=request.centre, action=group.audit_action, targets=group.audit_targets
            )
    return render(
        request,
        "workspace/search.html",
        {"query": query, "groups": groups, "too_short": bool(query) and len(query) < MIN_LENGTH},
    )


@permission_required("core.view_internal_area")
def notifications(request: CentreRequest, centre: str) -> HttpResponse:
    rows = selectors.notifications_of(centre=request.centre, user=request.user)
    page = Paginator(rows, 25).get_page(request.GET.get("seite"))
    return render(
        request,
        "workspace/notifications.html",
        {
            "rows": _rows(list(page.object_list)),
            "page_obj": page,
            "unread": selectors.unread_count(centre=request.centre, user=request.user),
            "mail_form": MailSettingForm(
                initial={"mode": selectors.mail_mode(centre=request.centre, user=request.user)}
            ),
        },
    )


@permission_required("core.view_internal_area")
@require_POST
def mark_read(request: CentreRequest, centre: str) -> HttpResponse:
    pk = requested_id(request.POST, "notification")
    if pk is None:
        raise Http404
    actions.notification_mark_read(centre=request.centre, user=request.user, notification_ids=[pk])
    return redirect("workspace:notifications", centre=centre)


@permission_required("core.view_internal_area")
@require_POST
def mark_all_read(request: CentreRequest, centre: str) -> HttpResponse:
    count = actions.notification_mark_read(centre=request.centre, user=request.user)
    if count:
        messages.success(request, _("All messages are marked as read."))
    return redirect("workspace:notifications", centre=centre)


@permission_required("core.view_internal_area")
@require_POST
def mail_setting(request: CentreRequest, centre: str) -> HttpResponse:
    form = MailSettingForm(request.POST)
    if form.is_valid():
        actions.mail_setting_save(centre=request.centre, user=request.user, mode=form.cleaned_data["mode"])
        messages.success(request, _("Your e-mail setting has been saved."))
    else:
        messages.error(request, _("Please choose how you want to receive messages by e-mail."))
    return redirect("workspace:notifications", centre=centre)


@permission_required("workspace.edit_mail_texts")
def mail_texts(request: CentreRequest, centre: str) -> HttpResponse:
    return render(request, "workspace/mail_texts.html", {"rows": selectors.mail_text_table(centre=request.centre)})


def _kind_and_language(kind: str, language: str) -> None:
    if kind not in KINDS or language not in dict(settings.LANGUAGES):
        raise Http404


def _preview(request: CentreRequest, kind: str, language: str, subject: str, body: str) -> dict[str, str]:
    sample = {
        "thing": str(_("Amira Beispiel (example)")),
        "link": settings.SITE_URL + "/" + request.centre.slug + "/intern/",
        "centre": request.centre.name,
        "name": request.user.full_name,
    }
    subject, body = render_mail(subject=subject, body=body, values=sample)
    return {"subject": subject, "body": body}


@permission_required("workspace.edit_mail_texts")
@require_http_methods(["GET", "POST"])
def mail_text_edit(request: CentreRequest, centre: str, kind: str, language: str) -> HttpResponse:
    """Edit one text; "Preview" shows it filled with an example (nothing saved), "Save" keeps it."""
    _kind_and_language(kind, language)
    subject, body = selectors.mail_texts(centre=request.centre, kind=kind, language=language)
    form = MailTextForm(request.POST or None, initial={"subject": subject, "body": body})
    preview = None
    if request.method == "POST" and form.is_valid():
        preview = _preview(request, kind, language, form.cleaned_data["subject"], form.cleaned_data["body"])
    return render(
        request,
        "workspace/mail_text.html",
        {
            "form": form,
            "kind": kind,
            "kind_title": KINDS[kind].title,
            "language": language,
            "language_name": dict(settings.LANGUAGES)[language],
            "preview": preview,
            "own": selectors.mail_text(centre=request.centre, kind=kind, language=language) is not None,
        },
    )


@permission_required("workspace.edit_mail_texts")
@require_POST
def mail_text_save(request: CentreRequest, centre: str, kind: str, language: str) -> HttpResponse:
    _kind_and_language(kind, language)
    form = MailTextForm(request.POST)
    if form.is_valid():
        try:
            actions.mail_text_save(
                centre=request.centre,
                actor=request.user,
                kind=kind,
                language=language,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
            )
        except Refused as refusal:
            show_refusal(request, refusal, form=form)
        else:
            messages.success(request, _("The e-mail text has been saved."))
            return redirect("workspace:mail_texts", centre=centre)
    return render(
        request,
        "workspace/mail_text.html",
        {
            "form": form,
            "kind": kind,
            "kind_title": KINDS[kind].title,
            "language": language,
            "language_name": dict(settings.LANGUAGES)[language],
            "preview": None,
            "own": selectors.mail_text(centre=request.centre, kind=kind, language=language) is not None,
        },
    )


@permission_required("workspace.edit_mail_texts")
@require_POST
def mail_text_reset(request: CentreRequest, centre: str, kind: str, language: str) -> HttpResponse:
    _kind_and_language(kind, language)
    actions.mail_text_reset(centre=request.centre, actor=request.user, kind=kind, language=language)
    messages.success(request, _("The built-in text is used again."))
    return redirect("workspace:mail_texts", centre=centre)


# --- the calendar -------------------------------------------------------------------------------


def _calendar_day(raw: str | None) -> datetime.date:
    try:
        return datetime.date.fromisoformat(raw or "")
    except ValueError:
        return timezone.localdate()


@permission_required("core.view_internal_area")
@require_GET
def calendar(request: CentreRequest, centre: str) -> HttpResponse:
    """A week or a month of appointments, interpreting, events and council meetings: the person's own
    or everything they may see in this centre."""
    view = agenda.MONTH if request.GET.get("view") == agenda.MONTH else agenda.WEEK
    scope = "mine" if request.GET.get("scope") == "mine" else "all"
    day = _calendar_day(request.GET.get("day"))
    first, last, previous, following = agenda.window(view, day)
    entries = agenda.entries_for(
        user=request.user,
        centre=request.centre,
        permissions=permissions_in(request.user, request.centre),
        start=_local_midnight(first),
        end=_local_midnight(last),
        mine_only=scope == "mine",
    )
    days = agenda.by_day(entries, first, last)
    return render(
        request,
        "workspace/calendar.html",
        {
            "view": view,
            "scope": scope,
            "day": day,
            "days": days,
            "weeks": [days[i : i + 7] for i in range(0, len(days), 7)],
            "month": day.month,
            "previous": previous.isoformat(),
            "following": following.isoformat(),
            "today": timezone.localdate(),
            "count": len(entries),
        },
    )


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


@permission_required("core.view_internal_area")
@require_GET
def calendar_feeds(request: CentreRequest, centre: str) -> HttpResponse:
    """The person's subscription links (iCal) to their calendar."""
    return _feeds_page(request)


def _feeds_page(request: CentreRequest, *, new_url: str = "", status: int = 200) -> HttpResponse:
    return render(
        request,
        "workspace/calendar_feeds.html",
        {
            "feeds": selectors.calendar_feeds_of(centre=request.centre, user=request.user),
            "scopes": CalendarFeed.Scope.choices,
            "new_url": new_url,
        },
        status=status,
    )


@permission_required("core.view_internal_area")
@require_POST
def calendar_feed_create(request: CentreRequest, centre: str) -> HttpResponse:
    """A new subscription link, shown once on the page that answers."""
    try:
        _feed, token = actions.calendar_feed_create(
            centre=request.centre, user=request.user, scope=request.POST.get("scope", "")
        )
    except Refused as refusal:
        show_refusal(request, refusal)
        return _feeds_page(request, status=422)
    url = settings.SITE_URL + reverse("workspace:calendar_feed", kwargs={"centre": request.centre.slug, "token": token})
    return _feeds_page(request, new_url=url)


@permission_required("core.view_internal_area")
@require_POST
def calendar_feed_end(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    feed = selectors.calendar_feeds_of(centre=request.centre, user=request.user).filter(pk=pk).first()
    if feed is None:
        raise Http404
    actions.calendar_feed_end(feed=feed, actor=request.user)
    messages.success(request, _("The subscription link no longer works."))
    return redirect("workspace:calendar_feeds", centre=centre)


@public
@require_GET
def calendar_feed(request: PublicRequest, centre: str, token: str) -> HttpResponse:
    """The subscribed calendar: what the link's owner may see now, from 30 days back to a year ahead,
    without names of families or children."""
    feed = find_by_token(CalendarFeed, centre=request.centre, token=token, select_related=("user",))
    if feed is None or not feed.user.is_active:
        raise Http404
    now = timezone.now()
    with scope(centre=request.centre):
        entries = agenda.entries_for(
            user=feed.user,
            centre=request.centre,
            permissions=permissions_in(feed.user, request.centre),
            start=now - datetime.timedelta(days=30),
            end=now + datetime.timedelta(days=366),
            mine_only=feed.scope == CalendarFeed.Scope.MINE,
        )
    body = agenda.ical(entries, calendar_name=f"{request.centre.name} – {_('Calendar')}", site_url=settings.SITE_URL)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="kalender.ics"'
    response["Cache-Control"] = "no-store"
    return response

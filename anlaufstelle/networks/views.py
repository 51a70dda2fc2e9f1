"""Views of the networks module: thin — form, access check, action or selector, render.

Everything lives under <centre>/intern/netzwerke/. Staff read networks, meetings, the log and the
picture (`networks.view`) and tick off their own action items; `networks.manage` keeps them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db.models import Model
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from anlaufstelle.core.access import has_permission, permission_required
from anlaufstelle.core.audit import audit_reads
from anlaufstelle.core.edit import edit_page, get_or_404, posted
from anlaufstelle.core.errors import Refused, show_refusal
from anlaufstelle.core.http import CentreRequest
from anlaufstelle.networks import actions, documents, graph, selectors
from anlaufstelle.networks.forms import (
    ActionItemForm,
    ConsultationFilterForm,
    ConsultationForm,
    FilterForm,
    MeetingForm,
    MemberForm,
    NetworkForm,
)
from anlaufstelle.networks.models import Network

FORM_TEMPLATE = "networks/form.html"


def _url(name: str, request: CentreRequest, **kwargs: Any) -> str:
    return reverse(f"networks:{name}", kwargs={"centre": request.centre.slug, **kwargs})


def _edit(
    request: CentreRequest,
    *,
    form: Any,
    save: Callable[[dict[str, Any]], Model],
    title: str,
    back: str,
    done: Callable[[Any], str],
) -> HttpResponse:
    return edit_page(
        request, form=form, save=save, done=done, template=FORM_TEMPLATE, context={"title": title, "back": back}
    )


# --- networks and members ----------------------------------------------------------------------


@permission_required("networks.view")
@require_GET
def overview(request: CentreRequest, centre: str) -> HttpResponse:
    """The centre's networks and working groups, filtered by level and topic."""
    form = FilterForm(request.GET or None)
    wanted = form.values()
    networks = selectors.network_list(centre=request.centre, level=wanted["level"], topic=wanted["topic"])
    context = {"networks": networks, "filter_form": form, "can_manage": _manages(request)}
    return render(request, "networks/overview.html", context)


def _manages(request: CentreRequest) -> bool:
    return has_permission(request.user, request.centre, "networks.manage")


@permission_required("networks.manage")
@require_http_methods(["GET", "POST"])
def network_edit(request: CentreRequest, centre: str, pk: int | None = None) -> HttpResponse:
    network = get_or_404(selectors.network_get, request, pk) if pk else None
    form = NetworkForm(**posted(request), instance=network, centre=request.centre)
    return _edit(
        request,
        form=form,
        save=lambda data: actions.network_save(centre=request.centre, actor=request.user, data=data, network=network),
        title=_("Network or working group"),
        back=_url("network", request, pk=network.pk) if network else _url("overview", request),
        done=lambda saved: _url("network", request, pk=saved.pk),
    )


@permission_required("networks.view")
@require_GET
def network_detail(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """A network's members with who attends for them, and its meetings."""
    network = get_or_404(selectors.network_get, request, pk)
    detail = selectors.network_detail(network=network)
    contacts = [member.contact for member in detail["members"] if member.contact is not None]
    audit_reads(actor=request.user, centre=request.centre, action="networks.member.view", targets=contacts)
    context = {"network": network, "can_manage": _manages(request), **detail}
    return render(request, "networks/network_detail.html", context)


@permission_required("networks.manage")
@require_http_methods(["GET", "POST"])
def member_add(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    network = get_or_404(selectors.network_get, request, pk)
    form = MemberForm(**posted(request), centre=request.centre)
    return _edit(
        request,
        form=form,
        save=lambda data: actions.member_save(network=network, actor=request.user, data=data),
        title=_("Add a member"),
        back=_url("network", request, pk=network.pk),
        done=lambda saved: _url("network", request, pk=network.pk),
    )


@permission_required("networks.manage")
@require_http_methods(["GET", "POST"])
def member_edit(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    member = get_or_404(selectors.member_get, request, pk)
    form = MemberForm(**posted(request), instance=member, centre=request.centre)
    return _edit(
        request,
        form=form,
        save=lambda data: actions.member_save(network=member.network, actor=request.user, data=data, member=member),
        title=_("Membership"),
        back=_url("network", request, pk=member.network_id),
        done=lambda saved: _url("network", request, pk=member.network_id),
    )


@permission_required("networks.manage")
@require_POST
def member_remove(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    member = get_or_404(selectors.member_get, request, pk)
    actions.member_remove(member=member, actor=request.user)
    messages.success(request, _("The organisation has been taken out of the network."))
    return redirect(_url("network", request, pk=member.network_id))


# --- meetings and action items -----------------------------------------------------------------


@permission_required("networks.manage")
@require_http_methods(["GET", "POST"])
def meeting_create(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    network = get_or_404(selectors.network_get, request, pk)
    form = MeetingForm(**posted(request), centre=request.centre)
    return _edit(
        request,
        form=form,
        save=lambda data: actions.meeting_save(network=network, actor=request.user, data=data),
        title=_("New meeting"),
        back=_url("network", request, pk=network.pk),
        done=lambda saved: _url("meeting", request, pk=saved.pk),
    )


@permission_required("networks.manage")
@require_http_methods(["GET", "POST"])
def meeting_edit(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    meeting = get_or_404(selectors.meeting_get, request, pk)
    form = MeetingForm(**posted(request), instance=meeting, centre=request.centre)
    return _edit(
        request,
        form=form,
        save=lambda data: actions.meeting_save(network=meeting.network, actor=request.user, data=data, meeting=meeting),
        title=_("Meeting, agenda and minutes"),
        back=_url("meeting", request, pk=meeting.pk),
        done=lambda saved: _url("meeting", request, pk=saved.pk),
    )


@permission_required("networks.view")
@require_GET
def meeting_detail(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """A meeting's agenda, minutes and action items; keepers add action items and send mail here."""
    meeting = get_or_404(selectors.meeting_get, request, pk)
    return _meeting_page(request, meeting, ActionItemForm(centre=request.centre))


def _meeting_page(request: CentreRequest, meeting: Any, form: Any, status: int = 200) -> HttpResponse:
    context = {
        "meeting": meeting,
        "network": meeting.network,
        "form": form,
        "can_manage": _manages(request),
        "recipients": len(selectors.mail_recipients(meeting=meeting)),
        "today": timezone.localdate(),
    }
    return render(request, "networks/meeting_detail.html", context, status=status)


@permission_required("networks.manage")
@require_POST
def action_item_add(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    meeting = get_or_404(selectors.meeting_get, request, pk)
    form = ActionItemForm(request.POST, centre=request.centre)
    if form.is_valid():
        try:
            actions.action_item_save(meeting=meeting, actor=request.user, data=form.cleaned_data)
        except Refused as refusal:
            show_refusal(request, refusal, form=form)
        else:
            messages.success(request, _("The action item has been given."))
            return redirect(_url("meeting", request, pk=meeting.pk))
    return _meeting_page(request, meeting, form, status=422)


@permission_required("networks.view")
@require_POST
def action_item_done(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """Tick off an action item: its owner, or a keeper of networks."""
    item = get_or_404(selectors.action_item_get, request, pk)
    if item.owner_id != request.user.pk and not _manages(request):
        raise Http404
    done = request.POST.get("done", "1") != "0"
    actions.action_item_done(item=item, actor=request.user, done=done)
    messages.success(request, _("Done.") if done else _("Opened again."))
    back = request.POST.get("back")
    if back == "meeting":
        return redirect(_url("meeting", request, pk=item.meeting_id))
    return redirect(_url("my_actions", request))


@permission_required("networks.view")
@require_GET
def my_actions(request: CentreRequest, centre: str) -> HttpResponse:
    """The person's own action items from network meetings."""
    context = selectors.my_action_items(centre=request.centre, user=request.user)
    return render(request, "networks/my_actions.html", context)


def _send(request: CentreRequest, pk: int, send: Callable[..., int], done: str) -> HttpResponse:
    meeting = get_or_404(selectors.meeting_get, request, pk)
    try:
        count = send(meeting=meeting, actor=request.user)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, done % {"count": count})
    return redirect(_url("meeting", request, pk=meeting.pk))


@permission_required("networks.manage")
@require_POST
def meeting_invite(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    return _send(request, pk, actions.meeting_invite, _("The invitation goes to %(count)s people."))


@permission_required("networks.manage")
@require_POST
def meeting_send_minutes(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    return _send(request, pk, actions.meeting_send_minutes, _("The minutes go to %(count)s people."))


@permission_required("networks.view")
@require_GET
def minutes_pdf(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    meeting = get_or_404(selectors.meeting_get, request, pk)
    response = HttpResponse(documents.minutes_pdf(meeting=meeting), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="protokoll-{meeting.pk}.pdf"'
    return response


# --- consultations -----------------------------------------------------------------------------


@permission_required("networks.view")
@require_GET
def consultations(request: CentreRequest, centre: str) -> HttpResponse:
    """The consultation log, by organisation and topic; 50 at a time, newest first."""
    form = ConsultationFilterForm(request.GET or None, centre=request.centre)
    organisation, topic = None, ""
    if form.is_valid():
        organisation, topic = form.cleaned_data["organisation"], form.cleaned_data["topic"].strip()
    entries = list(
        selectors.consultation_list(
            centre=request.centre, organisation_id=organisation.pk if organisation else None, topic=topic
        )[:50]
    )
    named = [entry.contact for entry in entries if entry.contact is not None]
    audit_reads(actor=request.user, centre=request.centre, action="networks.consultation.view", targets=named)
    context = {
        "consultations": entries,
        "filter_form": form,
        "topics": selectors.topic_names(centre=request.centre),
        "can_manage": _manages(request),
        "organisation": organisation,
    }
    return render(request, "networks/consultations.html", context)


@permission_required("networks.view")
@require_GET
def consultation_detail(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    consultation = get_or_404(selectors.consultation_get, request, pk)
    if consultation.contact is not None:
        audit_reads(
            actor=request.user,
            centre=request.centre,
            action="networks.consultation.view",
            targets=[consultation.contact],
        )
    context = {"consultation": consultation, "can_manage": _manages(request)}
    return render(request, "networks/consultation_detail.html", context)


@permission_required("networks.manage")
@require_http_methods(["GET", "POST"])
def consultation_edit(request: CentreRequest, centre: str, pk: int | None = None) -> HttpResponse:
    consultation = get_or_404(selectors.consultation_get, request, pk) if pk else None
    initial: dict[str, Any] = {}
    if consultation is None:
        initial = {"staff": request.user.pk, "held_on": timezone.localdate()}
        wanted = request.GET.get("organisation", "")
        if wanted.isdigit():
            initial["organisation"] = int(wanted)
    form = ConsultationForm(**posted(request), instance=consultation, initial=initial, centre=request.centre)
    return _edit(
        request,
        form=form,
        save=lambda data: actions.consultation_save(
            centre=request.centre, actor=request.user, data=data, consultation=consultation
        ),
        title=_("Consultation"),
        back=_url("consultation", request, pk=consultation.pk) if consultation else _url("consultations", request),
        done=lambda saved: _url("consultation", request, pk=saved.pk),
    )


@permission_required("networks.manage")
@require_POST
def consultation_delete(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    consultation = get_or_404(selectors.consultation_get, request, pk)
    actions.consultation_delete(consultation=consultation, actor=request.user)
    messages.success(request, _("The consultation has been removed from the log."))
    return redirect(_url("consultations", request))


# --- who works with whom -----------------------------------------------------------------------


@permission_required("networks.view")
@require_GET
def cooperation(request: CentreRequest, centre: str) -> HttpResponse:
    """Organisations linked by the networks they share: an SVG drawn on the server, and the same as a table."""
    form = FilterForm(request.GET or None)
    wanted = form.values()
    rows = selectors.cooperation(centre=request.centre, level=wanted["level"], topic=wanted["topic"])["rows"]
    context = {
        "filter_form": form,
        "picture": graph.build(rows),
        "table": graph.partners_table(rows),
        "levels": Network.Level,
    }
    return render(request, "networks/cooperation.html", context)

"""After the event: sending the certificates (organiser), and the participant's own page with the
certificate to download and the short feedback form (public, by the personal link)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from anlaufstelle.core.access import permission_required, public
from anlaufstelle.core.errors import Refused, show_refusal
from anlaufstelle.core.http import CentreRequest, PublicRequest
from anlaufstelle.events import actions, selectors
from anlaufstelle.events import certificates as certs
from anlaufstelle.events.feedback import has_feedback
from anlaufstelle.events.forms_public import FeedbackForm
from anlaufstelle.events.models import Registration


def _no_leak(response: HttpResponse) -> HttpResponse:
    """The personal link is in the address: keep the page out of caches and other sites' referrers."""
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"
    return response


@permission_required("events.manage")
@require_POST
def certificates(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """Send the certificate to every attendee not served yet (after the event's last date)."""
    event = selectors.staff_event(centre=request.centre, pk=pk)
    if event is None:
        raise Http404
    try:
        sent = actions.certificates_send(event=event, actor=request.user)
    except Refused as refusal:
        show_refusal(request, refusal)
        return redirect("events:registrations", centre=centre, pk=event.pk)
    unsent = certs.unsent_count(event)
    if sent:
        messages.success(
            request,
            ngettext(
                "%(count)s certificate has been sent.",
                "%(count)s certificates have been sent.",
                sent,
            )
            % {"count": sent},
        )
    elif not certs.attendees(event):
        messages.info(request, _("Nobody was checked in, so there is no certificate to send."))
    elif not unsent:
        messages.info(request, _("There was no certificate left to send: every attendee already has theirs."))
    if unsent:
        messages.error(
            request,
            ngettext(
                "%(count)s certificate could not be sent. Please try again later.",
                "%(count)s certificates could not be sent. Please try again later.",
                unsent,
            )
            % {"count": unsent},
        )
    return redirect("events:registrations", centre=centre, pk=event.pk)


def _participant(request: PublicRequest, token: str) -> Registration:
    registration = certs.by_token(centre=request.centre, token=token)
    if registration is None:
        raise Http404
    return registration


@public
@require_http_methods(["GET", "POST"])
def participant(request: PublicRequest, centre: str, token: str) -> HttpResponse:
    """The participant's own page: the certificate to download and the feedback form (answered once)."""
    registration = _participant(request, token)
    form = FeedbackForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            errors = [str(error) for errors in form.errors.values() for error in errors]
            messages.error(request, " ".join(dict.fromkeys(errors)) or _("Please check your answers."))
            status = 422
        else:
            try:
                actions.feedback_give(
                    registration=registration,
                    overall=form.cleaned_data["overall"],
                    useful=form.cleaned_data["useful"],
                    comment=form.cleaned_data["comment"],
                    actor=None,
                )
            except Refused as refusal:
                show_refusal(request, refusal)
                status = 422
            else:
                messages.success(request, _("Thank you for your feedback!"))
                return _no_leak(redirect("events:participant", centre=centre, token=token))
    return _no_leak(
        render(
            request,
            "events/after/participant.html",
            {
                "registration": registration,
                "event": registration.session.event,
                "participation": certs.participation(registration),
                "token": token,
                "form": form,
                "answered": has_feedback(registration),
            },
            status=status,
        )
    )


@public
@require_GET
def certificate(request: PublicRequest, centre: str, token: str) -> HttpResponse:
    """The participant's certificate as a PDF."""
    registration = _participant(request, token)
    try:
        pdf = certs.certificate_pdf(registration)
    except Refused as refusal:  # no longer an attendee (e.g. the tick was taken back)
        raise Http404 from refusal
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{certs.certificate_filename(registration.session.event)}"'
    return _no_leak(response)

"""After the event: sending the certificates (organiser), and the participant's own page with the
certificate to download and the short feedback form (public, by the personal link)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_scopes import scopes_disabled

from anlaufstelle.core.access import permission_required, public
from anlaufstelle.core.audit import audit_record
from anlaufstelle.core.models import AuditEntry, Centre
from anlaufstelle.events import certificates as certs
from anlaufstelle.events.feedback import FeedbackError, FeedbackForm, feedback_save, has_feedback
from anlaufstelle.events.models import Event, Registration


def _centre(request: HttpRequest) -> Centre:
    return request.centre  # type: ignore[attr-defined,no-any-return]


def _no_leak(response: HttpResponse) -> HttpResponse:
    """The personal link is in the address: keep the page out of caches and other sites' referrers."""
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"
    return response


@permission_required("events.manage")
@require_POST
def certificates(request: HttpRequest, centre: str, pk: int) -> HttpResponse:
    """Send the certificate to every attendee not served yet (after the event's last date)."""
    event = Event.objects.filter(centre=_centre(request), pk=pk).first()
    if event is None:
        raise Http404
    try:
        sent = certs.send_certificates(event)
    except certs.CertificateError as exc:
        messages.error(request, str(exc))
        return redirect("events:registrations", centre=centre, pk=event.pk)
    unsent = certs.unsent_count(event)
    audit_record(
        actor=request.user,  # type: ignore[arg-type]
        centre=_centre(request),
        kind=AuditEntry.Kind.UPDATE,
        action="events.certificates.send",
        target=event,
        changes={"sent": [None, sent], "unsent": [None, unsent]},
    )
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


def _participant(centre: str, token: str) -> Registration:
    registration = certs.by_token(token, centre)
    if registration is None:
        raise Http404
    return registration


@public
@require_http_methods(["GET", "POST"])
def participant(request: HttpRequest, centre: str, token: str) -> HttpResponse:
    """The participant's own page: the certificate to download and the feedback form (answered once)."""
    registration = _participant(centre, token)
    form = FeedbackForm()
    status = 200
    if request.method == "POST":
        form = FeedbackForm(request.POST)
        try:
            feedback_save(registration, request.POST)
        except FeedbackError as exc:
            messages.error(request, str(exc))
            status = 422
        else:
            messages.success(request, _("Thank you for your feedback!"))
            return _no_leak(redirect("events:participant", centre=centre, token=token))
    with scopes_disabled():
        found = certs.participation(registration)
        answered = has_feedback(registration)
    return _no_leak(
        render(
            request,
            "events/after/participant.html",
            {
                "registration": registration,
                "event": registration.session.event,
                "participation": found,
                "token": token,
                "form": form,
                "answered": answered,
            },
            status=status,
        )
    )


@public
@require_GET
def certificate(request: HttpRequest, centre: str, token: str) -> HttpResponse:
    """The participant's certificate as a PDF."""
    registration = _participant(centre, token)
    try:
        pdf = certs.certificate_pdf(registration)
    except certs.CertificateError as exc:  # no longer an attendee (e.g. the tick was taken back)
        raise Http404 from exc
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{certs.certificate_filename(registration.session.event)}"'
    return _no_leak(response)

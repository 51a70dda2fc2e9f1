"""Views of the volunteers module: the public sign-up and token pages, the coordinator's screens
and the institutions' requests. Thin: form → selector or one action → render or redirect."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from anlaufstelle.core.access import permission_required, public
from anlaufstelle.core.audit import audit_reads, audit_record
from anlaufstelle.core.confirm import ask_first
from anlaufstelle.core.errors import Refused, show_refusal
from anlaufstelle.core.forms import requested_id
from anlaufstelle.core.http import CentreRequest, PublicRequest
from anlaufstelle.core.middleware import ratelimit_key
from anlaufstelle.core.models import AuditEntry
from anlaufstelle.core.privacy_views import PersonalDataViews, back_to
from anlaufstelle.core.reports import xlsx_download, year_from
from anlaufstelle.partners.selectors import districts as register_districts
from anlaufstelle.volunteers import actions, calendars, matching, rules, selectors, statements
from anlaufstelle.volunteers import figures as volunteer_figures
from anlaufstelle.volunteers.forms import (
    AbsenceForm,
    ErasureForm,
    HoursForm,
    InstitutionRequestForm,
    InterpretingSettingsForm,
    OnboardingForm,
    PoolFormSet,
    ProfileForm,
    RequestForm,
    SignUpForm,
    SignUpLanguages,
    clean_languages,
    profile_formsets,
)
from anlaufstelle.volunteers.models import Assignment, InterpretingRequest, Offer, Volunteer

EXCLUSION_REASONS = [
    (matching.NO_LANGUAGE, gettext_lazy("does not speak the language")),
    (matching.NO_DIALECT, gettext_lazy("does not speak the dialect")),
    (matching.LEVEL_TOO_LOW, gettext_lazy("language level too low")),
    (matching.INACTIVE, gettext_lazy("not active")),
    (matching.NOT_AVAILABLE, gettext_lazy("not available at that time")),
    (matching.ABSENT, gettext_lazy("absent that day")),
    (matching.BUSY, gettext_lazy("already booked at that time")),
    (matching.OUT_OF_REACH, gettext_lazy("does not reach that district")),
    (matching.GENDER, gettext_lazy("not the gender the requester requires")),
]


def _private(response: HttpResponse) -> HttpResponse:
    """A page behind a secret link: never cached, and the link never leaks to other sites.

    "no-referrer" would also make browsers send "Origin: null" with the page's own form posts,
    which CSRF protection rightly refuses; "same-origin" keeps them working.
    """
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"
    return response


def _row_edits(formset: Any) -> list[actions.RowEdit]:
    """The rows of a valid (inline) model formset that were added, changed or marked for removal."""
    fk = getattr(formset, "fk", None)  # an inline formset's link to the volunteer: set by the action
    edits = []
    for form in formset.forms:
        if not form.has_changed():
            continue
        delete = bool(formset.can_delete and form.cleaned_data.get("DELETE"))
        if form.instance.pk is None and delete:
            continue
        values = {name: form.cleaned_data.get(name) for name in form._meta.fields if fk is None or name != fk.name}
        edits.append(actions.RowEdit(pk=form.instance.pk, values=values, delete=delete))
    return edits


@public
@ratelimit(key=ratelimit_key, rate="10/h", method="POST", block=False)
@require_http_methods(["GET", "POST"])
def sign_up(request: PublicRequest, centre: str) -> HttpResponse:
    """The public, multilingual form for people who want to volunteer."""
    pools = list(selectors.pools(centre=request.centre))
    post = request.POST if request.method == "POST" else None
    form = SignUpForm(post, districts=register_districts(centre=request.centre), pools=pools)
    languages = SignUpLanguages(post, prefix="lang")
    if post is not None and getattr(request, "limited", False):
        return render(
            request, "volunteers/sign_up.html", {"form": form, "languages": languages, "limited": True}, status=429
        )
    if post is not None and form.is_valid() and languages.is_valid():
        if form.cleaned_data.get("website"):  # the hidden field: a bot; pretend success, store nothing
            return render(request, "volunteers/sign_up_done.html")
        try:
            rows = clean_languages(languages)
        except ValidationError as exc:
            form.add_error(None, exc.messages[0])
        else:
            try:
                actions.volunteer_sign_up(
                    centre=request.centre,
                    data=form.cleaned_data,
                    languages=rows,
                    windows=form.windows(),
                    pools=[p for p in pools if str(p.pk) in form.cleaned_data["pools"]],
                    language=translation.get_language() or "de",
                )
            except Refused as refusal:
                show_refusal(request, refusal, form=form)
            else:
                # The same page whether the address was new or known; its owner hears by e-mail.
                return render(request, "volunteers/sign_up_done.html")
    return render(
        request,
        "volunteers/sign_up.html",
        {"form": form, "languages": languages},
        status=422 if post is not None else 200,
    )


@permission_required("volunteers.view")
@require_GET
def volunteer_list(request: CentreRequest, centre: str) -> HttpResponse:
    """Volunteers by status, with what onboarding still lacks and certificates due for renewal."""
    status = request.GET.get("status", "")
    certificates = request.GET.get("certificates") == "due"
    volunteers = selectors.volunteer_list(
        centre=request.centre, status=status, language=request.GET.get("language", ""), certificates_due=certificates
    )
    page = Paginator(volunteers, 50).get_page(request.GET.get("page"))
    audit_reads(
        actor=request.user, centre=request.centre, action="volunteers.list.view", targets=list(page.object_list)
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "volunteers/volunteer_list.html",
        {
            "page": page,
            "status": status,
            "statuses": Volunteer.Status.choices,
            "certificates": certificates,
            "query": query.urlencode(),
        },
    )


def _volunteer(request: CentreRequest, pk: int) -> Volunteer:
    try:
        return selectors.volunteer_get(centre=request.centre, pk=pk)
    except Volunteer.DoesNotExist as exc:
        raise Http404 from exc


def _assignment(volunteer: Volunteer, pk: int | None) -> Assignment:
    try:
        return selectors.assignment_of(volunteer=volunteer, pk=pk or 0)
    except Assignment.DoesNotExist as exc:
        raise Http404 from exc


def _back_to_volunteer(centre: str, volunteer: Volunteer) -> HttpResponse:
    return redirect("volunteers:detail", centre=centre, pk=volunteer.pk)


@permission_required("volunteers.change")
@require_http_methods(["GET", "POST"])
def volunteer_detail(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """One volunteer: languages, reach, availability, onboarding steps and status; saves the onboarding form."""
    volunteer = _volunteer(request, pk)
    post = request.POST if request.method == "POST" else None
    form = OnboardingForm(post, instance=volunteer, pools=selectors.pools(centre=request.centre))
    if post is None:
        audit_reads(actor=request.user, centre=request.centre, action="volunteers.view", targets=[volunteer])
    elif form.is_valid():
        data = {name: form.cleaned_data[name] for name in (*actions.ONBOARDING_FIELDS, "note")}
        try:
            actions.volunteer_onboarding_update(
                volunteer=volunteer, actor=request.user, data=data, pools=list(form.cleaned_data["pools"])
            )
        except Refused as refusal:
            show_refusal(request, refusal, form=form)
        else:
            messages.success(request, _("Saved."))
            return _back_to_volunteer(centre, volunteer)
    this_year = timezone.localdate().year
    return render(
        request,
        "volunteers/volunteer_detail.html",
        {
            "volunteer": volunteer,
            "form": form,
            "erasure_form": ErasureForm(),
            "absence_form": AbsenceForm(),
            "missing": volunteer.onboarding_missing(),
            "assignments": selectors.volunteer_assignments(volunteer=volunteer),
            "statuses": Volunteer.Status.choices,
            "now": timezone.now(),
            "limit_year": this_year,
            "limit": rules.limit_state(
                selectors.year_allowance(volunteer, this_year), rules.settings_for(volunteer.centre)
            ),
            "statement_years": range(this_year, max(volunteer.created_at.year, this_year - 5) - 1, -1),
        },
        status=422 if form.errors else 200,
    )


@permission_required("volunteers.change")
@require_POST
def volunteer_status(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """Activate (only with onboarding complete), pause or end a volunteer's work."""
    volunteer = _volunteer(request, pk)
    status = request.POST.get("status", "")
    if status not in Volunteer.Status.values:
        raise Http404
    try:
        actions.volunteer_status_set(volunteer=volunteer, actor=request.user, status=status)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("The status has been changed."))
    return _back_to_volunteer(centre, volunteer)


@permission_required("volunteers.change")
@require_POST
def personal_link(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """Send the volunteer a new personal link; the old one stops working."""
    volunteer = _volunteer(request, pk)
    actions.personal_link_send(volunteer=volunteer, actor=request.user)
    messages.success(request, _("A new personal link has been sent; the old one no longer works."))
    return _back_to_volunteer(centre, volunteer)


@permission_required("volunteers.change")
@require_POST
def hours_approve(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """Approve an assignment's reported hours (the button's value names the assignment)."""
    volunteer = _volunteer(request, pk)
    assignment = _assignment(volunteer, requested_id(request.POST, "approve"))
    try:
        approved, limit = actions.hours_approve(assignment=assignment, actor=request.user)
    except Refused as refusal:
        show_refusal(request, refusal)
        return _back_to_volunteer(centre, volunteer)
    messages.success(
        request,
        _("The hours have been approved: %(amount)s € allowance, %(travel)s € travel costs.")
        % {"amount": approved.allowance_amount, "travel": approved.travel_amount},
    )
    if limit.exceeded:
        messages.error(
            request,
            _("This volunteer's allowances this year (%(total)s €) exceed the tax-free limit of %(limit)s €.")
            % {"total": limit.total, "limit": limit.limit},
        )
    elif limit.warn:
        messages.warning(
            request,
            _("This volunteer is close to the tax-free limit: %(total)s € of %(limit)s €.")
            % {"total": limit.total, "limit": limit.limit},
        )
    return _back_to_volunteer(centre, volunteer)


@permission_required("volunteers.change")
@require_POST
def assignment_no_show(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """Record that the volunteer did not come to an assignment (the button's value names it)."""
    volunteer = _volunteer(request, pk)
    assignment = _assignment(volunteer, requested_id(request.POST, "no_show"))
    try:
        actions.assignment_no_show(assignment=assignment, actor=request.user)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("Recorded: the volunteer did not come."))
    return _back_to_volunteer(centre, volunteer)


_volunteer_data = PersonalDataViews(
    permission="volunteers.change",
    lookup=lambda request, pk, **_: _volunteer(request, pk),
    export=lambda volunteer: selectors.volunteer_export(volunteer=volunteer),
    audit_action="volunteers.access_export",
    filename="auskunft-ehrenamt-{pk}.json",
    erase=lambda volunteer, **kwargs: actions.volunteer_erase(volunteer=volunteer, **kwargs),
    erasure_form=ErasureForm,
    refused=gettext_lazy("Please say why the volunteer is erased."),
    erased=gettext_lazy("The volunteer and everything recorded about them have been erased."),
    back=back_to("volunteers:detail", pk=lambda volunteer: volunteer.pk),
    after_erase=back_to("volunteers:list"),
    describe=str,
)
volunteer_access = _volunteer_data.access_view()
volunteer_erase = _volunteer_data.erase_view()


# --- interpreting requests -------------------------------------------------------------------


@permission_required("volunteers.manage_requests")
@require_http_methods(["GET", "POST"])
def requests(request: CentreRequest, centre: str) -> HttpResponse:
    """Open and coming interpreting requests, and a form for a new one."""
    form = RequestForm(
        request.POST if request.method == "POST" else None,
        organisations=selectors.organisations(centre=request.centre),
        centre=request.centre,
    )
    if request.method == "POST" and form.is_valid():
        try:
            created = actions.request_create(centre=request.centre, actor=request.user, data=form.cleaned_data)
        except Refused as refusal:
            show_refusal(request, refusal, form=form)
        else:
            return redirect("volunteers:request", centre=centre, pk=created.pk)
    return render(
        request,
        "volunteers/requests.html",
        {"form": form, "requests": selectors.coming_requests(centre=request.centre)},
        status=422 if form.errors else 200,
    )


def _request(request: CentreRequest, pk: int) -> InterpretingRequest:
    try:
        return selectors.request_get(centre=request.centre, pk=pk)
    except InterpretingRequest.DoesNotExist as exc:
        raise Http404 from exc


def _back_to_request(centre: str, item: InterpretingRequest) -> HttpResponse:
    return redirect("volunteers:request", centre=centre, pk=item.pk)


@permission_required("volunteers.manage_requests")
@require_GET
def request_detail(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """One request with its ranked candidates (and why others are not), offers and booking."""
    item = _request(request, pk)
    ranking, volunteers = selectors.candidates(request=item)
    audit_reads(
        actor=request.user,
        centre=request.centre,
        action="volunteers.candidates.view",
        targets=[volunteers[c.volunteer] for c in ranking.candidates],
    )
    reasons = dict(EXCLUSION_REASONS)
    return render(
        request,
        "volunteers/request_detail.html",
        {
            "item": item,
            "candidates": [(volunteers[c.volunteer], c) for c in ranking.candidates],
            "excluded": [(v, r, reasons.get(r, r)) for v, r in selectors.left_out(request=item, ranking=ranking)],
            "offers": selectors.request_offers(request=item),
            "assignments": selectors.request_assignments(request=item),
            "asked": selectors.asked_volunteers(request=item),
        },
    )


@permission_required("volunteers.manage_requests")
@require_POST
def request_offer(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """Offer the request to the chosen candidates (only those the matcher finds suitable)."""
    item = _request(request, pk)
    ranking, volunteers = selectors.candidates(request=item)
    eligible = {c.volunteer for c in ranking.candidates}
    chosen = [volunteers[v] for v in request.POST.getlist("volunteer") if v in volunteers and v in eligible]
    if not chosen:
        messages.error(request, _("Choose at least one suitable volunteer."))
        return _back_to_request(centre, item)
    try:
        actions.offers_send(request=item, volunteers=chosen, actor=request.user)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("The request has been offered."))
    return _back_to_request(centre, item)


@permission_required("volunteers.manage_requests")
@require_POST
def request_reoffer(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """Offer the request to the next three best candidates who were not asked yet."""
    item = _request(request, pk)
    try:
        sent = actions.reoffer(request=item, actor=request.user)
    except Refused as refusal:
        show_refusal(request, refusal)
        return _back_to_request(centre, item)
    if sent:
        messages.success(request, _("Offered to %(count)s more volunteers.") % {"count": len(sent)})
    else:
        messages.error(request, _("Nobody else suitable is free at that time."))
    return _back_to_request(centre, item)


@permission_required("volunteers.manage_requests")
@require_http_methods(["GET", "POST"])
def request_cancel(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """The centre calls the appointment off; the interpreter and open offers are told (GET asks first)."""
    item = _request(request, pk)
    if request.method == "GET":
        told = sorted(
            {str(a.volunteer) for a in selectors.request_assignments(request=item) if a.status == a.Status.BOOKED}
            | {str(o.volunteer) for o in selectors.request_offers(request=item) if o.status == o.Status.OPEN}
        )
        return ask_first(
            request,
            title=_("Cancel this request?"),
            what=_(
                "The interpreting request (%(request)s) is cancelled. The booked interpreter and everyone "
                "with an open offer are told, with your reason; the requester is told too."
            )
            % {"request": item},
            whom=told,
            button=_("Yes, cancel the request and tell everyone"),
            back=reverse("volunteers:request", kwargs={"centre": centre, "pk": item.pk}),
            carry=["reason"],
        )
    try:
        actions.request_cancel(
            request=item,
            actor=request.user,
            by=Assignment.CancelledBy.CENTRE,
            reason=request.POST.get("reason", "")[:200],
        )
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("The request has been cancelled; everyone involved has been told."))
    return _back_to_request(centre, item)


# --- the answer page behind an e-mailed offer ----------------------------------------------------


def _offer(request: PublicRequest, token: str) -> Offer:
    found = selectors.offer_by_token(centre=request.centre, token=token)
    if found is None:
        raise Http404
    return found


def _offer_page(request: PublicRequest, token: str, offer: Offer, outcome: str = "") -> HttpResponse:
    assignment = selectors.accepted_assignment(offer)
    return _private(
        render(
            request,
            "volunteers/offer.html",
            {
                "offer": offer,
                "outcome": outcome,
                "assignment": assignment,
                "contact": calendars.on_site_contact(assignment.request) if assignment else "",
                "token": token,
            },
        )
    )


@public
@require_GET
def offer(request: PublicRequest, centre: str, token: str) -> HttpResponse:
    """The volunteer's answer page behind the e-mailed link: accept or decline, once."""
    return _offer_page(request, token, _offer(request, token))


@public
@require_POST
def offer_accept(request: PublicRequest, centre: str, token: str) -> HttpResponse:
    """The volunteer takes the appointment (the first acceptance wins)."""
    found = _offer(request, token)
    try:
        actions.offer_accept(offer=found, actor=None)
    except Refused as refusal:
        outcome = refusal.message
    else:
        outcome = _("Thank you! The appointment is yours. Please note it in your calendar.")
    return _offer_page(request, token, _offer(request, token), outcome)


@public
@require_POST
def offer_decline(request: PublicRequest, centre: str, token: str) -> HttpResponse:
    """The volunteer says no to the offer."""
    found = _offer(request, token)
    try:
        actions.offer_decline(offer=found)
    except Refused as refusal:
        outcome = refusal.message
    else:
        outcome = _("Thank you for your answer.")
    return _offer_page(request, token, _offer(request, token), outcome)


@public
@require_GET
def offer_calendar(request: PublicRequest, centre: str, token: str) -> HttpResponse:
    """The accepted appointment as a calendar file (from the answer page's link)."""
    found = selectors.offer_by_token(centre=request.centre, token=token)
    assignment = selectors.accepted_assignment(found) if found else None
    if assignment is None:
        raise Http404
    response = HttpResponse(calendars.assignment_calendar(assignment), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="termin.ics"'
    return _private(response)


# --- the volunteer's own page ----------------------------------------------------------------


def _own(request: PublicRequest, token: str) -> Volunteer:
    volunteer = selectors.volunteer_by_token(centre=request.centre, token=token)
    if volunteer is None:
        raise Http404
    return volunteer


def _back_to_own_page(centre: str, token: str) -> HttpResponse:
    return _private(redirect("volunteers:personal", centre=centre, token=token))


@public
@require_GET
def personal_page(request: PublicRequest, centre: str, token: str) -> HttpResponse:
    """A volunteer's own offers and assignments (phone first): answer offers, report hours."""
    volunteer = _own(request, token)
    this_year = timezone.localdate().year
    return _private(
        render(
            request,
            "volunteers/personal.html",
            {
                "volunteer": volunteer,
                "offers": selectors.own_open_offers(volunteer=volunteer),
                "assignments": selectors.own_assignments(volunteer=volunteer),
                "form": HoursForm(),
                "token": token,
                "now": timezone.now(),
                "statement_years": range(this_year, max(volunteer.created_at.year, this_year - 5) - 1, -1),
                "absences": selectors.own_absences(volunteer=volunteer),
                "absence_form": AbsenceForm(),
            },
        )
    )


@public
@require_POST
def personal_accept(request: PublicRequest, centre: str, token: str) -> HttpResponse:
    """The volunteer takes one of their offers from their page."""
    volunteer = _own(request, token)
    try:
        found = selectors.offer_for(volunteer=volunteer, offer_id=requested_id(request.POST, "offer") or 0)
        actions.offer_accept(offer=found, actor=None)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("Thank you! The appointment is yours."))
    return _back_to_own_page(centre, token)


@public
@require_POST
def personal_decline(request: PublicRequest, centre: str, token: str) -> HttpResponse:
    """The volunteer says no to one of their offers from their page."""
    volunteer = _own(request, token)
    try:
        found = selectors.offer_for(volunteer=volunteer, offer_id=requested_id(request.POST, "offer") or 0)
        actions.offer_decline(offer=found)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("Thank you for your answer."))
    return _back_to_own_page(centre, token)


@public
@require_POST
def personal_cancel(request: PublicRequest, centre: str, token: str) -> HttpResponse:
    """The volunteer gives an assignment back; the request is offered to others."""
    volunteer = _own(request, token)
    mine = _assignment(volunteer, requested_id(request.POST, "assignment_id"))
    try:
        actions.assignment_cancel(
            assignment=mine,
            actor=None,
            by=Assignment.CancelledBy.VOLUNTEER,
            reason=request.POST.get("reason", "")[:200],
        )
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("Thank you for telling us. We will look for someone else."))
    return _back_to_own_page(centre, token)


@public
@require_POST
def personal_hours(request: PublicRequest, centre: str, token: str) -> HttpResponse:
    """The volunteer reports time and travel after an assignment."""
    volunteer = _own(request, token)
    form = HoursForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return _back_to_own_page(centre, token)
    try:
        actions.hours_report(volunteer=volunteer, actor=None, **form.cleaned_data)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("Thank you! Your hours have been sent to the coordinator."))
    return _back_to_own_page(centre, token)


@public
@require_POST
def personal_absence(request: PublicRequest, centre: str, token: str) -> HttpResponse:
    """The volunteer notes a time they are away."""
    _absence_add(request, _own(request, token), actor=None)
    return _back_to_own_page(centre, token)


@public
@require_POST
def personal_absence_remove(request: PublicRequest, centre: str, token: str) -> HttpResponse:
    """The volunteer removes one of their absences."""
    _absence_remove(request, _own(request, token), actor=None)
    return _back_to_own_page(centre, token)


@public
@require_GET
def personal_calendar(request: PublicRequest, centre: str, token: str) -> HttpResponse:
    """The volunteer's assignments as a private iCalendar feed (subscribe in any calendar app)."""
    volunteer = _own(request, token)
    response = HttpResponse(calendars.calendar(volunteer), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="einsaetze.ics"'
    response["Cache-Control"] = "no-store"
    return response


@public
@require_GET
def personal_statement(request: PublicRequest, centre: str, token: str, year: int) -> HttpResponse:
    """The volunteer's own yearly statement of approved hours and allowances (PDF)."""
    volunteer = _own(request, token)
    return _statement_response(volunteer, year, private=True)


def _statement_response(volunteer: Volunteer, year: int, *, private: bool) -> HttpResponse:
    if not 2000 <= year <= timezone.localdate().year + 1:
        raise Http404
    response = HttpResponse(statements.statement_pdf(volunteer=volunteer, year=year), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="abrechnung-{year}-{volunteer.pk}.pdf"'
    return _private(response) if private else response


@permission_required("volunteers.change")
@require_GET
def statement(request: CentreRequest, centre: str, pk: int, year: int) -> HttpResponse:
    """A volunteer's yearly statement for the coordinator (PDF)."""
    volunteer = _volunteer(request, pk)
    audit_record(
        actor=request.user,
        centre=request.centre,
        kind=AuditEntry.Kind.EXPORT,
        action="volunteers.statement",
        target=volunteer,
        changes={"year": [None, year]},
    )
    return _statement_response(volunteer, year, private=False)


# --- figures -----------------------------------------------------------------------------------


@permission_required("volunteers.view_figures")
@require_GET
def figures(request: CentreRequest, centre: str) -> HttpResponse:
    """Requests, fulfilment and hours in a year (aggregates, no names), on screen or as XLSX."""
    year = year_from(request)
    numbers = volunteer_figures.volunteer_figures(
        centre=request.centre, since=datetime.date(year, 1, 1), until=datetime.date(year, 12, 31)
    )
    if request.GET.get("format") == "xlsx":
        return xlsx_download(
            request,
            centre=request.centre,
            action="volunteers.figures.export",
            sheets=volunteer_figures.figures_sheets(numbers),
            filename=f"sprachmittlung-{year}.xlsx",
        )
    return render(
        request,
        "volunteers/figures.html",
        {
            "figures": numbers,
            "tables": volunteer_figures.figures_tables(numbers),
            "year": year,
            "years": range(timezone.localdate().year, 2019, -1),
        },
    )


# --- institutions ask for interpreters ---------------------------------------------------------


def _own_request(request: CentreRequest, pk: int) -> InterpretingRequest:
    try:
        return selectors.own_request_get(centre=request.centre, user=request.user, pk=pk)
    except InterpretingRequest.DoesNotExist as exc:
        raise Http404 from exc


@permission_required("volunteers.request_interpreter")
@require_http_methods(["GET", "POST"])
def institution_requests(request: CentreRequest, centre: str) -> HttpResponse:
    """An institution's (or caseworker's) own interpreting requests and a form for a new one."""
    centre_rules = rules.settings_for(request.centre)
    organisations = selectors.requester_organisations(centre=request.centre, user=request.user)
    form = InstitutionRequestForm(
        request.POST if request.method == "POST" else None,
        settings=centre_rules,
        organisations=organisations,
        centre=request.centre,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.setdefault("organisation", organisations.first())
        try:
            created = actions.request_create(centre=request.centre, actor=request.user, data=data)
        except Refused as refusal:
            show_refusal(request, refusal, form=form)
        else:
            messages.success(request, _("Thank you! The centre looks for an interpreter and tells you who comes."))
            return redirect("volunteers:institution_request", centre=centre, pk=created.pk)
    own = selectors.own_recent_requests(centre=request.centre, user=request.user)
    excluded = [
        (InterpretingRequest.Kind(kind).label, rules.EXCLUSION_EXPLANATIONS.get(kind, ""))
        for kind in centre_rules.excluded_kind_list
        if kind in InterpretingRequest.Kind.values
    ]
    return render(
        request,
        "volunteers/institution_requests.html",
        {"form": form, "requests": own, "rules": centre_rules, "excluded": excluded, "earliest": form.earliest},
        status=422 if form.errors else 200,
    )


@permission_required("volunteers.request_interpreter")
@require_GET
def institution_request(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """One own request: its state and who comes (first name only)."""
    item = _own_request(request, pk)
    return render(
        request,
        "volunteers/institution_request.html",
        {"item": item, "booked": selectors.booked_assignment(request=item)},
    )


@permission_required("volunteers.request_interpreter")
@require_http_methods(["GET", "POST"])
def institution_request_cancel(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """The institution calls its appointment off; the interpreter is told (GET asks first)."""
    item = _own_request(request, pk)
    if request.method == "GET":
        return ask_first(
            request,
            title=_("Cancel this appointment?"),
            what=_(
                "Your interpreting request (%(request)s) is cancelled. The integration centre and, if one "
                "is booked, the interpreter are told, with your reason."
            )
            % {"request": item},
            button=_("Yes, cancel the appointment"),
            back=reverse("volunteers:institution_request", kwargs={"centre": centre, "pk": item.pk}),
            carry=["reason"],
        )
    try:
        actions.request_cancel(
            request=item,
            actor=request.user,
            by=Assignment.CancelledBy.REQUESTER,
            reason=request.POST.get("reason", "")[:200],
        )
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("The request has been cancelled; the interpreter has been told."))
    return redirect("volunteers:institution_request", centre=centre, pk=item.pk)


# --- the centre's interpreting rules -----------------------------------------------------------


@permission_required("volunteers.manage_settings")
@require_http_methods(["GET", "POST"])
def interpreting_settings(request: CentreRequest, centre: str) -> HttpResponse:
    """Lead time, kinds of appointment not served, the allowance rule and the tax-free limit."""
    current = rules.settings_for(request.centre)
    form = InterpretingSettingsForm(request.POST if request.method == "POST" else None, instance=current)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        actions.interpreting_settings_update(centre=request.centre, actor=request.user, data=data)
        messages.success(request, _("Saved. New rules apply to hours approved from now on."))
        return redirect("volunteers:settings", centre=centre)
    example = rules.allowance(rules.Rule.of(current), minutes=150, travel_minutes=30, km=Decimal(12))
    return render(
        request,
        "volunteers/settings.html",
        {"form": form, "example": example},
        status=422 if form.errors else 200,
    )


# --- profile, absences and pools ---------------------------------------------------------------


@permission_required("volunteers.change")
@require_http_methods(["GET", "POST"])
def volunteer_profile(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """Contact, reach, languages, weekly times and qualifications of one volunteer."""
    volunteer = _volunteer(request, pk)
    data = request.POST if request.method == "POST" else None
    districts = request.centre.district_list or register_districts(centre=request.centre)
    form = ProfileForm(data, instance=volunteer, districts=districts)
    formsets = profile_formsets(data, volunteer)
    if data is not None and form.is_valid() and all(f.is_valid() for f in formsets):
        try:
            actions.volunteer_profile_update(
                volunteer=volunteer,
                actor=request.user,
                data={name: form.cleaned_data[name] for name in (*form.Meta.fields, "districts")},
                changed=form.changed_data,
                rows={formset.prefix: _row_edits(formset) for formset in formsets},
            )
        except Refused as refusal:
            show_refusal(request, refusal, form=form)
        else:
            messages.success(request, _("Saved."))
            return _back_to_volunteer(centre, volunteer)
    return render(
        request,
        "volunteers/profile.html",
        {"volunteer": volunteer, "form": form, "formsets": formsets},
        status=422 if data is not None else 200,
    )


@permission_required("volunteers.change")
@require_POST
def assignment_hours(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """The coordinator enters time and travel from a paper timesheet (approved afterwards as usual)."""
    volunteer = _volunteer(request, pk)
    form = HoursForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        try:
            actions.hours_report(volunteer=volunteer, actor=request.user, **form.cleaned_data)
        except Refused as refusal:
            show_refusal(request, refusal)
        else:
            messages.success(request, _("The hours have been recorded; please check and approve them."))
    return _back_to_volunteer(centre, volunteer)


@permission_required("volunteers.change")
@require_POST
def volunteer_absence(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """Note a time the volunteer is away (the coordinator's screen)."""
    volunteer = _volunteer(request, pk)
    _absence_add(request, volunteer, actor=request.user)
    return _back_to_volunteer(centre, volunteer)


@permission_required("volunteers.change")
@require_POST
def volunteer_absence_remove(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """Remove one of the volunteer's absences (the coordinator's screen)."""
    volunteer = _volunteer(request, pk)
    _absence_remove(request, volunteer, actor=request.user)
    return _back_to_volunteer(centre, volunteer)


def _absence_add(request: CentreRequest | PublicRequest, volunteer: Volunteer, *, actor: Any) -> None:
    form = AbsenceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please give the first and the last day."))
        return
    try:
        actions.absence_add(volunteer=volunteer, actor=actor, **form.cleaned_data)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("The absence has been noted."))


def _absence_remove(request: CentreRequest | PublicRequest, volunteer: Volunteer, *, actor: Any) -> None:
    try:
        actions.absence_remove(volunteer=volunteer, actor=actor, absence_id=requested_id(request.POST, "remove") or 0)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("The absence has been removed."))


@permission_required("volunteers.change")
@require_http_methods(["GET", "POST"])
def pools(request: CentreRequest, centre: str) -> HttpResponse:
    """The centre's pools (interpreting, learning mentors, family guides …)."""
    formset = PoolFormSet(
        request.POST if request.method == "POST" else None,
        queryset=selectors.pools_with_members(centre=request.centre),
    )
    if request.method == "POST" and formset.is_valid():
        try:
            actions.pools_save(centre=request.centre, actor=request.user, rows=_row_edits(formset))
        except Refused as refusal:
            show_refusal(request, refusal)
        else:
            messages.success(request, _("Saved."))
            return redirect("volunteers:pools", centre=centre)
    return render(
        request, "volunteers/pools.html", {"formset": formset}, status=422 if request.method == "POST" else 200
    )

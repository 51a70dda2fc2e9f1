"""Views of the volunteers module: the public sign-up and the coordinator's list and onboarding."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit
from django_scopes import scopes_disabled

from anlaufstelle.core.access import permission_required, public
from anlaufstelle.core.audit import audit_reads, audit_record
from anlaufstelle.core.forms import requested_id
from anlaufstelle.core.middleware import ratelimit_key
from anlaufstelle.core.models import AuditEntry, Centre, Membership
from anlaufstelle.core.privacy_views import PersonalDataViews, back_to
from anlaufstelle.core.reports import xlsx_download, year_from
from anlaufstelle.core.roles import Role
from anlaufstelle.partners.models import Organisation
from anlaufstelle.partners.selectors import districts as register_districts
from anlaufstelle.volunteers import actions, booking, matching, personal, rules, statements
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
from anlaufstelle.volunteers.models import Assignment, InterpretingRequest, Pool, Volunteer

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


def _centre(request: HttpRequest) -> Centre:
    return request.centre  # type: ignore[attr-defined,no-any-return]


@public
@ratelimit(key=ratelimit_key, rate="10/h", method="POST", block=False)
@require_http_methods(["GET", "POST"])
def sign_up(request: HttpRequest, centre: str) -> HttpResponse:
    """The public, multilingual form for people who want to volunteer."""
    the_centre = _centre(request)
    pools = list(Pool.objects.filter(centre=the_centre))
    post = request.POST if request.method == "POST" else None
    form = SignUpForm(post, districts=register_districts(centre=the_centre), pools=pools)
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
            actions.volunteer_sign_up(
                centre=the_centre,
                data=form.cleaned_data,
                languages=rows,
                windows=form.windows(),
                pools=[p for p in pools if str(p.pk) in form.cleaned_data["pools"]],
                language=translation.get_language() or "de",
            )
        except (ValidationError, actions.VolunteerError) as exc:
            form.add_error(None, exc.messages[0] if isinstance(exc, ValidationError) else str(exc))
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
def volunteer_list(request: HttpRequest, centre: str) -> HttpResponse:
    """Volunteers by status, with what onboarding still lacks and certificates due for renewal."""
    status = request.GET.get("status", "")
    volunteers = (
        Volunteer.objects.filter(centre=_centre(request))
        .prefetch_related("languages", "pools")
        .order_by("last_name", "first_name", "id")
    )
    if status in Volunteer.Status.values:
        volunteers = volunteers.filter(status=status)
    language = request.GET.get("language", "")
    if language:
        volunteers = volunteers.filter(languages__code=language).distinct()
    page = Paginator(volunteers, 50).get_page(request.GET.get("page"))
    audit_reads(
        actor=request.user,  # type: ignore[arg-type]
        centre=_centre(request),
        action="volunteers.list.view",
        targets=list(page.object_list),
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "volunteers/volunteer_list.html",
        {"page": page, "status": status, "statuses": Volunteer.Status.choices, "query": query.urlencode()},
    )


def _volunteer(request: HttpRequest, pk: int) -> Volunteer:
    try:
        return (
            Volunteer.objects.filter(centre=_centre(request))
            .prefetch_related("languages", "windows", "absences", "pools")
            .get(pk=pk)
        )
    except Volunteer.DoesNotExist as exc:
        raise Http404 from exc


@permission_required("volunteers.change")
@require_http_methods(["GET", "POST"])
def volunteer_detail(request: HttpRequest, centre: str, pk: int) -> HttpResponse:
    """One volunteer: languages, reach, availability, onboarding steps and status."""
    volunteer = _volunteer(request, pk)
    pools = Pool.objects.filter(centre=_centre(request))
    post = request.POST if request.method == "POST" else None
    form = OnboardingForm(post, instance=volunteer, pools=pools)
    if post is None:
        audit_reads(actor=request.user, centre=_centre(request), action="volunteers.view", targets=[volunteer])  # type: ignore[arg-type]
    elif "approve" in post:
        assignment = get_object_or_404(Assignment, volunteer=volunteer, pk=requested_id(post, "approve") or 0)
        try:
            approved, limit = personal.hours_approve(assignment=assignment, actor=request.user)  # type: ignore[arg-type]
        except booking.BookingError as exc:
            messages.error(request, str(exc))
        else:
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
        return redirect("volunteers:detail", centre=centre, pk=volunteer.pk)
    elif "no_show" in post:
        assignment = get_object_or_404(Assignment, volunteer=volunteer, pk=requested_id(post, "no_show") or 0)
        try:
            booking.assignment_no_show(assignment=assignment, actor=request.user)  # type: ignore[arg-type]
        except booking.BookingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Recorded: the volunteer did not come."))
        return redirect("volunteers:detail", centre=centre, pk=volunteer.pk)
    elif "personal_link" in post:
        personal.personal_link_send(volunteer=volunteer, actor=request.user)  # type: ignore[arg-type]
        messages.success(request, _("A new personal link has been sent; the old one no longer works."))
        return redirect("volunteers:detail", centre=centre, pk=volunteer.pk)
    elif "status" in post:
        if post["status"] not in Volunteer.Status.values:
            raise Http404
        try:
            actions.volunteer_status_set(volunteer=volunteer, actor=request.user, status=post["status"])  # type: ignore[arg-type]
        except actions.VolunteerError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The status has been changed."))
        return redirect("volunteers:detail", centre=centre, pk=volunteer.pk)
    elif form.is_valid():
        data = {name: form.cleaned_data[name] for name in (*actions.ONBOARDING_FIELDS, "note")}
        try:
            actions.volunteer_onboarding_update(
                volunteer=volunteer,
                actor=request.user,  # type: ignore[arg-type]
                data=data,
                pools=list(form.cleaned_data["pools"]),
            )
        except actions.VolunteerError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Saved."))
            return redirect("volunteers:detail", centre=centre, pk=volunteer.pk)
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
            "assignments": volunteer.assignments.select_related("request").order_by("-starts_at")[:50],
            "statuses": Volunteer.Status.choices,
            "now": timezone.now(),
            "limit_year": this_year,
            "limit": rules.limit_state(
                personal.year_allowance(volunteer, this_year), rules.settings_for(volunteer.centre)
            ),
            "statement_years": range(this_year, max(volunteer.created_at.year, this_year - 5) - 1, -1),
        },
        status=422 if form.errors else 200,
    )


_volunteer_data = PersonalDataViews(
    permission="volunteers.change",
    lookup=lambda request, pk, **_: _volunteer(request, pk),
    export=lambda volunteer: actions.volunteer_export(volunteer=volunteer),
    audit_action="volunteers.access_export",
    filename="auskunft-ehrenamt-{pk}.json",
    erase=lambda volunteer, **kwargs: actions.volunteer_erase(volunteer=volunteer, **kwargs),
    erasure_form=ErasureForm,
    refused=gettext_lazy("Please say why the volunteer is erased."),
    erased=gettext_lazy("The volunteer and everything recorded about them have been erased."),
    back=back_to("volunteers:detail", pk=lambda volunteer: volunteer.pk),
    after_erase=back_to("volunteers:list"),
)
volunteer_access = _volunteer_data.access_view()
volunteer_erase = _volunteer_data.erase_view()


# --- interpreting requests -------------------------------------------------------------------


@permission_required("volunteers.manage_requests")
@require_http_methods(["GET", "POST"])
def requests(request: HttpRequest, centre: str) -> HttpResponse:
    """Open and coming interpreting requests, and a form for a new one."""
    the_centre = _centre(request)
    form = RequestForm(
        request.POST if request.method == "POST" else None,
        organisations=Organisation.objects.filter(centre=the_centre).order_by("name"),
        centre=the_centre,
    )
    if request.method == "POST" and form.is_valid():
        created = booking.request_create(centre=the_centre, actor=request.user, data=form.cleaned_data)  # type: ignore[arg-type]
        return redirect("volunteers:request", centre=centre, pk=created.pk)
    coming = (
        InterpretingRequest.objects.filter(
            centre=the_centre, starts_at__gte=timezone.now() - datetime.timedelta(days=1)
        )
        .select_related("organisation")
        .prefetch_related("assignments__volunteer")
        .order_by("starts_at")[:200]
    )
    return render(
        request, "volunteers/requests.html", {"form": form, "requests": coming}, status=422 if form.errors else 200
    )


@permission_required("volunteers.manage_requests")
@require_http_methods(["GET", "POST"])
def request_detail(request: HttpRequest, centre: str, pk: int) -> HttpResponse:
    """One request with its ranked candidates (and why others are not), offers and booking."""
    the_centre = _centre(request)
    item = get_object_or_404(InterpretingRequest, centre=the_centre, pk=pk)
    if request.method == "POST" and request.POST.get("do") in ("cancel", "reoffer"):
        try:
            if request.POST["do"] == "cancel":
                booking.request_cancel(
                    request=item,
                    actor=request.user,  # type: ignore[arg-type]
                    by=Assignment.CancelledBy.CENTRE,
                    reason=request.POST.get("reason", "")[:200],
                )
                messages.success(request, _("The request has been cancelled; everyone involved has been told."))
            else:
                sent = booking.reoffer(request=item, actor=request.user)  # type: ignore[arg-type]
                if sent:
                    messages.success(request, _("Offered to %(count)s more volunteers.") % {"count": len(sent)})
                else:
                    messages.error(request, _("Nobody else suitable is free at that time."))
        except booking.BookingError as exc:
            messages.error(request, str(exc))
        return redirect("volunteers:request", centre=centre, pk=item.pk)
    ranking, volunteers = booking.candidates(request=item)
    if request.method == "POST":
        chosen = [volunteers[v] for v in request.POST.getlist("volunteer") if v in volunteers]
        eligible = {c.volunteer for c in ranking.candidates}
        chosen = [v for v in chosen if str(v.pk) in eligible]
        if not chosen:
            messages.error(request, _("Choose at least one suitable volunteer."))
        else:
            try:
                booking.offers_send(request=item, volunteers=chosen, actor=request.user)  # type: ignore[arg-type]
            except booking.BookingError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("The request has been offered."))
        return redirect("volunteers:request", centre=centre, pk=item.pk)
    audit_reads(
        actor=request.user,  # type: ignore[arg-type]
        centre=the_centre,
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
            "excluded": [(v, r, reasons.get(r, r)) for v, r in booking.left_out(request=item, ranking=ranking)],
            "offers": item.offers.select_related("volunteer"),
            "assignments": item.assignments.select_related("volunteer"),
            "asked": {str(v) for v in item.offers.values_list("volunteer_id", flat=True)},
        },
    )


@public
@require_http_methods(["GET", "POST"])
def offer(request: HttpRequest, centre: str, token: str) -> HttpResponse:
    """The volunteer's answer page behind the e-mailed link: accept or decline, once."""
    found = booking.offer_by_token(token)
    if found is None or found.centre.slug != centre:
        raise Http404
    outcome = ""
    if request.method == "POST":
        try:
            if request.POST.get("do") == "accept":
                booking.offer_accept(token=token)
                outcome = _("Thank you! The appointment is yours. Please note it in your calendar.")
            elif request.POST.get("do") == "decline":
                booking.offer_decline(token=token)
                outcome = _("Thank you for your answer.")
            else:
                raise Http404
        except booking.BookingError as exc:
            outcome = str(exc)
        found = booking.offer_by_token(token)
    assignment = personal.accepted_assignment(found) if found else None
    response = render(
        request,
        "volunteers/offer.html",
        {
            "offer": found,
            "outcome": outcome,
            "assignment": assignment,
            "contact": personal.on_site_contact(assignment.request) if assignment else "",
            "token": token,
        },
    )
    response["Cache-Control"] = "no-store"
    # The token must not leak to other sites; "no-referrer" would also make browsers send
    # "Origin: null" with the page's own form posts, which CSRF protection rightly refuses.
    response["Referrer-Policy"] = "same-origin"
    return response


@public
@require_GET
def offer_calendar(request: HttpRequest, centre: str, token: str) -> HttpResponse:
    """The accepted appointment as a calendar file (from the answer page's link)."""
    found = booking.offer_by_token(token)
    assignment = personal.accepted_assignment(found) if found and found.centre.slug == centre else None
    if assignment is None:
        raise Http404
    response = HttpResponse(personal.assignment_calendar(assignment), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="termin.ics"'
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"
    return response


# --- the volunteer's own page ----------------------------------------------------------------


def _own(centre: str, token: str) -> Volunteer:
    volunteer = personal.volunteer_by_token(token, centre)
    if volunteer is None:
        raise Http404
    return volunteer


@public
@require_http_methods(["GET", "POST"])
def personal_page(request: HttpRequest, centre: str, token: str) -> HttpResponse:
    """A volunteer's own offers and assignments (phone first): answer offers, report hours."""
    volunteer = _own(centre, token)
    form = HoursForm()
    if request.method == "POST":
        try:
            if request.POST.get("do") in ("accept", "decline"):
                offer = booking.offer_for(volunteer=volunteer, offer_id=requested_id(request.POST, "offer") or 0)
                if request.POST["do"] == "accept":
                    booking.offer_accept(offer=offer)
                    messages.success(request, _("Thank you! The appointment is yours."))
                else:
                    booking.offer_decline(offer=offer)
                    messages.success(request, _("Thank you for your answer."))
            elif request.POST.get("do") == "cancel":
                with scopes_disabled():
                    mine = volunteer.assignments.filter(pk=requested_id(request.POST, "assignment_id") or 0).first()
                if mine is None:
                    raise Http404
                booking.assignment_cancel(
                    assignment=mine,
                    actor=None,
                    by=Assignment.CancelledBy.VOLUNTEER,
                    reason=request.POST.get("reason", "")[:200],
                )
                messages.success(request, _("Thank you for telling us. We will look for someone else."))
            elif request.POST.get("do") == "absence":
                with scopes_disabled():  # the link is bound to this volunteer; the action filters by them
                    _absence_post(request, volunteer, actor=None)
            elif request.POST.get("do") == "hours":
                form = HoursForm(request.POST)
                if form.is_valid():
                    personal.hours_report(volunteer=volunteer, **form.cleaned_data)
                    messages.success(request, _("Thank you! Your hours have been sent to the coordinator."))
                else:
                    messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
            else:
                raise Http404
        except (booking.BookingError, ValueError) as exc:
            messages.error(request, str(exc))
        response: HttpResponse = redirect("volunteers:personal", centre=centre, token=token)
    else:
        with scopes_disabled():
            offers = list(
                volunteer.offers.filter(status="open", expires_at__gt=timezone.now()).select_related("request")
            )
            assignments = list(
                volunteer.assignments.filter(starts_at__gte=timezone.now() - datetime.timedelta(days=60))
                .exclude(status="cancelled")
                .select_related("request")
                .order_by("starts_at")
            )
            absences = list(volunteer.absences.filter(last_day__gte=timezone.localdate()))
        response = render(
            request,
            "volunteers/personal.html",
            {
                "volunteer": volunteer,
                "offers": offers,
                "assignments": assignments,
                "form": form,
                "token": token,
                "now": timezone.now(),
                "statement_years": range(
                    timezone.localdate().year, max(volunteer.created_at.year, timezone.localdate().year - 5) - 1, -1
                ),
                "absences": absences,
                "absence_form": AbsenceForm(),
            },
        )
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"
    return response


@public
@require_GET
def personal_calendar(request: HttpRequest, centre: str, token: str) -> HttpResponse:
    """The volunteer's assignments as a private iCalendar feed (subscribe in any calendar app)."""
    volunteer = _own(centre, token)
    response = HttpResponse(personal.calendar(volunteer), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="einsaetze.ics"'
    response["Cache-Control"] = "no-store"
    return response


@public
@require_GET
def personal_statement(request: HttpRequest, centre: str, token: str, year: int) -> HttpResponse:
    """The volunteer's own yearly statement of approved hours and allowances (PDF)."""
    volunteer = _own(centre, token)
    return _statement_response(volunteer, year, private=True)


def _statement_response(volunteer: Volunteer, year: int, *, private: bool) -> HttpResponse:
    if not 2000 <= year <= timezone.localdate().year + 1:
        raise Http404
    response = HttpResponse(statements.statement_pdf(volunteer=volunteer, year=year), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="abrechnung-{year}-{volunteer.pk}.pdf"'
    if private:
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "same-origin"
    return response


@permission_required("volunteers.change")
@require_GET
def statement(request: HttpRequest, centre: str, pk: int, year: int) -> HttpResponse:
    """A volunteer's yearly statement for the coordinator (PDF)."""
    volunteer = _volunteer(request, pk)
    audit_record(
        actor=request.user,  # type: ignore[arg-type]
        centre=_centre(request),
        kind=AuditEntry.Kind.EXPORT,
        action="volunteers.statement",
        target=volunteer,
        changes={"year": [None, year]},
    )
    return _statement_response(volunteer, year, private=False)


# --- figures -----------------------------------------------------------------------------------


@permission_required("volunteers.view_figures")
@require_GET
def figures(request: HttpRequest, centre: str) -> HttpResponse:
    """Requests, fulfilment and hours in a year (aggregates, no names), on screen or as XLSX."""
    the_centre = _centre(request)
    year = year_from(request)
    numbers = volunteer_figures.volunteer_figures(
        centre=the_centre, since=datetime.date(year, 1, 1), until=datetime.date(year, 12, 31)
    )
    if request.GET.get("format") == "xlsx":
        return xlsx_download(
            request,
            centre=the_centre,
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


def _requester_organisations(request: HttpRequest) -> Any:
    """The organisations the signed-in person acts for (partner or school contact memberships)."""
    ids = Membership.objects.filter(
        user=request.user,  # type: ignore[misc]
        centre=_centre(request),
        is_active=True,
        role__in=[Role.PARTNER, Role.SCHOOL_CONTACT],
        organisation__isnull=False,
    ).values_list("organisation_id", flat=True)
    return Organisation.objects.filter(centre=_centre(request), pk__in=list(ids)).order_by("name")


def _own_requests(request: HttpRequest) -> Any:
    """Requests this person raised, or their institution raised: never anyone else's."""
    organisations = _requester_organisations(request)
    return InterpretingRequest.objects.filter(centre=_centre(request)).filter(
        Q(requested_by=request.user) | Q(organisation__in=organisations)  # type: ignore[misc]
    )


@permission_required("volunteers.request_interpreter")
@require_http_methods(["GET", "POST"])
def institution_requests(request: HttpRequest, centre: str) -> HttpResponse:
    """An institution's (or caseworker's) own interpreting requests and a form for a new one."""
    the_centre = _centre(request)
    centre_rules = rules.settings_for(the_centre)
    organisations = _requester_organisations(request)
    form = InstitutionRequestForm(
        request.POST if request.method == "POST" else None,
        settings=centre_rules,
        organisations=organisations,
        centre=the_centre,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.setdefault("organisation", organisations.first())
        created = booking.request_create(centre=the_centre, actor=request.user, data=data)  # type: ignore[arg-type]
        messages.success(request, _("Thank you! The centre looks for an interpreter and tells you who comes."))
        return redirect("volunteers:institution_request", centre=centre, pk=created.pk)
    own = (
        _own_requests(request)
        .filter(starts_at__gte=timezone.now() - datetime.timedelta(days=30))
        .order_by("starts_at")[:200]
    )
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
@require_http_methods(["GET", "POST"])
def institution_request(request: HttpRequest, centre: str, pk: int) -> HttpResponse:
    """One own request: its state, who comes (first name only), and cancelling it."""
    item = get_object_or_404(_own_requests(request), pk=pk)
    if request.method == "POST":
        if request.POST.get("do") != "cancel":
            raise Http404
        try:
            booking.request_cancel(
                request=item,
                actor=request.user,  # type: ignore[arg-type]
                by=Assignment.CancelledBy.REQUESTER,
                reason=request.POST.get("reason", "")[:200],
            )
        except booking.BookingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The request has been cancelled; the interpreter has been told."))
        return redirect("volunteers:institution_request", centre=centre, pk=item.pk)
    booked = item.assignments.filter(status=Assignment.Status.BOOKED).select_related("volunteer").first()
    return render(request, "volunteers/institution_request.html", {"item": item, "booked": booked})


# --- the centre's interpreting rules -----------------------------------------------------------


@permission_required("volunteers.manage_settings")
@require_http_methods(["GET", "POST"])
def interpreting_settings(request: HttpRequest, centre: str) -> HttpResponse:
    """Lead time, kinds of appointment not served, the allowance rule and the tax-free limit."""
    the_centre = _centre(request)
    current = rules.settings_for(the_centre)
    form = InterpretingSettingsForm(request.POST if request.method == "POST" else None, instance=current)
    if request.method == "POST" and form.is_valid():
        before = {name: str(getattr(current, name)) for name in form.changed_data}
        with transaction.atomic():
            saved = form.save()
            audit_record(
                actor=request.user,  # type: ignore[arg-type]
                centre=the_centre,
                kind=AuditEntry.Kind.UPDATE,
                action="volunteers.settings.update",
                target=saved,
                changes={name: [before.get(name), str(getattr(saved, name))] for name in form.changed_data},
            )
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
def volunteer_profile(request: HttpRequest, centre: str, pk: int) -> HttpResponse:
    """Contact, reach, languages, weekly times and qualifications of one volunteer."""
    volunteer = _volunteer(request, pk)
    data = request.POST if request.method == "POST" else None
    the_centre = _centre(request)
    districts = the_centre.district_list or register_districts(centre=the_centre)
    form = ProfileForm(data, instance=volunteer, districts=districts)
    formsets = profile_formsets(data, volunteer)
    if data is not None and form.is_valid() and all(f.is_valid() for f in formsets):
        try:
            actions.volunteer_profile_update(volunteer=volunteer, actor=request.user, form=form, formsets=formsets)  # type: ignore[arg-type]
        except (actions.VolunteerError, IntegrityError) as exc:
            message = str(exc) if isinstance(exc, actions.VolunteerError) else _("This e-mail address is taken.")
            form.add_error(None, message)
        else:
            messages.success(request, _("Saved."))
            return redirect("volunteers:detail", centre=centre, pk=volunteer.pk)
    return render(
        request,
        "volunteers/profile.html",
        {"volunteer": volunteer, "form": form, "formsets": formsets},
        status=422 if data is not None else 200,
    )


@permission_required("volunteers.change")
@require_POST
def assignment_hours(request: HttpRequest, centre: str, pk: int) -> HttpResponse:
    """The coordinator enters time and travel from a paper timesheet (approved afterwards as usual)."""
    volunteer = _volunteer(request, pk)
    form = HoursForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        try:
            personal.hours_report(volunteer=volunteer, actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except booking.BookingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The hours have been recorded; please check and approve them."))
    return redirect("volunteers:detail", centre=centre, pk=volunteer.pk)


@permission_required("volunteers.change")
@require_POST
def volunteer_absence(request: HttpRequest, centre: str, pk: int) -> HttpResponse:
    """Add or remove a time the volunteer is away (the coordinator's screen)."""
    volunteer = _volunteer(request, pk)
    _absence_post(request, volunteer, actor=request.user)
    return redirect("volunteers:detail", centre=centre, pk=volunteer.pk)


def _absence_post(request: HttpRequest, volunteer: Volunteer, *, actor: Any) -> None:
    try:
        if "remove" in request.POST:
            actions.absence_remove(
                volunteer=volunteer, actor=actor, absence_id=requested_id(request.POST, "remove") or 0
            )
            messages.success(request, _("The absence has been removed."))
            return
        form = AbsenceForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Please give the first and the last day."))
            return
        actions.absence_add(volunteer=volunteer, actor=actor, **form.cleaned_data)
        messages.success(request, _("The absence has been noted."))
    except actions.VolunteerError as exc:
        messages.error(request, str(exc))


@permission_required("volunteers.change")
@require_http_methods(["GET", "POST"])
def pools(request: HttpRequest, centre: str) -> HttpResponse:
    """The centre's pools (interpreting, learning mentors, family guides …)."""
    the_centre = _centre(request)
    formset = PoolFormSet(
        request.POST if request.method == "POST" else None,
        queryset=Pool.objects.filter(centre=the_centre).annotate(members=Count("volunteers")),
    )
    if request.method == "POST" and formset.is_valid():
        try:
            with transaction.atomic():
                actions.pools_save(centre=the_centre, actor=request.user, formset=formset)  # type: ignore[arg-type]
        except actions.VolunteerError as exc:
            messages.error(request, str(exc))
        except IntegrityError:
            messages.error(request, _("Two pools cannot have the same name."))
        else:
            messages.success(request, _("Saved."))
            return redirect("volunteers:pools", centre=centre)
    return render(
        request, "volunteers/pools.html", {"formset": formset}, status=422 if request.method == "POST" else 200
    )

"""Views of the grants module: thin — form, access check, action or selector, render.

Officers work under <centre>/intern/foerderung/, partner organisations under <centre>/intern/antraege/
(they see only their own organisation's applications: another's answers 404), and the open calls
are public under <centre>/foerderaufrufe/.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from anlaufstelle.core.access import permission_required, public
from anlaufstelle.core.audit import audit_record
from anlaufstelle.core.edit import get_or_404, posted
from anlaufstelle.core.errors import Refused, show_refusal
from anlaufstelle.core.http import CentreRequest, PublicRequest
from anlaufstelle.core.models import AuditEntry
from anlaufstelle.core.public_cache import cache_public_page
from anlaufstelle.core.reports import xlsx_download, year_from
from anlaufstelle.core.tabular import csv_bytes
from anlaufstelle.grants import actions, letters, money, selectors
from anlaufstelle.grants import figures as grant_figures
from anlaufstelle.grants import payments as payment_files
from anlaufstelle.grants.actions.applications import content_of, plan_of, problems
from anlaufstelle.grants.forms import (
    AnswerForm,
    ApplicationForm,
    AskForm,
    BudgetForm,
    CallForm,
    CostLineFormSet,
    DecideForm,
    DrawdownForm,
    NoteForm,
    PaymentOrderForm,
    ProofForm,
    RejectForm,
    ReviewForm,
    SourceForm,
    TemplateForm,
    lines_data,
    lines_initial,
)
from anlaufstelle.grants.models import Application, LetterTemplate, Review
from anlaufstelle.grants.states import APPLICANT, OFFICER, State, verbs_from


def _url(name: str, request: CentreRequest | PublicRequest, **kwargs: Any) -> str:
    return reverse(f"grants:{name}", kwargs={"centre": request.centre.slug, **kwargs})


def _form_page(request: CentreRequest, form: Any, *, title: str, back: str, extra: Any = None) -> HttpResponse:
    return render(request, "grants/form.html", {"form": form, "title": title, "back": back, "extra": extra})


# --- funding sources, budgets, calls, letter templates ------------------------------------------


@permission_required("grants.view")
@require_GET
def overview(request: CentreRequest, centre: str) -> HttpResponse:
    """Calls with their budgets and what is committed, and what waits for the officer."""
    calls = selectors.call_list(centre=request.centre)
    rows = [(call, selectors.committed_cents(call)) for call in calls[:50]]
    return render(
        request,
        "grants/overview.html",
        {
            "rows": rows,
            "waiting": selectors.application_list(centre=request.centre, state=State.SUBMITTED)[:20],
            "drawdowns": selectors.drawdowns_to_approve(centre=request.centre)[:20],
        },
    )


@permission_required("grants.manage")
@require_GET
def sources(request: CentreRequest, centre: str) -> HttpResponse:
    return render(request, "grants/sources.html", {"sources": selectors.source_list(centre=request.centre)})


@permission_required("grants.manage")
@require_http_methods(["GET", "POST"])
def source_edit(request: CentreRequest, centre: str, pk: int | None = None) -> HttpResponse:
    source = get_or_404(selectors.source_get, request, pk=pk) if pk else None
    form = SourceForm(**posted(request), instance=source)
    if request.method == "POST" and form.is_valid():
        try:
            actions.source_save(centre=request.centre, actor=request.user, data=form.cleaned_data, source=source)
        except Refused as refusal:
            show_refusal(request, refusal, form=form)
        else:
            return redirect(_url("sources", request))
    budget_form = BudgetForm(initial={"year": timezone.localdate().year}) if source else None
    return _form_page(
        request,
        form,
        title=_("Funding source"),
        back=_url("sources", request),
        extra={"budget_form": budget_form, "source": source},
    )


@permission_required("grants.manage")
@require_POST
def budget_save(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    source = get_or_404(selectors.source_get, request, pk=pk)
    form = BudgetForm(request.POST)
    if form.is_valid():
        try:
            actions.budget_save(
                source=source,
                year=form.cleaned_data["year"],
                amount_cents=money.to_cents(form.cleaned_data["amount"]),
                actor=request.user,
            )
        except Refused as refusal:
            show_refusal(request, refusal)
        else:
            messages.success(request, _("The budget was saved."))
    else:
        messages.error(request, _("Please enter a year and an amount."))
    return redirect(_url("source_edit", request, pk=source.pk))


@permission_required("grants.manage")
@require_http_methods(["GET", "POST"])
def call_edit(request: CentreRequest, centre: str, pk: int | None = None) -> HttpResponse:
    call = get_or_404(selectors.call_get, request, pk=pk) if pk else None
    form = CallForm(**posted(request), instance=call, centre=request.centre)
    if request.method == "POST" and form.is_valid():
        try:
            actions.call_save(centre=request.centre, actor=request.user, data=form.action_data(), call=call)
        except Refused as refusal:
            show_refusal(request, refusal, form=form)
        else:
            return redirect(_url("overview", request))
    return _form_page(request, form, title=_("Call for applications"), back=_url("overview", request))


@permission_required("grants.manage")
@require_http_methods(["GET", "POST"])
def template_edit(request: CentreRequest, centre: str) -> HttpResponse:
    """The decision letter's and the contract's text (`?kind=contract` for the contract)."""
    kind = request.GET.get("kind", LetterTemplate.Kind.DECISION)
    if kind not in LetterTemplate.Kind.values:
        kind = LetterTemplate.Kind.DECISION
    text = selectors.letter_template(centre=request.centre, kind=kind)
    form = TemplateForm(**posted(request), initial={"body": text})
    if request.method == "POST" and form.is_valid():
        actions.template_save(centre=request.centre, kind=kind, body=form.cleaned_data["body"], actor=request.user)
        messages.success(request, _("The text was saved."))
        return redirect(_url("template_edit", request) + f"?kind={kind}")
    return _form_page(
        request,
        form,
        title=str(LetterTemplate.Kind(kind).label),
        back=_url("overview", request),
        extra={"kinds": LetterTemplate.Kind.choices, "kind": kind},
    )


# --- applications: officers ---------------------------------------------------------------------


@permission_required("grants.view")
@require_GET
def applications(request: CentreRequest, centre: str) -> HttpResponse:
    state = request.GET.get("state", "")
    if state not in Application.Status.values:
        state = ""
    drawdowns = request.GET.get("drawdowns") == "1"
    listing = selectors.application_list(centre=request.centre, state=state, drawdown_waiting=drawdowns)
    page = Paginator(listing, 50).get_page(request.GET.get("page"))
    query = f"state={state}" + ("&drawdowns=1" if drawdowns else "")
    return render(
        request,
        "grants/applications.html",
        {"page": page, "state": state, "states": Application.Status.choices, "query": query, "drawdowns": drawdowns},
    )


def _detail_context(application: Application) -> dict[str, Any]:
    versions = list(application.versions.all())
    plan = plan_of(application)
    checks = money.check_lines(
        [(line.planned_cents, line.actual_cents or 0) for line in application.lines.all()],
        deviation_percent=application.call.deviation_percent,
    )
    return {
        "application": application,
        "plan": plan,
        "lines": list(zip(application.lines.all(), checks, strict=True)),
        "versions": versions,
        "compare": versions[-2:] if len(versions) > 1 else [],
        "reviews": {review.kind: review for review in application.reviews.all()},
        "drawn": sum(d.amount_cents for d in application.drawdowns.all() if d.status != "refused"),
    }


@permission_required("grants.view")
@require_GET
def application(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    application = get_or_404(selectors.application_get, request, pk=pk)
    context = _detail_context(application)
    context.update(
        verbs=verbs_from(application.state, who=OFFICER),
        ask_form=AskForm(),
        decide_form=DecideForm(
            initial={"amount": money.to_euros(plan_of(application).requested), "earmarked_until": application.ends_on}
        ),
        reject_form=RejectForm(),
        note_form=NoteForm(),
    )
    return render(request, "grants/application.html", context)


def _officer_step(request: CentreRequest, pk: int, do: Callable[[Application], Any], done: str) -> HttpResponse:
    application = get_or_404(selectors.application_get, request, pk=pk)
    try:
        do(application)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, done)
    return redirect(_url("application", request, pk=application.pk))


@permission_required("grants.review")
@require_POST
def review_start(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    return _officer_step(
        request,
        pk,
        lambda a: actions.review_start(application=a, actor=request.user),
        _("The application is in review."),
    )


@permission_required("grants.review")
@require_http_methods(["GET", "POST"])
def review(request: CentreRequest, centre: str, pk: int, kind: str) -> HttpResponse:
    """The content or the financial review: a score and comment per criterion, and a proposal."""
    if kind not in Review.Kind.values:
        raise Http404
    application = get_or_404(selectors.application_get, request, pk=pk)
    existing = next((r for r in application.reviews.all() if r.kind == kind), None)
    form = ReviewForm(**posted(request), call=application.call, review=existing)
    if request.method == "POST" and form.is_valid():
        try:
            actions.review_save(application=application, kind=kind, actor=request.user, **form.action_data())
        except Refused as refusal:
            show_refusal(request, refusal, form=form)
        else:
            messages.success(request, _("The review was saved."))
            return redirect(_url("application", request, pk=application.pk))
    return _form_page(
        request,
        form,
        title=f"{Review.Kind(kind).label}: {application.title}",
        back=_url("application", request, pk=application.pk),
    )


@permission_required("grants.review")
@require_POST
def ask(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    form = AskForm(request.POST)
    questions = form.cleaned_data["questions"].splitlines() if form.is_valid() else []
    return _officer_step(
        request,
        pk,
        lambda a: actions.application_ask(application=a, actor=request.user, questions=questions),
        _("The questions were sent to the applicant."),
    )


@permission_required("grants.decide")
@require_POST
def decide(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    get_or_404(selectors.application_get, request, pk=pk)  # another centre's id answers 404 before the form
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please enter the amount and the earmarking date."))
        return redirect(_url("application", request, pk=pk))
    return _officer_step(
        request,
        pk,
        lambda a: actions.application_decide(
            application=a,
            actor=request.user,
            amount_cents=money.to_cents(form.cleaned_data["amount"]),
            conditions=form.cleaned_data["conditions"],
            earmarked_until=form.cleaned_data["earmarked_until"],
        ),
        _("The grant was decided."),
    )


@permission_required("grants.decide")
@require_POST
def reject(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    get_or_404(selectors.application_get, request, pk=pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please give the reason."))
        return redirect(_url("application", request, pk=pk))
    return _officer_step(
        request,
        pk,
        lambda a: actions.application_reject(application=a, actor=request.user, reason=form.cleaned_data["reason"]),
        _("The application was rejected."),
    )


@permission_required("grants.decide")
@require_POST
def proof_close(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    return _officer_step(
        request,
        pk,
        lambda a: actions.proof_close(application=a, actor=request.user),
        _("The proof of use was accepted and the grant closed."),
    )


@permission_required("grants.decide")
@require_POST
def proof_return(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return _officer_step(
        request,
        pk,
        lambda a: actions.proof_return(application=a, actor=request.user, note=note),
        _("The proof of use was sent back."),
    )


def _letter(request: CentreRequest, application: Application, kind: str) -> HttpResponse:
    if kind not in LetterTemplate.Kind.values or application.decided_at is None or application.granted_cents == 0:
        raise Http404
    text = selectors.letter_template(centre=request.centre, kind=kind)
    pdf = letters.letter_pdf(application=application, kind=kind, text=text)
    audit_record(
        actor=request.user, centre=request.centre, kind=AuditEntry.Kind.EXPORT, action=f"grants.letter.{kind}",
        target=application,
    )  # fmt: skip
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{kind}-{application.pk}.pdf"'
    return response


@permission_required("grants.view")
@require_GET
def letter(request: CentreRequest, centre: str, pk: int, kind: str) -> HttpResponse:
    return _letter(request, get_or_404(selectors.application_get, request, pk=pk), kind)


# --- payments -----------------------------------------------------------------------------------


def _drawdown_step(request: CentreRequest, pk: int, do: Callable[..., Any], done: str) -> HttpResponse:
    drawdown = get_or_404(selectors.drawdown_get, request, pk=pk)
    try:
        do(drawdown=drawdown, actor=request.user)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, done)
    return redirect(_url("application", request, pk=drawdown.application_id))


@permission_required("grants.pay")
@require_POST
def drawdown_approve(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    return _drawdown_step(request, pk, actions.drawdown_approve, _("The drawdown was approved for payment."))


@permission_required("grants.pay")
@require_POST
def drawdown_refuse(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    return _drawdown_step(request, pk, actions.drawdown_refuse, _("The drawdown was refused."))


@permission_required("grants.pay")
@require_GET
def payments(request: CentreRequest, centre: str) -> HttpResponse:
    return render(
        request,
        "grants/payments.html",
        {
            "payable": selectors.payable_by_source(centre=request.centre),
            "orders": selectors.payment_orders(centre=request.centre)[:50],
            "form": PaymentOrderForm(initial={"execution_date": timezone.localdate()}),
        },
    )


@permission_required("grants.pay")
@require_POST
def payment_order_create(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    source = get_or_404(selectors.source_get, request, pk=pk)
    form = PaymentOrderForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please enter the execution date."))
    else:
        try:
            actions.payment_order_create(
                centre=request.centre,
                source=source,
                actor=request.user,
                execution_date=form.cleaned_data["execution_date"],
            )
        except Refused as refusal:
            show_refusal(request, refusal)
        else:
            messages.success(request, _("The payment order was created."))
    return redirect(_url("payments", request))


def _order_download(request: CentreRequest, pk: int, kind: str) -> tuple[Any, list[Any]]:
    order = get_or_404(selectors.payment_order_get, request, pk=pk)
    audit_record(
        actor=request.user, centre=request.centre, kind=AuditEntry.Kind.EXPORT, action=f"grants.payment_order.{kind}",
        target=order,
    )  # fmt: skip
    return order, list(selectors.order_drawdowns(order))


@permission_required("grants.pay")
@require_GET
def payment_order_xml(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    order, drawdowns = _order_download(request, pk, "xml")
    response = HttpResponse(payment_files.order_xml(order, drawdowns), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="pain001-{order.pk}.xml"'
    return response


@permission_required("grants.pay")
@require_GET
def payment_order_csv(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    order, drawdowns = _order_download(request, pk, "csv")
    header, rows = payment_files.order_rows(order, drawdowns)
    response = HttpResponse(csv_bytes(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="zahlungsauftrag-{order.pk}.csv"'
    return response


@permission_required("grants.view")
@require_GET
def figures(request: CentreRequest, centre: str) -> HttpResponse:
    year = year_from(request)
    numbers: dict[str, Any] = {
        "by_source": grant_figures.money_by_source(centre=request.centre, year=year),
        "by_call": grant_figures.money_by_call(centre=request.centre, year=year),
        "by_kind": grant_figures.applications_by_kind(centre=request.centre, year=year),
        "days": grant_figures.days_to_decision(centre=request.centre, year=year),
    }
    if request.GET.get("format") == "xlsx":
        return xlsx_download(
            request,
            centre=request.centre,
            action="grants.figures.export",
            sheets=grant_figures.figures_sheets(year=year, **numbers),
            filename=f"foerderung-{year}.xlsx",
        )
    return render(request, "grants/figures.html", {"year": year, **numbers})


# --- partner organisations ----------------------------------------------------------------------


def _organisation(request: CentreRequest) -> Any:
    organisation = selectors.partner_organisation(user=request.user, centre=request.centre)
    if organisation is None:
        raise Http404
    return organisation


def _own(request: CentreRequest, pk: int) -> Application:
    return get_or_404(selectors.own_application_get, request, organisation=_organisation(request), pk=pk)


@permission_required("grants.apply")
@require_GET
def partner_calls(request: CentreRequest, centre: str) -> HttpResponse:
    return render(
        request,
        "grants/calls.html",
        {"calls": selectors.open_calls(centre=request.centre), "partner": True},
    )


@permission_required("grants.apply")
@require_http_methods(["GET", "POST"])
def partner_apply(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """The call's details; POST starts a draft for the partner's organisation."""
    organisation = _organisation(request)
    call = get_or_404(selectors.open_call_get, request, pk=pk)
    if request.method == "POST":
        try:
            draft = actions.application_create(call=call, organisation=organisation, actor=request.user, title="")
        except Refused as refusal:
            show_refusal(request, refusal)
        else:
            return redirect(_url("partner_application", request, pk=draft.pk))
    return render(request, "grants/call.html", {"call": call})


@permission_required("grants.apply")
@require_GET
def partner_applications(request: CentreRequest, centre: str) -> HttpResponse:
    organisation = _organisation(request)
    return render(
        request,
        "grants/partner_applications.html",
        {
            "organisation": organisation,
            "applications": selectors.own_applications(centre=request.centre, organisation=organisation),
        },
    )


@permission_required("grants.apply")
@require_http_methods(["GET", "POST"])
def partner_application(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """The application: edit and save while a draft or while questions are open, else read."""
    application = _own(request, pk)
    editable = application.state in (State.DRAFT, State.QUESTIONS)
    form = ApplicationForm(**posted(request), instance=application)
    formset = CostLineFormSet(**posted(request), initial=lines_initial(application), prefix="lines")
    if request.method == "POST" and editable and form.is_valid() and formset.is_valid():
        try:
            actions.application_save(
                application=application, actor=request.user, data=form.action_data(), lines=lines_data(formset)
            )
        except Refused as refusal:
            show_refusal(request, refusal, form=form)
        else:
            messages.success(request, _("The application was saved."))
            return redirect(_url("partner_application", request, pk=application.pk))
    context = _detail_context(application)
    context.update(
        form=form,
        formset=formset,
        editable=editable,
        problems=problems(application) if editable else [],
        verbs=verbs_from(application.state, who=APPLICANT),
        answer_form=AnswerForm(application=application),
        drawdown_form=DrawdownForm(initial={"needed_on": timezone.localdate()}),
        current=content_of(application),
    )
    return render(request, "grants/partner_application.html", context)


def _partner_step(request: CentreRequest, pk: int, do: Callable[[Application], Any], done: str) -> HttpResponse:
    application = _own(request, pk)
    try:
        do(application)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, done)
    return redirect(_url("partner_application", request, pk=application.pk))


@permission_required("grants.apply")
@require_POST
def partner_submit(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    return _partner_step(
        request,
        pk,
        lambda a: actions.application_submit(application=a, actor=request.user),
        _("The application was submitted."),
    )


@permission_required("grants.apply")
@require_POST
def partner_answer(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    application = _own(request, pk)
    form = AnswerForm(request.POST, application=application)
    answers = form.answers() if form.is_valid() else {}
    return _partner_step(
        request,
        pk,
        lambda a: actions.application_answer(application=a, actor=request.user, answers=answers),
        _("Your answers and the revised application were sent."),
    )


@permission_required("grants.apply")
@require_POST
def partner_accept(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    return _partner_step(
        request,
        pk,
        lambda a: actions.application_accept(application=a, actor=request.user),
        _("You accepted the grant."),
    )


@permission_required("grants.apply")
@require_POST
def partner_withdraw(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    return _partner_step(
        request,
        pk,
        lambda a: actions.application_withdraw(application=a, actor=request.user),
        _("The application was withdrawn."),
    )


@permission_required("grants.apply")
@require_GET
def partner_letter(request: CentreRequest, centre: str, pk: int, kind: str) -> HttpResponse:
    return _letter(request, _own(request, pk), kind)


@permission_required("grants.apply")
@require_POST
def partner_drawdown(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    form = DrawdownForm(request.POST)
    if not form.is_valid():
        _own(request, pk)
        messages.error(request, _("Please enter an amount and a date."))
        return redirect(_url("partner_application", request, pk=pk))
    return _partner_step(
        request,
        pk,
        lambda a: actions.drawdown_request(
            application=a,
            actor=request.user,
            amount_cents=money.to_cents(form.cleaned_data["amount"]),
            needed_on=form.cleaned_data["needed_on"],
        ),
        _("The drawdown was requested."),
    )


@permission_required("grants.apply")
@require_http_methods(["GET", "POST"])
def partner_proof(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """The proof of use: the narrative report and each line's actual amount."""
    application = _own(request, pk)
    form = ProofForm(**posted(request), application=application)
    if request.method == "POST" and form.is_valid():
        try:
            actions.proof_submit(
                application=application, actor=request.user, report=form.cleaned_data["report"], actuals=form.actuals()
            )
        except Refused as refusal:
            show_refusal(request, refusal, form=form)
        else:
            messages.success(request, _("The proof of use was submitted."))
            return redirect(_url("partner_application", request, pk=application.pk))
    return _form_page(
        request, form, title=_("Proof of use"), back=_url("partner_application", request, pk=application.pk)
    )


# --- public -------------------------------------------------------------------------------------


@public
@cache_public_page
@require_GET
def public_calls(request: PublicRequest, centre: str) -> HttpResponse:
    return render(request, "grants/public_calls.html", {"calls": selectors.open_calls(centre=request.centre)})

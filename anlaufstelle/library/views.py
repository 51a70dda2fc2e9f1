"""Views of the library module: thin — form, access check, action or selector, render.

Staff pages live under <centre>/intern/mediothek/ and need `library.manage`; the desk checks copies out
and in by barcode (a USB scanner types and presses Enter; on a phone the camera fills the field where the
browser can read barcodes). The public catalogue is <centre>/mediothek/.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Model
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from anlaufstelle.core.access import permission_required, public
from anlaufstelle.core.edit import edit_page, get_or_404, posted
from anlaufstelle.core.errors import Refused, show_refusal
from anlaufstelle.core.forms import requested_id
from anlaufstelle.core.http import CentreRequest, PublicRequest
from anlaufstelle.core.jobs import job_start
from anlaufstelle.core.languages import language_label
from anlaufstelle.core.privacy_views import PersonalDataViews, back_to
from anlaufstelle.core.public_cache import cache_public_page
from anlaufstelle.library import actions, figures, marc, selectors, transfer
from anlaufstelle.library import labels as library_labels
from anlaufstelle.library.forms import (
    BorrowerChoiceForm,
    BorrowerForm,
    CatalogueSearchForm,
    CheckInForm,
    ChecklistForm,
    CheckOutForm,
    ComponentForm,
    CopyForm,
    ErasureForm,
    ImportForm,
    RuleForm,
    SettingsForm,
    TitleForm,
    TopicForm,
)
from anlaufstelle.library.models import LibrarySettings, Title

FORM_TEMPLATE = "library/form.html"
PAGE_SIZE = 50


def _url(name: str, request: CentreRequest | PublicRequest, **kwargs: Any) -> str:
    return reverse(f"library:{name}", kwargs={"centre": request.centre.slug, **kwargs})


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


def _page(request: CentreRequest | PublicRequest, titles: Any) -> Any:
    return Paginator(titles, PAGE_SIZE).get_page(request.GET.get("page"))


# --- catalogue ------------------------------------------------------------------------------


@permission_required("library.manage")
@require_GET
def overview(request: CentreRequest, centre: str) -> HttpResponse:
    """The catalogue with its search, and the way to the desk."""
    form = CatalogueSearchForm(request.GET or None, centre=request.centre)
    titles = selectors.title_search(centre=request.centre, **form.filters())
    return render(request, "library/overview.html", {"form": form, "page": _page(request, titles)})


@permission_required("library.manage")
@require_http_methods(["GET", "POST"])
def title_edit(request: CentreRequest, centre: str, pk: int | None = None) -> HttpResponse:
    title = get_or_404(selectors.title_get, request, pk) if pk else None
    form = TitleForm(**posted(request), instance=title, centre=request.centre)
    return _edit(
        request,
        form=form,
        save=lambda data: actions.title_save(
            centre=request.centre, actor=request.user, data=form.title_data(), summaries=form.summaries(), title=title
        ),
        title=_("Title"),
        back=_url("title", request, pk=title.pk) if title else _url("overview", request),
        done=lambda saved: _url("title", request, pk=saved.pk),
    )


@permission_required("library.manage")
@require_GET
def title_detail(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    title = get_or_404(selectors.title_get, request, pk)
    context = {
        "title": title,
        "summary": selectors.summary(title=title, language=get_language() or "de"),
        "languages": [language_label(code) for code in title.language_codes],
        "hold_form": BorrowerChoiceForm(centre=request.centre),
        **selectors.title_detail(title=title),
    }
    return render(request, "library/title_detail.html", context)


@permission_required("library.manage")
@require_GET
def labels(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """Barcode labels (PDF, A4 with 3 × 8 labels) for the copies of a title: all, or those picked with
    ?copy=<id> (repeated); ?skip=<n> leaves the first n labels of a used sheet free."""
    title = get_or_404(selectors.title_get, request, pk)
    ids = {int(v) for v in request.GET.getlist("copy") if v.isdigit() and len(v) < 12} or None
    if "copy" in request.GET and ids is None:
        raise Http404
    copies = selectors.label_copies(title=title, ids=ids)[: library_labels.MAX_LABELS]
    if not copies and ids is not None:
        raise Http404
    skip = requested_id(request.GET, "skip") or 0
    response = HttpResponse(library_labels.labels_pdf(copies, skip=skip), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="etiketten-{title.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@permission_required("library.manage")
@require_http_methods(["GET", "POST"])
def copy_create(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    title = get_or_404(selectors.title_get, request, pk)
    form = CopyForm(**posted(request), centre=request.centre)
    return _edit(
        request,
        form=form,
        save=lambda data: actions.copy_save(title=title, actor=request.user, data=data),
        title=_("New copy of “%(title)s”") % {"title": title.title},
        back=_url("title", request, pk=title.pk),
        done=lambda saved: _url("copy", request, pk=saved.pk),
    )


@permission_required("library.manage")
@require_http_methods(["GET", "POST"])
def copy_edit(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    copy = get_or_404(selectors.copy_get, request, pk)
    form = CopyForm(**posted(request), instance=copy, centre=request.centre)
    return _edit(
        request,
        form=form,
        save=lambda data: actions.copy_save(title=copy.title, actor=request.user, data=data, copy=copy),
        title=_("Copy"),
        back=_url("copy", request, pk=copy.pk),
        done=lambda saved: _url("copy", request, pk=saved.pk),
    )


@permission_required("library.manage")
@require_GET
def copy_detail(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """A copy: its loans and, for a kit, the checklist of components."""
    copy = get_or_404(selectors.copy_get, request, pk)
    context = {
        "copy": copy,
        "component_form": ComponentForm(centre=request.centre, kit=copy),
        **selectors.copy_detail(copy=copy),
    }
    return render(request, "library/copy_detail.html", context)


@permission_required("library.manage")
@require_POST
def component_add(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    kit = get_or_404(selectors.copy_get, request, pk)
    form = ComponentForm(request.POST, centre=request.centre, kit=kit)
    if form.is_valid():
        try:
            actions.component_add(kit=kit, actor=request.user, **form.cleaned_data)
        except Refused as refusal:
            show_refusal(request, refusal)
        else:
            messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Please name the component or choose a copy, and give a quantity."))
    return redirect(_url("copy", request, pk=kit.pk))


@permission_required("library.manage")
@require_POST
def component_lost(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    component = get_or_404(selectors.component_get, request, pk)
    lost = request.POST.get("lost") != "0"
    actions.component_set_lost(component=component, actor=request.user, lost=lost)
    messages.success(request, _("Marked lost.") if lost else _("Marked found."))
    return redirect(_url("copy", request, pk=component.kit_id))


@permission_required("library.manage")
@require_http_methods(["GET", "POST"])
def topics(request: CentreRequest, centre: str) -> HttpResponse:
    form = TopicForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.topic_save(centre=request.centre, actor=request.user, name=form.cleaned_data["name"])
        except Refused as refusal:
            show_refusal(request, refusal, form=form)
        else:
            messages.success(request, _("Saved."))
            return redirect(_url("topics", request))
    status = 422 if form.errors else 200
    return render(
        request,
        "library/topics.html",
        {"form": form, "topics": selectors.topic_list(centre=request.centre)},
        status=status,
    )


@permission_required("library.manage")
@require_http_methods(["GET", "POST"])
def import_view(request: CentreRequest, centre: str) -> HttpResponse:
    """Upload a CSV/XLSX or MARC21/MARCXML catalogue; a background job imports every row or none and
    reports why."""
    form = ImportForm(
        request.POST if request.method == "POST" else None, request.FILES if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        job = job_start(
            centre=request.centre,
            actor=request.user,
            kind="library.import_marc" if marc.is_marc(form.cleaned_data["file"].name) else "library.import",
            title=_("Import of %(file)s") % {"file": form.cleaned_data["file"].name[:100]},
            input_file=form.cleaned_data["file"],
        )
        return redirect("core:job", centre=centre, pk=job.pk)
    context = {"form": form, "columns": transfer.COLUMNS}
    return render(request, "library/import.html", context, status=422 if form.errors else 200)


# --- borrowers and rules --------------------------------------------------------------------


@permission_required("library.manage")
@require_http_methods(["GET", "POST"])
def borrowers(request: CentreRequest, centre: str) -> HttpResponse:
    """The registered borrowers and the form to register a person the platform knows."""
    form = BorrowerForm(request.POST if request.method == "POST" else None, centre=request.centre)
    if request.method == "POST" and form.is_valid():
        try:
            borrower = actions.borrower_register(
                centre=request.centre,
                actor=request.user,
                kind=form.cleaned_data["kind"],
                person=form.cleaned_data["person"],
            )
        except Refused as refusal:
            show_refusal(request, refusal, form=form)
        else:
            messages.success(request, _("Saved."))
            return redirect(_url("borrower", request, pk=borrower.pk))
    status = 422 if form.errors else 200
    context = {"form": form, "borrowers": selectors.borrower_list(centre=request.centre)}
    return render(request, "library/borrowers.html", context, status=status)


@permission_required("library.manage")
@require_GET
def borrower_detail(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    borrower = get_or_404(selectors.borrower_get, request, pk)
    context = {"borrower": borrower, "erasure_form": ErasureForm(), **selectors.borrower_detail(borrower=borrower)}
    return render(request, "library/borrower_detail.html", context)


def _borrower(request: CentreRequest, pk: int, **_: Any) -> Any:
    return get_or_404(selectors.borrower_get, request, pk)


_borrower_data = PersonalDataViews(
    permission="library.manage",
    lookup=_borrower,
    export=lambda borrower: selectors.borrower_personal_data(borrower=borrower),
    audit_action="library.borrower.access_export",
    filename="auskunft-ausleihende-{pk}.json",
    erase=lambda borrower, **kwargs: actions.borrower_erase(borrower=borrower, **kwargs),
    erasure_form=ErasureForm,
    refused=gettext_lazy("Please choose why the borrower is erased."),
    erased=gettext_lazy("The borrower has been erased; loans stay without the person."),
    back=back_to("library:borrower", pk=lambda borrower: borrower.pk),
    after_erase=back_to("library:borrowers"),
)
borrower_access = _borrower_data.access_view()
borrower_erase = _borrower_data.erase_view()


@permission_required("library.manage")
@require_http_methods(["GET", "POST"])
def rules(request: CentreRequest, centre: str) -> HttpResponse:
    """The circulation rules, and the three reminder steps."""
    current = LibrarySettings.objects.filter(centre=request.centre).first()
    form = SettingsForm(**posted(request), instance=current, centre=request.centre)
    if request.method == "POST" and form.is_valid():
        try:
            actions.settings_save(centre=request.centre, actor=request.user, data=form.cleaned_data)
        except Refused as refusal:
            show_refusal(request, refusal, form=form)
        else:
            messages.success(request, _("Saved."))
            return redirect(_url("rules", request))
    context = {"rules": selectors.rule_list(centre=request.centre), "form": form, "default": actions.DEFAULT_RULE}
    return render(request, "library/rules.html", context, status=422 if form.errors else 200)


@permission_required("library.manage")
@require_http_methods(["GET", "POST"])
def rule_edit(request: CentreRequest, centre: str, pk: int | None = None) -> HttpResponse:
    rule = get_or_404(selectors.rule_get, request, pk) if pk else None
    form = RuleForm(**posted(request), instance=rule, centre=request.centre)
    return _edit(
        request,
        form=form,
        save=lambda data: actions.rule_save(centre=request.centre, actor=request.user, data=data, rule=rule),
        title=_("Circulation rule"),
        back=_url("rules", request),
        done=lambda saved: _url("rules", request),
    )


# --- the desk -------------------------------------------------------------------------------


def _desk(
    request: CentreRequest, *, out: CheckOutForm | None = None, back: CheckInForm | None = None, status: int = 200
) -> HttpResponse:
    borrower = requested_id(request.GET, "borrower")
    context = {
        "out_form": out or CheckOutForm(centre=request.centre, initial={"borrower": borrower}),
        "in_form": back or CheckInForm(),
        "ready_holds": selectors.ready_holds(centre=request.centre),
        **selectors.desk_loans(centre=request.centre, today=timezone.localdate()),
    }
    return render(request, "library/desk.html", context, status=status)


@permission_required("library.manage")
@require_GET
def desk(request: CentreRequest, centre: str) -> HttpResponse:
    """Check out and check in by barcode; overdue loans and holds ready for pick-up."""
    return _desk(request)


@permission_required("library.manage")
@require_POST
def check_out(request: CentreRequest, centre: str) -> HttpResponse:
    form = CheckOutForm(request.POST, centre=request.centre)
    if form.is_valid():
        try:
            loan = actions.check_out(
                centre=request.centre,
                actor=request.user,
                barcode=form.cleaned_data["barcode"],
                borrower=form.cleaned_data["borrower"],
            )
        except Refused as refusal:
            show_refusal(request, refusal, form=form)
        else:
            messages.success(
                request,
                _("Lent: %(title)s (%(barcode)s), due on %(due)s.")
                % {
                    "title": loan.copy.title.title,
                    "barcode": loan.copy.barcode,
                    "due": loan.due_on.strftime("%d.%m.%Y"),
                },
            )
            return redirect(_url("desk", request) + f"?borrower={loan.borrower_id}")
    return _desk(request, out=form, status=422)


@permission_required("library.manage")
@require_POST
def check_in(request: CentreRequest, centre: str) -> HttpResponse:
    """Check a copy in; a kit first shows its checklist, and comes back here with what is there or lost."""
    form = CheckInForm(request.POST)
    if not form.is_valid():
        return _desk(request, back=form, status=422)
    barcode = form.cleaned_data["barcode"]
    checklist = None
    present: set[int] | None = None
    lost: set[int] = set()
    try:
        copy = actions.copy_for_barcode(centre=request.centre, barcode=barcode)
        components = actions.kit_components_to_check(copy)
        if components:
            checklist = ChecklistForm(
                request.POST if "checklist" in request.POST else None,
                components=components,
                initial={"barcode": barcode},
            )
            if not checklist.is_bound:
                return render(request, "library/checklist.html", {"form": checklist, "copy": copy})
            if not checklist.is_valid():
                return render(request, "library/checklist.html", {"form": checklist, "copy": copy}, status=422)
            present, lost = checklist.ids("present"), checklist.ids("lost")
        loan, hold = actions.check_in(
            centre=request.centre, actor=request.user, barcode=barcode, present=present, lost=lost
        )
    except Refused as refusal:
        if checklist is not None and refusal.field == "components":
            checklist.add_error(None, refusal.message)
            return render(request, "library/checklist.html", {"form": checklist, "copy": copy}, status=422)
        show_refusal(request, refusal, form=form)
        return _desk(request, back=form, status=422)
    messages.success(
        request,
        _("Returned: %(title)s (%(barcode)s).") % {"title": loan.copy.title.title, "barcode": loan.copy.barcode},
    )
    if hold is not None:
        messages.info(request, _("Keep it for the next hold: %(name)s.") % {"name": hold.borrower.name})
    return redirect(_url("desk", request))


@permission_required("library.manage")
@require_POST
def renew(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    loan = get_or_404(selectors.loan_get, request, pk)
    try:
        renewed = actions.renew(loan=loan, actor=request.user)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("Renewed until %(due)s.") % {"due": renewed.due_on.strftime("%d.%m.%Y")})
    if request.POST.get("next") == _url("desk", request) or loan.borrower_id is None:
        return redirect(_url("desk", request))
    return redirect(_url("borrower", request, pk=loan.borrower_id))


@permission_required("library.manage")
@require_POST
def hold_place(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    title = get_or_404(selectors.title_get, request, pk)
    form = BorrowerChoiceForm(request.POST, centre=request.centre)
    if not form.is_valid():
        messages.error(request, _("Please choose a borrower."))
    else:
        try:
            hold = actions.hold_place(title=title, borrower=form.cleaned_data["borrower"], actor=request.user)
        except Refused as refusal:
            show_refusal(request, refusal)
        else:
            messages.success(
                request,
                _("Reserved; a copy is kept for pick-up.")
                if hold.copy_id
                else _("Reserved; the borrower waits for the next copy."),
            )
    return redirect(_url("title", request, pk=title.pk))


@permission_required("library.manage")
@require_POST
def hold_cancel(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    hold = get_or_404(selectors.hold_get, request, pk)
    try:
        actions.hold_cancel(hold=hold, actor=request.user)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("Hold cancelled."))
    return redirect(_url("title", request, pk=hold.title_id))


@permission_required("library.manage")
@require_GET
def figures_page(request: CentreRequest, centre: str) -> HttpResponse:
    """Loans per month, per borrower kind and per topic in one year; titles never lent."""
    current = timezone.localdate().year
    try:
        year = min(max(int(request.GET.get("year") or current), 2000), current)
    except ValueError:
        year = current
    context = {
        "tables": figures.tables(centre=request.centre, year=year),
        "year": year,
        "previous_year": year - 1,
        "next_year": min(year + 1, current),
    }
    return render(request, "library/figures.html", context)


# --- public catalogue -----------------------------------------------------------------------


@public
@cache_public_page
@require_GET
def public_catalogue(request: PublicRequest, centre: str) -> HttpResponse:
    """The public catalogue, searchable by words, topic, language, age and media type."""
    form = CatalogueSearchForm(request.GET or None, centre=request.centre)
    titles = selectors.title_search(centre=request.centre, public_only=True, **form.filters())
    return render(request, "library/public_catalogue.html", {"form": form, "page": _page(request, titles)})


JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def book_json_ld(title: Title, *, summary: str, url: str) -> SafeString:
    """schema.org Book (or CreativeWork for games, teaching material and kits) of a title."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Book" if title.media_type in ("book", "picture_book") else "CreativeWork",
        "name": title.title,
        "url": url,
        "inLanguage": title.language_codes,
    }
    if title.isbn:
        data["isbn"] = title.isbn
    if title.author_list:
        data["author"] = [{"@type": "Person", "name": name} for name in title.author_list]
    if title.publisher:
        data["publisher"] = {"@type": "Organization", "name": title.publisher}
    if title.year:
        data["datePublished"] = str(title.year)
    if summary:
        data["description"] = summary
    if title.age_from is not None or title.age_to is not None:
        audience: dict[str, Any] = {"@type": "PeopleAudience"}
        if title.age_from is not None:
            audience["suggestedMinAge"] = title.age_from
        if title.age_to is not None:
            audience["suggestedMaxAge"] = title.age_to
        data["audience"] = audience
    data["about"] = [topic.name for topic in title.topics.all()]
    # <, > and & escaped so that no text can close the script element.
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(JSON_ESCAPES))


@public
@cache_public_page
@require_GET
def public_title(request: PublicRequest, centre: str, pk: int) -> HttpResponse:
    title = get_or_404(selectors.title_get, request, pk, public_only=True)
    summary = selectors.summary(title=title, language=get_language() or "de")
    total, free = selectors.availability(title=title)
    context = {
        "title": title,
        "summary": summary,
        "languages": [language_label(code) for code in title.language_codes],
        "total": total,
        "free": free,
        "json_ld": book_json_ld(title, summary=summary, url=request.build_absolute_uri()),
    }
    return render(request, "library/public_title.html", context)

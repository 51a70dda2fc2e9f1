"""Views of the reports module: thin — form, access check, action or selector, render.

Staff pages live under <centre>/intern/berichte/: the concept (`reports.manage` to change it,
`reports.view` to read it and its dashboard), the import of external indicators and the centre's
sharing with the state (`reports.manage`), and the state view (`reports.view_state`). The open JSON
endpoint of the state view is public: it publishes only the protected table.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from anlaufstelle.core.access import permission_required, public
from anlaufstelle.core.audit import audit_record
from anlaufstelle.core.edit import edit_page, get_or_404, posted
from anlaufstelle.core.errors import show_refusal
from anlaufstelle.core.http import AnyRequest, CentreRequest
from anlaufstelle.core.jobs import job_start
from anlaufstelle.core.models import AuditEntry
from anlaufstelle.core.reports import xlsx_download
from anlaufstelle.core.tabular import TableError, csv_bytes, read_table
from anlaufstelle.reports import actions, imports, selectors, state
from anlaufstelle.reports.errors import ImportRefused
from anlaufstelle.reports.forms import (
    ConceptForm,
    FieldForm,
    FilterForm,
    GoalForm,
    ImportForm,
    IndicatorForm,
    MeasureForm,
)
from anlaufstelle.reports.models import Sharing
from anlaufstelle.reports.registry import Grain

FORM_TEMPLATE = "reports/form.html"


def _url(name: str, request: CentreRequest, **kwargs: Any) -> str:
    return reverse(f"reports:{name}", kwargs={"centre": request.centre.slug, **kwargs})


def _edit(
    request: CentreRequest, *, form: Any, save: Callable[[dict[str, Any]], Any], title: str, back: str
) -> HttpResponse:
    return edit_page(
        request,
        form=form,
        save=save,
        done=lambda saved: back,
        template=FORM_TEMPLATE,
        context={"title": title, "back": back},
    )


# --- the concept ----------------------------------------------------------------------------


@permission_required("reports.view")
@require_GET
def concepts(request: CentreRequest, centre: str) -> HttpResponse:
    """The centre's integration concepts."""
    return render(request, "reports/concepts.html", {"concepts": selectors.concept_list(centre=request.centre)})


@permission_required("reports.manage")
@require_http_methods(["GET", "POST"])
def concept_edit(request: CentreRequest, centre: str, pk: int | None = None) -> HttpResponse:
    concept = get_or_404(selectors.concept_get, request, pk) if pk else None
    form = ConceptForm(**posted(request), instance=concept, centre=request.centre)
    return edit_page(
        request,
        form=form,
        save=lambda data: actions.concept_save(centre=request.centre, actor=request.user, data=data, concept=concept),
        done=lambda saved: _url("concept", request, pk=saved.pk),
        template=FORM_TEMPLATE,
        context={"title": _("Integration concept"), "back": _url("concepts", request)},
    )


@permission_required("reports.view")
@require_GET
def concept_detail(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """The concept: fields of action, goals, measures and indicators."""
    concept = get_or_404(selectors.concept_get, request, pk)
    context = {"concept": concept, "fields": selectors.concept_fields(concept=concept)}
    return render(request, "reports/concept.html", context)


@permission_required("reports.manage")
@require_http_methods(["GET", "POST"])
def field_create(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    concept = get_or_404(selectors.concept_get, request, pk)
    form = FieldForm(**posted(request), centre=request.centre)
    return _edit(
        request,
        form=form,
        save=lambda data: actions.field_save(concept=concept, actor=request.user, data=data),
        title=_("Field of action"),
        back=_url("concept", request, pk=concept.pk),
    )


@permission_required("reports.manage")
@require_http_methods(["GET", "POST"])
def field_edit(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    field = get_or_404(selectors.field_get, request, pk)
    form = FieldForm(**posted(request), instance=field, centre=request.centre)
    return _edit(
        request,
        form=form,
        save=lambda data: actions.field_save(concept=field.concept, actor=request.user, data=data, field=field),
        title=_("Field of action"),
        back=_url("concept", request, pk=field.concept_id),
    )


def _part_edit(
    request: CentreRequest,
    *,
    pk: int,
    edit: bool,
    lookup: Callable[..., Any],
    form_class: Any,
    save: Callable[..., Any],
    title: str,
) -> HttpResponse:
    """Create (pk: the concept) or change (pk: the object) a goal, measure or indicator of a concept."""
    instance = get_or_404(lookup, request, pk) if edit else None
    concept = instance_concept(instance) if instance else get_or_404(selectors.concept_get, request, pk)
    form = form_class(**posted(request), instance=instance, centre=request.centre, concept=concept)
    return _edit(
        request,
        form=form,
        save=lambda data: save(centre=request.centre, actor=request.user, data=data, **({"instance": instance})),
        title=title,
        back=_url("concept", request, pk=concept.pk),
    )


def instance_concept(instance: Any) -> Any:
    goal = instance if hasattr(instance, "field") else instance.goal
    return goal.field.concept


def _goal_save(*, instance: Any, **kwargs: Any) -> Any:
    return actions.goal_save(goal=instance, **kwargs)


def _measure_save(*, instance: Any, **kwargs: Any) -> Any:
    return actions.measure_save(measure=instance, **kwargs)


def _indicator_save(*, instance: Any, **kwargs: Any) -> Any:
    return actions.indicator_save(indicator=instance, **kwargs)


@permission_required("reports.manage")
@require_http_methods(["GET", "POST"])
def goal_create(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    return _part_edit(
        request, pk=pk, edit=False, lookup=selectors.goal_get, form_class=GoalForm, save=_goal_save, title=_("Goal")
    )


@permission_required("reports.manage")
@require_http_methods(["GET", "POST"])
def goal_edit(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    return _part_edit(
        request, pk=pk, edit=True, lookup=selectors.goal_get, form_class=GoalForm, save=_goal_save, title=_("Goal")
    )


@permission_required("reports.manage")
@require_http_methods(["GET", "POST"])
def measure_create(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    return _part_edit(
        request,
        pk=pk,
        edit=False,
        lookup=selectors.measure_get,
        form_class=MeasureForm,
        save=_measure_save,
        title=_("Measure"),
    )


@permission_required("reports.manage")
@require_http_methods(["GET", "POST"])
def measure_edit(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    return _part_edit(
        request,
        pk=pk,
        edit=True,
        lookup=selectors.measure_get,
        form_class=MeasureForm,
        save=_measure_save,
        title=_("Measure"),
    )


@permission_required("reports.manage")
@require_http_methods(["GET", "POST"])
def indicator_create(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    return _part_edit(
        request,
        pk=pk,
        edit=False,
        lookup=selectors.indicator_get,
        form_class=IndicatorForm,
        save=_indicator_save,
        title=_("Indicator"),
    )


@permission_required("reports.manage")
@require_http_methods(["GET", "POST"])
def indicator_edit(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    return _part_edit(
        request,
        pk=pk,
        edit=True,
        lookup=selectors.indicator_get,
        form_class=IndicatorForm,
        save=_indicator_save,
        title=_("Indicator"),
    )


@permission_required("reports.manage")
@require_POST
def annual_report(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """Start the annual report PDF of a year as a background job; its page shows the progress."""
    concept = get_or_404(selectors.concept_get, request, pk)
    year = _year(request.POST)
    job = job_start(
        centre=request.centre,
        actor=request.user,
        kind="reports.annual",
        title=_("Integration report %(year)s") % {"year": year},
        params={"concept": concept.pk, "year": year},
    )
    return redirect("core:job", centre=centre, pk=job.pk)


# --- the dashboard --------------------------------------------------------------------------


@permission_required("reports.view")
@require_GET
def dashboard(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """Every indicator of the concept as a trend, and the latest values against their targets; each
    chart with its table. Filters: a range of years and a district."""
    concept = get_or_404(selectors.concept_get, request, pk)
    filters = FilterForm(request.GET or None)
    first_year, last_year = filters.years(concept)
    context = {
        "concept": concept,
        "filters": filters,
        "first_year": first_year,
        "last_year": last_year,
        "district": filters.chosen_district(),
        **selectors.dashboard(
            centre=request.centre,
            concept=concept,
            first_year=first_year,
            last_year=last_year,
            district=filters.chosen_district(),
        ),
    }
    return render(request, "reports/dashboard.html", context)


# --- external indicators --------------------------------------------------------------------


@permission_required("reports.manage")
@require_http_methods(["GET", "POST"])
def external_import(request: CentreRequest, centre: str) -> HttpResponse:
    """Import a series from IT.NRW or the Federal Employment Agency: all rows or none, with a report."""
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[tuple[int, str]] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            table = read_table(data["file"])
            batch = actions.external_import(
                centre=request.centre,
                actor=request.user,
                table=table,
                mapping=imports.Mapping(
                    period=data["period_column"],
                    area=data["area_column"],
                    value=data["value_column"],
                    group=data["group_column"],
                ),
                series=data["series"],
                label=data["label"],
                unit=data["unit"],
                source=data["source"],
                file_name=data["file"].name or "",
            )
        except TableError as error:
            form.add_error("file", str(error))
        except ImportRefused as refusal:
            problems = refusal.problems
            show_refusal(request, refusal, form=form)
        else:
            messages.success(request, _("Imported: %(count)s values.") % {"count": batch.rows})
            return redirect(_url("external_import", request))
    context = {"form": form, "problems": problems, "batches": selectors.import_list(centre=request.centre)}
    return render(request, "reports/import.html", context, status=422 if form.errors or problems else 200)


# --- sharing with the state and the state view ----------------------------------------------


@permission_required("reports.manage")
@require_http_methods(["GET", "POST"])
def sharing(request: CentreRequest, centre: str) -> HttpResponse:
    """Turn sharing with the state view on or off, and see the centre's row as the state sees it."""
    if request.method == "POST":
        actions.sharing_save(
            centre=request.centre, actor=request.user, with_state=request.POST.get("with_state") == "on"
        )
        return redirect(_url("sharing", request))
    current = Sharing.objects.filter(centre=request.centre).first()
    year = _year(request.GET)
    rows = []
    if current and current.with_state:
        for indicator in state.state_indicators():
            table = state.state_table(indicator=indicator, year=year, grain="year")
            mine = table.row_of(request.centre)
            if mine is not None:
                rows.append((indicator, table.periods, mine[0], mine[1]))
    context = {"sharing": current, "rows": rows, "year": year}
    return render(request, "reports/sharing.html", context)


def _year(data: Any) -> int:
    """The `year` of a query string or form (this year when missing or not a number), 2000 to this year."""
    this_year = timezone.localdate().year
    try:
        year = int(data.get("year") or this_year)
    except ValueError:
        year = this_year
    return min(max(year, 2000), this_year)


def _state_table(request: Any) -> state.StateTable:
    offered = {i.id: i for i in state.state_indicators()}
    chosen = offered.get(request.GET.get("indicator", "")) or next(iter(offered.values()))
    grain: Grain = "year" if request.GET.get("grain") == "year" else "month"
    return state.state_table(indicator=chosen, year=_year(request.GET), grain=grain)


@permission_required("reports.view_state")
@require_GET
def state_view(request: CentreRequest, centre: str) -> HttpResponse:
    """Counts per sharing centre and period, suppressed: nothing else, for the state analyst."""
    table = _state_table(request)
    audit_record(actor=request.user, centre=request.centre, kind=AuditEntry.Kind.READ, action="reports.state.view")
    context = {
        "table": table,
        "indicators": state.state_indicators(),
        "year": table.year,
        "grain": table.grain,
        "query": request.GET.urlencode(),
    }
    return render(request, "reports/state.html", context)


@permission_required("reports.view_state")
@require_GET
def state_xlsx(request: CentreRequest, centre: str) -> HttpResponse:
    table = _state_table(request)
    headers, rows = state.as_rows(table)
    return xlsx_download(
        request,
        centre=request.centre,
        action="reports.state.export",
        sheets=[(str(table.indicator.label)[:31], headers, rows)],
        filename=f"landessicht-{table.indicator.id}-{table.year}.xlsx",
    )


@permission_required("reports.view_state")
@require_GET
def state_csv(request: CentreRequest, centre: str) -> HttpResponse:
    table = _state_table(request)
    headers, rows = state.as_rows(table)
    audit_record(actor=request.user, centre=request.centre, kind=AuditEntry.Kind.EXPORT, action="reports.state.export")
    response = HttpResponse(csv_bytes(headers, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="landessicht-{table.indicator.id}-{table.year}.csv"'
    return response


@public
@require_GET
def open_data(request: AnyRequest) -> HttpResponse:
    """The open JSON endpoint: the same protected table as the state view (schema at open_schema)."""
    response = JsonResponse(state.as_json(_state_table(request)), json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


@public
@require_GET
def open_schema(request: AnyRequest) -> HttpResponse:
    return HttpResponse(json.dumps(state.json_schema(), indent=1), content_type="application/schema+json")

"""Views of the programmes module: thin — form, access check, action or selector, render.

Everything lives under <centre>/intern/programme/. Coordinators (`programmes.manage`) set up
programmes, sites, groups and holidays; facilitators and site contacts (`programmes.record_sessions`)
record sessions of the groups they may see; figures need `programmes.view_figures`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db.models import Model
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from anlaufstelle.core.access import permission_required, public
from anlaufstelle.core.edit import edit_page, get_or_404, posted
from anlaufstelle.core.errors import Refused, show_refusal
from anlaufstelle.core.http import CentreRequest, PublicRequest
from anlaufstelle.core.public_cache import cache_public_page
from anlaufstelle.core.reports import xlsx_download
from anlaufstelle.programmes import actions, figures, schedule, selectors
from anlaufstelle.programmes.forms import (
    GroupForm,
    HolidayForm,
    HolidayInstallForm,
    KindForm,
    ProgrammeForm,
    ProjectDayForm,
    SessionAddForm,
    SessionRecordForm,
    SiteForm,
)

FORM_TEMPLATE = "programmes/form.html"


def _url(name: str, request: CentreRequest, **kwargs: Any) -> str:
    return reverse(f"programmes:{name}", kwargs={"centre": request.centre.slug, **kwargs})


def _year(request: CentreRequest | PublicRequest) -> int:
    """The programme year asked for (`?year=2026` for 2026/27), else the current one."""
    current = schedule.year_of(timezone.localdate())
    try:
        year = int(request.GET.get("year") or current)
    except ValueError:
        year = current
    return min(max(year, 2000), current + 1)


def _edit(
    request: CentreRequest,
    *,
    form: Any,
    save: Callable[[dict[str, Any]], Model],
    title: str,
    back: str,
    done: Callable[[Any], str],
) -> HttpResponse:
    """A simple edit page in this module's form template (`core.edit.edit_page`)."""
    return edit_page(
        request, form=form, save=save, done=done, template=FORM_TEMPLATE, context={"title": title, "back": back}
    )


# --- programmes and kinds ---------------------------------------------------------------------


@permission_required("programmes.manage")
@require_GET
def overview(request: CentreRequest, centre: str) -> HttpResponse:
    """The centre's programmes and programme kinds."""
    context = {
        "programmes": selectors.programme_list(centre=request.centre),
        "kinds": selectors.kind_list(centre=request.centre),
    }
    return render(request, "programmes/overview.html", context)


@permission_required("programmes.manage")
@require_POST
def kinds_install(request: CentreRequest, centre: str) -> HttpResponse:
    added = actions.kinds_install(centre=request.centre, actor=request.user)
    messages.success(request, _("Programme kinds added: %(count)s.") % {"count": added})
    return redirect(_url("overview", request))


@permission_required("programmes.manage")
@require_http_methods(["GET", "POST"])
def kind_edit(request: CentreRequest, centre: str, pk: int | None = None) -> HttpResponse:
    kind = get_or_404(selectors.kind_get, request, pk) if pk else None
    form = KindForm(**posted(request, files=True), instance=kind, centre=request.centre)
    return _edit(
        request,
        form=form,
        save=lambda data: actions.kind_save(centre=request.centre, actor=request.user, data=data, kind=kind),
        title=_("Programme kind"),
        back=_url("overview", request),
        done=lambda saved: _url("overview", request),
    )


@permission_required("programmes.manage")
@require_http_methods(["GET", "POST"])
def programme_edit(request: CentreRequest, centre: str, pk: int | None = None) -> HttpResponse:
    programme = get_or_404(selectors.programme_get, request, pk) if pk else None
    form = ProgrammeForm(**posted(request, files=True), instance=programme, centre=request.centre)
    return _edit(
        request,
        form=form,
        save=lambda data: actions.programme_save(
            centre=request.centre, actor=request.user, data=data, programme=programme
        ),
        title=_("Programme"),
        back=_url("programme", request, pk=programme.pk) if programme else _url("overview", request),
        done=lambda saved: _url("programme", request, pk=saved.pk),
    )


@permission_required("programmes.manage")
@require_GET
def programme_detail(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """A programme's sites with their agreements and the groups of one programme year."""
    programme = get_or_404(selectors.programme_get, request, pk)
    year = _year(request)
    first, _last = schedule.year_bounds(year)
    context = {
        "programme": programme,
        "year": year,
        "year_label": schedule.year_label(year),
        "previous_year": year - 1,
        "next_year": year + 1,
        "today": timezone.localdate(),
        "project_day_form": ProjectDayForm(),
        "year_start": first,
        **selectors.programme_detail(programme=programme, year=year),
    }
    return render(request, "programmes/programme_detail.html", context)


# --- sites ----------------------------------------------------------------------------------


@permission_required("programmes.manage")
@require_http_methods(["GET", "POST"])
def site_create(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    programme = get_or_404(selectors.programme_get, request, pk)
    form = SiteForm(**posted(request, files=True), centre=request.centre, school_title=programme.kind.school_title)
    return _edit(
        request,
        form=form,
        save=lambda data: actions.site_save(programme=programme, actor=request.user, data=data),
        title=_("Add a site"),
        back=_url("programme", request, pk=programme.pk),
        done=lambda saved: _url("programme", request, pk=programme.pk),
    )


@permission_required("programmes.manage")
@require_http_methods(["GET", "POST"])
def site_edit(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    site = get_or_404(selectors.site_get, request, pk)
    form = SiteForm(
        **posted(request, files=True),
        instance=site,
        centre=request.centre,
        school_title=site.programme.kind.school_title,
    )
    return _edit(
        request,
        form=form,
        save=lambda data: actions.site_save(programme=site.programme, actor=request.user, data=data, site=site),
        title=_("Site and agreement"),
        back=_url("programme", request, pk=site.programme_id),
        done=lambda saved: _url("programme", request, pk=site.programme_id),
    )


@permission_required("programmes.manage")
@require_GET
def site_agreement(request: CentreRequest, centre: str, pk: int) -> FileResponse:
    """The signed agreement (stored privately, served only through this view)."""
    site = get_or_404(selectors.site_get, request, pk)
    if not site.agreement_file:
        raise Http404
    return FileResponse(
        site.agreement_file.open("rb"),
        content_type="application/pdf",
        filename=site.agreement_file_name or "agreement.pdf",
        as_attachment=True,
    )


@permission_required("programmes.manage")
@require_POST
def project_day_add(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    site = get_or_404(selectors.site_get, request, pk)
    form = ProjectDayForm(request.POST)
    if form.is_valid():
        try:
            actions.project_day_add(site=site, actor=request.user, **form.cleaned_data)
        except Refused as refusal:
            show_refusal(request, refusal)
        else:
            messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Please give the day and the topic of the project day."))
    return redirect(_url("programme", request, pk=site.programme_id) + f"#site-{site.pk}")


# --- holidays -------------------------------------------------------------------------------


@permission_required("programmes.manage")
@require_GET
def holidays(request: CentreRequest, centre: str) -> HttpResponse:
    """School holidays, public holidays and closures: no session is planned on them."""
    context = {
        "holidays": selectors.holiday_list(centre=request.centre),
        "install_form": HolidayInstallForm(initial={"year": _year(request)}),
        "shipped_years": [schedule.year_label(y) for y in sorted(schedule.NRW_SCHOOL_HOLIDAYS)],
    }
    return render(request, "programmes/holidays.html", context)


@permission_required("programmes.manage")
@require_http_methods(["GET", "POST"])
def holiday_edit(request: CentreRequest, centre: str, pk: int | None = None) -> HttpResponse:
    holiday = get_or_404(selectors.holiday_get, request, pk) if pk else None
    form = HolidayForm(**posted(request, files=True), instance=holiday, centre=request.centre)
    return _edit(
        request,
        form=form,
        save=lambda data: actions.holiday_save(centre=request.centre, actor=request.user, data=data, holiday=holiday),
        title=_("Holiday or closure"),
        back=_url("holidays", request),
        done=lambda saved: _url("holidays", request),
    )


@permission_required("programmes.manage")
@require_POST
def holiday_delete(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    holiday = get_or_404(selectors.holiday_get, request, pk)
    actions.holiday_delete(holiday=holiday, actor=request.user)
    messages.success(request, _("Removed."))
    return redirect(_url("holidays", request))


@permission_required("programmes.manage")
@require_POST
def holidays_install(request: CentreRequest, centre: str) -> HttpResponse:
    form = HolidayInstallForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please give a year."))
    else:
        added = actions.holidays_install(centre=request.centre, actor=request.user, year=form.cleaned_data["year"])
        messages.success(request, _("Holidays added: %(count)s.") % {"count": added})
    return redirect(_url("holidays", request))


# --- groups ---------------------------------------------------------------------------------


@permission_required("programmes.manage")
@require_http_methods(["GET", "POST"])
def group_create(request: CentreRequest, centre: str) -> HttpResponse:
    year = _year(request)
    first, last = schedule.year_bounds(year)
    initial = {"year": year, "first_day": first, "last_day": last}
    form = GroupForm(**posted(request, files=True), initial=initial, centre=request.centre)
    return _edit(
        request,
        form=form,
        save=lambda data: actions.group_save(centre=request.centre, actor=request.user, data=data),
        title=_("New group"),
        back=_url("overview", request),
        done=lambda saved: _url("group", request, pk=saved.pk),
    )


@permission_required("programmes.manage")
@require_http_methods(["GET", "POST"])
def group_edit(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    group = get_or_404(selectors.group_get, request, pk, user=request.user)
    form = GroupForm(**posted(request, files=True), instance=group, centre=request.centre)
    return _edit(
        request,
        form=form,
        save=lambda data: actions.group_save(centre=request.centre, actor=request.user, data=data, group=group),
        title=_("Group"),
        back=_url("group", request, pk=group.pk),
        done=lambda saved: _url("group", request, pk=saved.pk),
    )


@permission_required("programmes.manage")
@require_POST
def group_plan(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    group = get_or_404(selectors.group_get, request, pk, user=request.user)
    added, removed = actions.group_plan_sessions(group=group, actor=request.user)
    messages.success(
        request, _("Sessions planned: %(added)s added, %(removed)s removed.") % {"added": added, "removed": removed}
    )
    return redirect(_url("group", request, pk=group.pk))


# --- recording sessions ---------------------------------------------------------------------


@permission_required("programmes.record_sessions")
@require_GET
def my_groups(request: CentreRequest, centre: str) -> HttpResponse:
    """The groups the person may record sessions for, in one programme year."""
    year = _year(request)
    groups = selectors.my_groups(centre=request.centre, user=request.user, year=year)
    context = {"groups": groups, "year": year, "year_label": schedule.year_label(year)}
    return render(request, "programmes/my_groups.html", context)


@permission_required("programmes.record_sessions")
@require_GET
def group_detail(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """A group's schedule and sessions; the next session to record comes first."""
    group = get_or_404(selectors.group_get, request, pk, user=request.user)
    sessions = selectors.group_sessions(group=group)
    today = timezone.localdate()
    context = {
        "group": group,
        "sessions": sessions,
        "next_session": selectors.next_session_to_record(sessions=sessions, today=today),
        "add_form": SessionAddForm(),
        "today": today,
    }
    return render(request, "programmes/group_detail.html", context)


@permission_required("programmes.record_sessions")
@require_POST
def session_add(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    group = get_or_404(selectors.group_get, request, pk, user=request.user)
    form = SessionAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please give a date."))
        return redirect(_url("group", request, pk=group.pk))
    try:
        session = actions.session_add(group=group, actor=request.user, date=form.cleaned_data["date"])
    except Refused as refusal:
        show_refusal(request, refusal)
        return redirect(_url("group", request, pk=group.pk))
    return redirect(_url("session_record", request, pk=session.pk))


@permission_required("programmes.record_sessions")
@require_http_methods(["GET", "POST"])
def session_record(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """Record one session on a phone: held or cancelled, counts, languages, topic, note."""
    session = get_or_404(selectors.session_get, request, pk, user=request.user)
    form = SessionRecordForm(request.POST if request.method == "POST" else None, session=session)
    if request.method == "POST" and form.is_valid():
        try:
            actions.session_record(session=session, actor=request.user, data=form.cleaned_data)
        except Refused as refusal:
            show_refusal(request, refusal, form=form)
        else:
            messages.success(request, _("Session recorded."))
            return redirect(_url("group", request, pk=session.group_id))
    status = 422 if form.errors else 200
    return render(request, "programmes/session_record.html", {"session": session, "form": form}, status=status)


# --- figures --------------------------------------------------------------------------------


@permission_required("programmes.view_figures")
@require_GET
def figures_index(request: CentreRequest, centre: str) -> HttpResponse:
    """The programmes whose figures can be read."""
    context = {"programmes": selectors.programme_list(centre=request.centre), "year": _year(request)}
    return render(request, "programmes/figures_index.html", context)


def _figures(request: CentreRequest, pk: int) -> figures.Figures:
    programme = get_or_404(selectors.programme_get, request, pk)
    return figures.compute(selectors.figure_facts(programme=programme, year=_year(request)))


@permission_required("programmes.view_figures")
@require_GET
def figures_page(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """Every indicator of the programme's template for one year, in total and per site."""
    result = _figures(request, pk)
    year = result.facts.year
    context = {
        "figures": result,
        "programme": result.facts.programme,
        "tables": figures.tables(result),
        "year": year,
        "previous_year": year - 1,
        "next_year": year + 1,
    }
    return render(request, "programmes/figures.html", context)


@permission_required("programmes.view_figures")
@require_GET
def figures_xlsx(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    result = _figures(request, pk)
    return xlsx_download(
        request,
        centre=request.centre,
        action="programmes.figures.export",
        sheets=figures.sheets(result),
        filename=f"programm-{result.facts.programme.pk}-{result.facts.year}.xlsx",
    )


@permission_required("programmes.view_figures")
@require_GET
def figures_pdf(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    result = _figures(request, pk)
    response = HttpResponse(figures.pdf(result, centre_name=request.centre.name), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="programm-{result.facts.programme.pk}-{result.facts.year}.pdf"'
    )
    return response


# --- public ---------------------------------------------------------------------------------


@public
@cache_public_page
@require_GET
def public_programmes(request: PublicRequest, centre: str) -> HttpResponse:
    """Where each programme runs: the sites that agreed to be named."""
    sites = selectors.public_sites(centre=request.centre)
    by_programme: dict[str, list[Any]] = {}
    for site in sites:
        by_programme.setdefault(site.programme.name, []).append(site)
    return render(request, "programmes/public_programmes.html", {"by_programme": by_programme})

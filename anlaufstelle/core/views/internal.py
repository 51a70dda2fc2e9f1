"""The centre's internal area: dashboard, public page editing, team, funders, audit trail, jobs."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from anlaufstelle.core import actions, selectors
from anlaufstelle.core.access import permission_required
from anlaufstelle.core.audit import audit_reads, audit_record
from anlaufstelle.core.audit_display import names_in, readable, record_types, strip_isolates
from anlaufstelle.core.errors import Refused, show_refusal
from anlaufstelle.core.forms import (
    AuditFilterForm,
    CentreContentForm,
    CentreForm,
    FunderForm,
    MemberForm,
    TeamMemberForm,
    team_text_forms,
)
from anlaufstelle.core.http import CentreRequest
from anlaufstelle.core.models import (
    AuditEntry,
    BackgroundJob,
    CentreContent,
    Funder,
    Invitation,
    TeamMember,
    TeamMemberTranslation,
)
from anlaufstelle.core.selectors import audit_entries, notice_status
from anlaufstelle.core.start import start_page
from anlaufstelle.core.tabular import csv_bytes
from anlaufstelle.core.translation import SOURCE_LANGUAGE, translation_status


@permission_required("core.view_internal_area")
def dashboard(request: CentreRequest, centre: str) -> HttpResponse:
    """The start page: the workspace app draws what is due (core/start.py); else only the greeting."""
    return start_page(request) or render(request, "core/internal/dashboard.html")


@permission_required("core.edit_public_page")
def page_languages(request: CentreRequest, centre: str) -> HttpResponse:
    """The public page per language, with each translation's status."""
    rows = selectors.page_contents(centre=request.centre)
    source = rows.get(SOURCE_LANGUAGE)
    languages = [
        {"code": code, "name": name, "status": translation_status(rows.get(code), source)}
        for code, name in settings.LANGUAGES
        if code in settings.CONTENT_LANGUAGES
    ]
    return render(
        request,
        "core/internal/page_languages.html",
        {"languages": languages, "notice": notice_status(centre=request.centre)},
    )


@permission_required("core.edit_public_page")
@require_http_methods(["GET", "POST"])
def page_edit(request: CentreRequest, centre: str, language: str) -> HttpResponse:
    if language not in settings.CONTENT_LANGUAGES:
        raise Http404
    the_centre = request.centre
    content = selectors.page_content(centre=the_centre, language=language)
    source = None
    if language != SOURCE_LANGUAGE:
        source = selectors.page_content(centre=the_centre, language=SOURCE_LANGUAGE)
    form = CentreContentForm(
        request.POST if request.method == "POST" else None,
        instance=content,
        with_schedule=language == SOURCE_LANGUAGE,
    )
    if request.method == "POST" and form.is_valid():
        actions.centre_content_update(
            centre=the_centre,
            language=language,
            data=form.cleaned_data,
            actor=request.user,
        )
        messages.success(request, _("The public page has been saved."))
        return redirect("core:page_languages", centre=the_centre.slug)
    language_name = dict(settings.LANGUAGES)[language]
    source_fields = []
    if source is not None:
        source_fields = [(name, getattr(source, name)) for name in CentreContent.translated_fields]
    return render(
        request,
        "core/internal/page_edit.html",
        {
            "form": form,
            "language": language,
            "language_name": language_name,
            "source": dict(source_fields),
            "rtl": language in settings.LANGUAGES_BIDI,
            "notice": notice_status(centre=the_centre),
        },
    )


@permission_required("core.manage_team")
def team_list(request: CentreRequest, centre: str) -> HttpResponse:
    members = selectors.team(centre=request.centre)
    return render(request, "core/internal/team_list.html", {"members": members})


@permission_required("core.manage_team")
@require_http_methods(["GET", "POST"])
def team_edit(request: CentreRequest, centre: str, pk: int | None = None) -> HttpResponse:
    the_centre = request.centre
    member = get_object_or_404(TeamMember, centre=the_centre, pk=pk) if pk else None
    initial = {}
    rows: dict[str, TeamMemberTranslation] = {}
    if member is not None:
        rows = {row.language: row for row in member.translations.all()}
        initial = {language: row.texts() for language, row in rows.items()}
    form = TeamMemberForm(request.POST if request.method == "POST" else None, instance=member)
    text_forms = team_text_forms(request.POST if request.method == "POST" else None, initial)
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for f in text_forms.values()):
        actions.team_member_save(
            centre=the_centre,
            actor=request.user,
            data=form.cleaned_data,
            texts={code: f.cleaned_data for code, f in text_forms.items()},
            member=member,
        )
        messages.success(request, _("The team member has been saved."))
        return redirect("core:team_list", centre=the_centre.slug)
    languages = dict(settings.LANGUAGES)
    return render(
        request,
        "core/internal/team_edit.html",
        {
            "form": form,
            "member": member,
            "text_forms": [
                (
                    code,
                    languages[code],
                    f,
                    code in settings.LANGUAGES_BIDI,
                    translation_status(rows.get(code), rows.get(SOURCE_LANGUAGE)),
                )
                for code, f in text_forms.items()
            ],
        },
    )


@permission_required("core.manage_team")
@require_POST
def team_delete(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    member = get_object_or_404(TeamMember, centre=request.centre, pk=pk)
    actions.team_member_delete(member=member, actor=request.user)
    messages.success(request, _("The team member has been removed."))
    return redirect("core:team_list", centre=centre)


@permission_required("core.edit_public_page")
@require_http_methods(["GET", "POST"])
def funder_list(request: CentreRequest, centre: str) -> HttpResponse:
    """Funders shown on the public page; the form below the list adds one."""
    the_centre = request.centre
    form = FunderForm(
        request.POST if request.method == "POST" else None, request.FILES if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        actions.funder_save(centre=the_centre, actor=request.user, data=form.cleaned_data)
        messages.success(request, _("The funder has been added."))
        return redirect("core:funder_list", centre=the_centre.slug)
    funders = selectors.funders(centre=the_centre)
    return render(request, "core/internal/funders.html", {"funders": funders, "form": form})


@permission_required("core.edit_public_page")
@require_http_methods(["GET", "POST"])
def funder_edit(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """Change a funder's name, web address, position or logo (an empty logo field keeps it)."""
    the_centre = request.centre
    funder = get_object_or_404(Funder, centre=the_centre, pk=pk)
    post = request.method == "POST"
    form = FunderForm(request.POST if post else None, request.FILES if post else None, instance=funder)
    if post and form.is_valid():
        actions.funder_save(centre=the_centre, actor=request.user, data=form.cleaned_data, funder=funder)
        messages.success(request, _("The funder has been saved."))
        return redirect("core:funder_list", centre=the_centre.slug)
    return render(request, "core/internal/funder_form.html", {"form": form, "funder": funder})


@permission_required("core.edit_public_page")
@require_POST
def funder_delete(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    funder = get_object_or_404(Funder, centre=request.centre, pk=pk)
    actions.funder_delete(funder=funder, actor=request.user)
    messages.success(request, _("The funder has been removed."))
    return redirect("core:funder_list", centre=centre)


def _audit_filtered(request: CentreRequest) -> tuple[AuditFilterForm, Any]:
    form = AuditFilterForm(request.GET or None, record_types=record_types(request.centre))
    filters = form.cleaned_data if form.is_valid() else {}
    entries = audit_entries(
        centre=request.centre,
        kind=filters.get("kind", ""),
        actor=filters.get("actor", ""),
        target_type=filters.get("target_type", ""),
        target_id=filters.get("target_id", ""),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    return form, entries


@permission_required("core.view_audit_trail")
def audit_trail(request: CentreRequest, centre: str) -> HttpResponse:
    """The centre's audit trail as sentences, filtered by kind, person, record and time."""
    form, entries = _audit_filtered(request)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    names = names_in(request.centre, page)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/internal/audit.html#results" if request.htmx else "core/internal/audit.html",
        {
            "form": form,
            "page": page,
            "rows": [readable(entry, names) for entry in page],
            "query": query.urlencode(),
            "one_record": bool(form.is_valid() and form.cleaned_data.get("target_id")),
        },
    )


AUDIT_EXPORT_LIMIT = 50_000


@permission_required("core.view_audit_trail")
@require_GET
def audit_csv(request: CentreRequest, centre: str) -> HttpResponse:
    """The filtered trail as CSV for the data-protection officer (at most 50,000 entries, newest first);
    the export itself is written to the trail."""
    _form, entries = _audit_filtered(request)
    rows = list(entries[:AUDIT_EXPORT_LIMIT])
    names = names_in(request.centre, rows)
    readable_rows = [readable(entry, names) for entry in rows]
    body = csv_bytes(
        [
            _("When"),
            _("Who"),
            _("E-mail"),
            _("What happened"),
            _("Kind of record"),
            _("Record"),
            _("Record number"),
            _("Changes"),
            _("Technical name of the action"),
            _("IP address"),
        ],
        (
            [
                timezone.localtime(row.entry.created_at).strftime("%Y-%m-%d %H:%M:%S"),
                names.get(row.entry.actor_id or 0, ""),
                row.entry.actor_label,
                strip_isolates(row.sentence),
                row.record_type,
                row.entry.target_repr,
                row.entry.target_id,
                row.changes_text(),
                row.entry.action,
                row.entry.ip_address or "",
            ]
            for row in readable_rows
        ),
    )
    audit_record(
        actor=request.user,
        centre=request.centre,
        kind=AuditEntry.Kind.EXPORT,
        action="core.audit.export",
        changes={"entries": [None, len(rows)]},
    )
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="protokoll-{timezone.localdate():%Y-%m-%d}.csv"'
    return response


@permission_required("core.view_jobs")
def job_status(request: CentreRequest, centre: str, pk: str) -> HttpResponse:
    """A background job's progress bar; htmx polls this fragment until the job is finished."""
    job = get_object_or_404(BackgroundJob, centre=request.centre, pk=pk, created_by=request.user)
    template = "core/internal/job.html#progress" if request.htmx else "core/internal/job.html"
    return render(request, template, {"job": job})


@permission_required("core.view_jobs")
def job_download(request: CentreRequest, centre: str, pk: str) -> FileResponse:
    """The file a finished job produced, for the person who started it."""
    job = get_object_or_404(BackgroundJob, centre=request.centre, pk=pk, created_by=request.user)
    if not job.result_file:
        raise Http404
    return FileResponse(
        job.result_file.open("rb"), as_attachment=True, filename=job.result_file.name.rsplit("/", 1)[-1]
    )


@permission_required("core.edit_centre")
@require_http_methods(["GET", "POST"])
def centre_edit(request: CentreRequest, centre: str) -> HttpResponse:
    """The centre's name and contact data as shown on its public page."""
    the_centre = request.centre
    form = CentreForm(request.POST if request.method == "POST" else None, instance=the_centre)
    if request.method == "POST" and form.is_valid():
        actions.centre_update(centre=the_centre, actor=request.user, data=form.cleaned_data)
        messages.success(request, _("The contact data has been saved."))
        return redirect("core:page_languages", centre=the_centre.slug)
    return render(request, "core/internal/centre_form.html", {"form": form})


@permission_required("core.manage_members")
def member_list(request: CentreRequest, centre: str) -> HttpResponse:
    """The centre's members under the names they gave here, and the open invitations (the
    address only, whether or not an account exists for it)."""
    the_centre = request.centre
    memberships = selectors.active_memberships(centre=the_centre)
    people: dict[int, dict[str, Any]] = {}
    for membership in memberships:
        entry = people.setdefault(
            membership.user_id,
            {"user": membership.user, "name": membership.full_name, "roles": [], "organisation": None},
        )
        entry["roles"].append(membership.get_role_display())
        entry["organisation"] = entry["organisation"] or membership.organisation
    invitations = selectors.pending_invitations(centre=the_centre)
    return render(
        request,
        "core/internal/member_list.html",
        {"people": list(people.values()), "invitations": invitations},
    )


@permission_required("core.manage_members")
@require_http_methods(["GET", "POST"])
def member_edit(request: CentreRequest, centre: str, pk: int | None = None) -> HttpResponse:
    """Invite a person by e-mail, or change a member's roles in this centre."""
    the_centre = request.centre
    person = None
    initial: dict[str, Any] = {}
    if pk is not None:
        memberships = selectors.memberships_of(centre=the_centre, user_id=pk)
        if not memberships:
            raise Http404
        person = memberships[0].user
        if request.method == "GET":
            audit_reads(actor=request.user, centre=the_centre, action="core.member.view", targets=[person])
        active = [m for m in memberships if m.is_active]
        initial = {
            "email": person.email,
            "full_name": next((m.full_name for m in memberships if m.full_name), ""),
            "roles": [m.role for m in active],
            "organisation": next((m.organisation_id for m in active if m.organisation_id), None),
        }
    form = MemberForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        centre=the_centre,
        editing=person is not None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if person is None:
            try:
                actions.invitation_create(
                    centre=the_centre,
                    actor=request.user,
                    email=data["email"],
                    roles=data["roles"],
                    organisation=data.get("organisation"),
                    language=translation.get_language() or "de",
                )
            except Refused as refusal:
                show_refusal(request, refusal, form=form)
            else:
                messages.success(request, _("The invitation has been sent."))
                return redirect("core:member_list", centre=the_centre.slug)
        else:
            try:
                actions.member_set_roles(
                    centre=the_centre,
                    actor=request.user,
                    user=person,
                    roles=data["roles"],
                    organisation=data.get("organisation"),
                )
            except Refused as refusal:
                show_refusal(request, refusal, form=form)
            else:
                messages.success(request, _("The roles have been saved."))
                return redirect("core:member_list", centre=the_centre.slug)
    return render(
        request,
        "core/internal/member_form.html",
        {"form": form, "person": person, "name": initial.get("full_name") or getattr(person, "email", "")},
    )


def _invitation(request: CentreRequest, pk: int) -> Invitation:
    return get_object_or_404(Invitation, centre=request.centre, pk=pk)


@permission_required("core.manage_members")
@require_POST
def invitation_resend(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """A new link for an open or expired invitation; the old link stops working."""
    try:
        actions.invitation_resend(invitation=_invitation(request, pk), actor=request.user)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("The invitation has been sent again."))
    return redirect("core:member_list", centre=centre)


@permission_required("core.manage_members")
@require_POST
def invitation_withdraw(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    try:
        actions.invitation_withdraw(invitation=_invitation(request, pk), actor=request.user)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("The invitation has been withdrawn."))
    return redirect("core:member_list", centre=centre)

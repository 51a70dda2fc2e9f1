"""Views of the partner register: thin — form, access check, action or selector, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.db.models import ProtectedError, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from anlaufstelle.core.access import has_permission, permission_required, permissions_in
from anlaufstelle.core.audit import audit_reads, audit_record
from anlaufstelle.core.http import CentreRequest
from anlaufstelle.core.jobs import job_start
from anlaufstelle.core.models import AuditEntry
from anlaufstelle.core.privacy_views import PersonalDataViews, back_to
from anlaufstelle.core.tabular import csv_bytes, xlsx_bytes
from anlaufstelle.partners import actions, selectors, transfer
from anlaufstelle.partners.forms import (
    AddressForm,
    ContactPersonForm,
    ErasureForm,
    ImportForm,
    MergeForm,
    OrganisationFilterForm,
    OrganisationForm,
)
from anlaufstelle.partners.models import Address, ContactPerson, Organisation
from anlaufstelle.partners.relations import relations_of


def _filtered(request: CentreRequest) -> tuple[OrganisationFilterForm, QuerySet[Organisation]]:
    centre = request.centre
    form = OrganisationFilterForm(request.GET or None, centre=centre, districts=selectors.districts(centre=centre))
    filters = form.cleaned_data if form.is_valid() else {}
    organisations = selectors.organisation_list(
        centre=centre,
        text=filters.get("q", ""),
        kind=filters.get("kind", ""),
        tag=filters["tag"].pk if filters.get("tag") else None,
        district=filters.get("district", ""),
        active=None if filters.get("inactive") else True,
    )
    return form, organisations


@permission_required("partners.view")
@require_GET
def organisation_list(request: CentreRequest, centre: str) -> HttpResponse:
    form, organisations = _filtered(request)
    page = Paginator(organisations, 25).get_page(request.GET.get("page"))
    page.object_list = selectors.with_contact_counts(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    template = "partners/organisation_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, {"form": form, "page": page, "query": query.urlencode()})


def _get_organisation(request: CentreRequest, pk: int) -> Organisation:
    try:
        return selectors.organisation_get(centre=request.centre, pk=pk)
    except Organisation.DoesNotExist as exc:
        raise Http404 from exc


@permission_required("partners.view")
@require_GET
def organisation_detail(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    organisation = _get_organisation(request, pk)
    contacts = list(organisation.contacts.all())
    audit_reads(
        actor=request.user,
        centre=request.centre,
        action="partners.contact.view",
        targets=contacts,
    )
    return render(
        request,
        "partners/organisation_detail.html",
        {
            "organisation": organisation,
            "contacts": contacts,
            "can_change": has_permission(request.user, request.centre, "partners.change"),
            "relations": relations_of(
                organisation=organisation,
                centre=request.centre,
                permissions=permissions_in(request.user, request.centre),
            ),
        },
    )


@permission_required("partners.change")
@require_http_methods(["GET", "POST"])
def organisation_edit(request: CentreRequest, centre: str, pk: int | None = None) -> HttpResponse:
    the_centre = request.centre
    organisation = _get_organisation(request, pk) if pk else None
    form = OrganisationForm(
        request.POST if request.method == "POST" else None, instance=organisation, centre=the_centre
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = actions.organisation_save(
                centre=the_centre,
                actor=request.user,
                data=form.cleaned_data,
                tags=actions.tags_get_or_create(centre=the_centre, names=form.tag_names()),
                organisation=organisation,
            )
        except IntegrityError:
            # Someone saved the same school number a moment earlier; nothing of this form was saved.
            form.add_error("school_number", _("Another organisation already has this school number."))
        else:
            messages.success(request, _("“%(name)s” has been saved.") % {"name": saved.name})
            return redirect("partners:detail", centre=the_centre.slug, pk=saved.pk)
    return render(request, "partners/organisation_form.html", {"form": form, "organisation": organisation})


@permission_required("partners.change")
@require_http_methods(["GET", "POST"])
def organisation_delete(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    organisation = _get_organisation(request, pk)
    if request.method == "POST":
        try:
            actions.organisation_delete(organisation=organisation, actor=request.user)
        except ProtectedError:
            messages.error(
                request,
                _(
                    "People sign in for this organisation, or it provides offers in the directory. "
                    "Remove their roles or move the offers first."
                ),
            )
            return redirect("partners:detail", centre=centre, pk=organisation.pk)
        messages.success(request, _("“%(name)s” has been deleted.") % {"name": organisation.name})
        return redirect("partners:list", centre=centre)
    return render(request, "partners/confirm_delete.html", {"object": organisation, "organisation": organisation})


@permission_required("partners.change")
@require_http_methods(["GET", "POST"])
def address_edit(request: CentreRequest, centre: str, pk: int, address_pk: int | None = None) -> HttpResponse:
    organisation = _get_organisation(request, pk)
    address = get_object_or_404(Address, organisation=organisation, pk=address_pk) if address_pk else None
    form = AddressForm(request.POST if request.method == "POST" else None, instance=address, centre=organisation.centre)
    if request.method == "POST" and form.is_valid():
        actions.address_save(
            organisation=organisation,
            actor=request.user,
            data=form.cleaned_data,
            address=address,
        )
        messages.success(request, _("The address has been saved."))
        return redirect("partners:detail", centre=centre, pk=organisation.pk)
    return render(
        request, "partners/address_form.html", {"form": form, "organisation": organisation, "address": address}
    )


@permission_required("partners.change")
@require_POST
def address_delete(request: CentreRequest, centre: str, pk: int, address_pk: int) -> HttpResponse:
    organisation = _get_organisation(request, pk)
    address = get_object_or_404(Address, organisation=organisation, pk=address_pk)
    actions.address_delete(address=address, actor=request.user)
    messages.success(request, _("The address has been deleted."))
    return redirect("partners:detail", centre=centre, pk=organisation.pk)


@permission_required("partners.change")
@require_http_methods(["GET", "POST"])
def contact_edit(request: CentreRequest, centre: str, pk: int, contact_pk: int | None = None) -> HttpResponse:
    organisation = _get_organisation(request, pk)
    contact = get_object_or_404(ContactPerson, organisation=organisation, pk=contact_pk) if contact_pk else None
    if contact is not None and request.method == "GET":
        audit_reads(
            actor=request.user,
            centre=request.centre,
            action="partners.contact.view",
            targets=[contact],
        )
    form = ContactPersonForm(request.POST if request.method == "POST" else None, instance=contact)
    if request.method == "POST" and form.is_valid():
        actions.contact_save(
            organisation=organisation,
            actor=request.user,
            data=form.cleaned_data,
            contact=contact,
        )
        messages.success(request, _("The contact person has been saved."))
        return redirect("partners:detail", centre=centre, pk=organisation.pk)
    return render(
        request,
        "partners/contact_form.html",
        {"form": form, "organisation": organisation, "contact": contact, "erasure_form": ErasureForm()},
    )


def _contact(request: CentreRequest, pk: int, contact_pk: int, **_: Any) -> ContactPerson:
    return get_object_or_404(ContactPerson, organisation=_get_organisation(request, pk), pk=contact_pk)


_contact_data = PersonalDataViews(
    permission="partners.change",
    lookup=_contact,
    export=lambda contact: selectors.contact_personal_data(contact=contact),
    audit_action="partners.contact.access_export",
    filename="auskunft-kontakt-{pk}.json",
    erase=lambda contact, **kwargs: actions.contact_delete(contact=contact, **kwargs),
    erasure_form=ErasureForm,
    refused=gettext_lazy("Please choose why the contact person is erased."),
    erased=gettext_lazy("The contact person has been erased."),
    back=back_to(
        "partners:contact_edit", pk=lambda contact: contact.organisation_id, contact_pk=lambda contact: contact.pk
    ),
    after_erase=back_to("partners:detail", pk=lambda contact: contact.organisation_id),
    describe=lambda contact: f"{contact.first_name} {contact.last_name}, {contact.organisation.name}",
)
contact_delete = _contact_data.erase_view()
contact_access = _contact_data.access_view()


@permission_required("partners.merge")
@require_GET
def duplicates(request: CentreRequest, centre: str) -> HttpResponse:
    groups = selectors.duplicate_candidates(centre=request.centre)
    return render(request, "partners/duplicates.html", {"groups": groups})


@permission_required("partners.merge")
@require_http_methods(["GET", "POST"])
def merge(request: CentreRequest, centre: str, pk: int, other_pk: int) -> HttpResponse:
    """Compare two organisations side by side and merge one into the other."""
    first = _get_organisation(request, pk)
    second = _get_organisation(request, other_pk)
    if first.pk == second.pk:
        raise Http404
    form = MergeForm(request.POST if request.method == "POST" else None, pair=(first, second))
    if request.method == "POST" and form.is_valid():
        target, duplicate = (first, second) if form.cleaned_data["keep"] == first.pk else (second, first)
        merged = actions.organisation_merge(target=target, duplicate=duplicate, actor=request.user)
        messages.success(request, _("The organisations have been merged into “%(name)s”.") % {"name": merged.name})
        return redirect("partners:detail", centre=centre, pk=merged.pk)
    fields = [
        (Organisation._meta.get_field(name).verbose_name, getattr(first, name), getattr(second, name))  # type: ignore[union-attr]
        for name in ("name", "kind", "description", "website", "email", "phone", "school_number", "school_form")
    ]
    return render(request, "partners/merge.html", {"form": form, "first": first, "second": second, "fields": fields})


@permission_required("partners.import")
@require_http_methods(["GET", "POST"])
def import_view(request: CentreRequest, centre: str) -> HttpResponse:
    """Upload a CSV/XLSX file; a background job imports every row or none and reports why."""
    form = ImportForm(
        request.POST if request.method == "POST" else None, request.FILES if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        job = job_start(
            centre=request.centre,
            actor=request.user,
            kind="partners.import",
            title=_("Import of %(file)s") % {"file": form.cleaned_data["file"].name[:100]},
            input_file=form.cleaned_data["file"],
        )
        return redirect("core:job", centre=centre, pk=job.pk)
    return render(
        request,
        "partners/import.html",
        {"form": form, "columns": transfer.COLUMNS},
        status=422 if form.errors else 200,
    )


@permission_required("partners.export")
@require_GET
def export_view(request: CentreRequest, centre: str) -> HttpResponse:
    """The filtered list as CSV or XLSX in the import format."""
    file_format = request.GET.get("format", "csv")
    if file_format not in {"csv", "xlsx"}:
        raise Http404
    _form, organisations = _filtered(request)
    rows = transfer.export_rows(list(organisations))
    audit_record(
        actor=request.user,
        centre=request.centre,
        kind=AuditEntry.Kind.EXPORT,
        action="partners.organisation.export",
        changes={"rows": [None, len(rows)], "format": [None, file_format]},
    )
    stamp = timezone.localdate().isoformat()
    if file_format == "xlsx":
        response = HttpResponse(
            xlsx_bytes(transfer.COLUMNS, rows, title="Partner"),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(csv_bytes(transfer.COLUMNS, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="partner-{centre}-{stamp}.{file_format}"'
    return response

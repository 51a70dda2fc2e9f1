"""The public directory: search and offer pages (work without JavaScript; htmx refines)."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from anlaufstelle.core.access import permission_required, public
from anlaufstelle.core.geo import get_geocoder
from anlaufstelle.core.jobs import job_start
from anlaufstelle.core.machine_translation import TranslationUnavailable, get_translator
from anlaufstelle.core.models import BackgroundJob
from anlaufstelle.core.public_cache import cache_public_page
from anlaufstelle.core.selectors import public_page_get
from anlaufstelle.core.translation import SOURCE_LANGUAGE, translation_status
from anlaufstelle.directory import actions, proposals, selectors
from anlaufstelle.directory.forms import (
    BrochureForm,
    ImportMappingForm,
    ImportUploadForm,
    OfferForm,
    ProposalCommentForm,
    SearchForm,
    offer_text_forms,
    proposal_forms,
)
from anlaufstelle.directory.models import Offer, OfferProposal, ProposalComment
from anlaufstelle.directory.transfer import guess_mapping
from anlaufstelle.partners.models import Organisation

JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@public
@cache_public_page
@require_GET
def offer_search(request: HttpRequest, centre: str) -> HttpResponse:
    the_centre = request.centre  # type: ignore[attr-defined]
    language = get_language()
    form = SearchForm(request.GET or None, districts=selectors.districts(centre=the_centre))
    form.is_valid()  # an invalid field is dropped on its own; the other filters still apply
    filters = getattr(form, "cleaned_data", {})
    near = None
    place_unknown = False
    if filters.get("near"):
        near = get_geocoder().locate(filters["near"], centre=the_centre)
        place_unknown = near is None
    result = selectors.search(
        centre=the_centre,
        text=filters.get("q", ""),
        area=filters.get("area", ""),
        age_group=filters.get("age", ""),
        language=filters.get("lang", ""),
        district=filters.get("district", ""),
        free=bool(filters.get("free")),
        near=near,
        radius_km=float(filters.get("radius") or 10),
    )
    page: Any
    if result.ordered_ids is not None:  # nearest first: page through the ids, fetch only that page
        page = Paginator(result.ordered_ids, 20).get_page(request.GET.get("page"))
        by_id = selectors.with_texts(Offer.objects.filter(pk__in=list(page.object_list)), language=language).in_bulk()
        page_offers = [by_id[pk] for pk in page.object_list if pk in by_id]
    else:
        page = Paginator(selectors.with_texts(result.offers, language=language), 20).get_page(request.GET.get("page"))
        page_offers = list(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    views = selectors.offer_views(page_offers, language=language)
    for view in views:
        view.distance = result.distances.get(view.offer.pk)  # type: ignore[attr-defined]
    context = {
        "form": form,
        "page_obj": page,
        "offers": views,
        "corrected": result.corrected,
        "place_unknown": place_unknown,
        "query": query.urlencode(),
        "map_points": _map_points(views, centre) if settings.MAP_TILES_URL else None,
        "map_tiles": settings.MAP_TILES_URL,
        "map_attribution": settings.MAP_TILES_ATTRIBUTION,
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "directory/search.html#results", context)
    context["page"] = public_page_get(centre=the_centre, language=language)
    return render(request, "directory/search.html", context)


def _map_points(views: list[Any], centre: str) -> str:
    """The offers of this page that have coordinates, as JSON for the map script."""
    points = [
        {
            "lat": float(view.offer.address.latitude),
            "lon": float(view.offer.address.longitude),
            "title": view.text.title,
            "url": reverse("directory:offer", kwargs={"centre": centre, "pk": view.offer.pk}),
        }
        for view in views
        if view.offer.address is not None and view.offer.address.latitude is not None
    ]
    return json.dumps(points, ensure_ascii=False)


@public
@cache_public_page
@require_GET
def offer_detail(request: HttpRequest, centre: str, pk: int) -> HttpResponse:
    the_centre = request.centre  # type: ignore[attr-defined]
    language = get_language()
    offer = selectors.with_texts(selectors.published(centre=the_centre), language=language).filter(pk=pk).first()
    if offer is None:
        raise Http404
    view = selectors.offer_views([offer], language=language)[0]
    url = request.build_absolute_uri(reverse("directory:offer", kwargs={"centre": centre, "pk": offer.pk}))
    return render(
        request,
        "directory/offer.html",
        {
            "page": public_page_get(centre=the_centre, language=language),
            "item": view,
            "share_url": url,
            "json_ld": _json_ld(view.offer, view.text.values, url, language),
        },
    )


def _json_ld(offer: Offer, text: dict[str, str], url: str, language: str) -> str:
    """schema.org description of the offer, safe to embed in a script element."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Service",
        "@id": url,
        "url": url,
        "name": text["title"],
        "description": text["summary"] or text["description"][:300],
        "inLanguage": language,
        "provider": {"@type": "Organization", "name": offer.organisation.name},
        "availableLanguage": offer.language_list(),
        "isAccessibleForFree": offer.is_free,
        "serviceType": [str(area.label) for area in offer.area_list()],
        "audience": [{"@type": "Audience", "audienceType": str(group.label)} for group in offer.age_group_list()],
    }
    if offer.organisation.website:
        data["provider"]["url"] = offer.organisation.website
    if offer.address is not None:
        place: dict[str, Any] = {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "streetAddress": offer.address.street,
                "postalCode": offer.address.postcode,
                "addressLocality": offer.address.city,
                "addressCountry": "DE",
            },
        }
        if offer.address.latitude is not None and offer.address.longitude is not None:
            place["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": float(offer.address.latitude),
                "longitude": float(offer.address.longitude),
            }
        data["areaServed"] = place
    channel: dict[str, Any] = {"@type": "ServiceChannel"}
    if offer.contact_phone:
        channel["servicePhone"] = {"@type": "ContactPoint", "telephone": offer.contact_phone}
    if offer.website:
        channel["serviceUrl"] = offer.website
    if len(channel) > 1:
        data["availableChannel"] = channel
    if offer.temporarily_closed:
        data["hoursAvailable"] = []
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(JSON_ESCAPES))


# --- Staff area -------------------------------------------------------------------------


@permission_required("directory.view")
@require_GET
def staff_offer_list(request: HttpRequest, centre: str) -> HttpResponse:
    the_centre = request.centre  # type: ignore[attr-defined]
    status = request.GET.get("status", "")
    if status not in Offer.Status.values:
        status = ""
    offers = selectors.staff_offers(
        centre=the_centre, status=status, due=request.GET.get("due") == "1", text=request.GET.get("q", "")[:200]
    )
    page = Paginator(offers, 25).get_page(request.GET.get("page"))
    languages = dict(settings.LANGUAGES)
    for offer in page.object_list:  # the translations come prefetched: no query per row
        rows = {row.language: row for row in offer.translations.all()}
        source = rows.get(SOURCE_LANGUAGE)
        offer.source_text = source  # type: ignore[attr-defined]
        offer.translation_states = [  # type: ignore[attr-defined]
            (code, languages[code], translation_status(rows.get(code), source))
            for code in settings.CONTENT_LANGUAGES
            if code != SOURCE_LANGUAGE
        ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "directory/internal/offer_list.html",
        {
            "page_obj": page,
            "status": status,
            "due": request.GET.get("due") == "1",
            "q": request.GET.get("q", "")[:200],
            "query": query.urlencode(),
            "statuses": Offer.Status.choices,
            "review_due_before": selectors.review_due_before(),
        },
    )


@permission_required("directory.edit")
@require_http_methods(["GET", "POST"])
def staff_offer_edit(request: HttpRequest, centre: str, pk: int | None = None) -> HttpResponse:
    """Create or change an offer: shared fields and the texts of every language side by side."""
    the_centre = request.centre  # type: ignore[attr-defined]
    offer = get_object_or_404(Offer, centre=the_centre, pk=pk) if pk else None
    post = request.method == "POST"
    form = OfferForm(request.POST if post else None, instance=offer, centre=the_centre)
    text_forms = offer_text_forms(request.POST if post else None, offer)
    if post and form.is_valid() and all(f.is_valid() for f in text_forms.values()):
        saved = actions.offer_save(
            centre=the_centre,
            actor=request.user,  # type: ignore[arg-type]
            data=form.offer_data(),
            texts={code: f.cleaned_data for code, f in text_forms.items()},
            offer=offer,
        )
        messages.success(request, _("The offer has been saved."))
        return redirect("directory:staff_edit", centre=centre, pk=saved.pk)
    rows = {row.language: row for row in offer.translations.all()} if offer else {}
    languages = dict(settings.LANGUAGES)
    return render(
        request,
        "directory/internal/offer_form.html",
        {
            "form": form,
            "offer": offer,
            "source_form": text_forms[SOURCE_LANGUAGE],
            "translations": [
                (
                    code,
                    languages[code],
                    f,
                    code in settings.LANGUAGES_BIDI,
                    translation_status(rows.get(code), rows.get(SOURCE_LANGUAGE)),
                )
                for code, f in text_forms.items()
                if code != SOURCE_LANGUAGE
            ],
            "statuses": Offer.Status.choices,
            "machine_translation": get_translator() is not None,
        },
    )


@permission_required("directory.edit")
@require_http_methods(["GET", "POST"])
def staff_brochure(request: HttpRequest, centre: str) -> HttpResponse:
    """Choose areas, district and language; the brochure is built as a background job."""
    the_centre = request.centre  # type: ignore[attr-defined]
    post = request.method == "POST"
    form = BrochureForm(
        request.POST if post else None,
        initial={"language": get_language()},
        districts=selectors.districts(centre=the_centre),
    )
    if post and form.is_valid():
        job = job_start(
            centre=the_centre,
            actor=request.user,  # type: ignore[arg-type]
            kind="directory.brochure",
            title=_("Guide (%(language)s)") % {"language": dict(settings.LANGUAGES)[form.cleaned_data["language"]]},
            params=form.cleaned_data,
        )
        return redirect("core:job", centre=centre, pk=job.pk)
    return render(request, "directory/internal/brochure_form.html", {"form": form})


@permission_required("directory.edit")
@require_http_methods(["GET", "POST"])
def staff_import(request: HttpRequest, centre: str) -> HttpResponse:
    """Step 1: upload the KI's list; a background job reads it (bounded) and keeps it for step 2."""
    post = request.method == "POST"
    form = ImportUploadForm(request.POST if post else None, request.FILES if post else None)
    if post and form.is_valid():
        upload = form.cleaned_data["file"]
        job = job_start(
            centre=request.centre,  # type: ignore[attr-defined]
            actor=request.user,  # type: ignore[arg-type]
            kind="directory.import_read",
            title=_("Import of %(file)s") % {"file": upload.name[:100]},
            input_file=upload,
        )
        return redirect("core:job", centre=centre, pk=job.pk)
    return render(request, "directory/internal/import.html", {"form": form}, status=422 if form.errors else 200)


@permission_required("directory.edit")
@require_http_methods(["GET", "POST"])
def staff_import_mapping(request: HttpRequest, centre: str, pk: str) -> HttpResponse:
    """Step 2: say which column holds which field; then the import runs as a background job."""
    read = get_object_or_404(
        BackgroundJob,
        centre=request.centre,  # type: ignore[attr-defined]
        pk=pk,
        created_by=request.user,
        kind="directory.import_read",
        status=BackgroundJob.Status.DONE,
        result__ok=True,
    )
    if read.params.get("import_job"):  # the columns were chosen already (second tab, back button)
        return redirect("core:job", centre=centre, pk=read.params["import_job"])
    headers = read.result.get("headers", [])
    post = request.method == "POST"
    form = ImportMappingForm(request.POST if post else None, headers=headers, guesses=guess_mapping(headers))
    if post and form.is_valid():
        with transaction.atomic():
            locked = BackgroundJob.objects.select_for_update().get(pk=read.pk)
            if locked.params.get("import_job"):  # a second submit (double click) starts nothing
                return redirect("core:job", centre=centre, pk=locked.params["import_job"])
            if not locked.input_file:  # removed by retention meanwhile
                raise Http404
            job = job_start(
                centre=request.centre,  # type: ignore[attr-defined]
                actor=request.user,  # type: ignore[arg-type]
                kind="directory.import",
                title=read.title,
                input_from=locked,
                params={"mapping": {field: column for field, column in form.cleaned_data.items() if column}},
            )
            locked.params = {**locked.params, "import_job": str(job.pk)}
            locked.save(update_fields=["params"])
        return redirect("core:job", centre=centre, pk=job.pk)
    return render(request, "directory/internal/import_mapping.html", {"form": form, "job": read})


@permission_required("directory.edit")
@require_POST
def staff_offer_translate(request: HttpRequest, centre: str, pk: int) -> HttpResponse:
    """Fill one language from the German text with the configured machine translator."""
    offer = get_object_or_404(Offer, centre=request.centre, pk=pk)  # type: ignore[attr-defined]
    translator = get_translator()
    language = request.POST.get("language", "")
    if translator is None:
        messages.error(request, _("Machine translation is not set up for this installation."))
    elif language not in settings.CONTENT_LANGUAGES or language == SOURCE_LANGUAGE:
        messages.error(request, _("Unknown language."))
    else:
        try:
            actions.offer_machine_translate(offer=offer, language=language, actor=request.user, translator=translator)  # type: ignore[arg-type]
        except TranslationUnavailable:
            messages.error(request, _("The translation service is not available. Nothing was changed."))
        except ValueError:
            messages.error(request, _("Write the German text first."))
        else:
            messages.success(request, _("Machine-translated. Please review the text and save it."))
    return redirect("directory:staff_edit", centre=centre, pk=offer.pk)


@permission_required("directory.edit")
@require_POST
def staff_offer_status(request: HttpRequest, centre: str, pk: int) -> HttpResponse:
    offer = get_object_or_404(Offer, centre=request.centre, pk=pk)  # type: ignore[attr-defined]
    status = request.POST.get("status", "")
    if status not in Offer.Status.values:
        messages.error(request, _("Unknown status."))
    else:
        actions.offer_set_status(offer=offer, status=status, actor=request.user)  # type: ignore[arg-type]
        messages.success(request, _("The status has been changed."))
    return redirect("directory:staff_edit", centre=centre, pk=offer.pk)


# --- Partner self-service and review ----------------------------------------------------


def _partner_org(request: HttpRequest) -> Organisation:
    organisation = proposals.partner_organisation(user=request.user, centre=request.centre)  # type: ignore[arg-type,attr-defined]
    if organisation is None:
        raise Http404
    return organisation


@permission_required("directory.propose")
@require_GET
def partner_offers(request: HttpRequest, centre: str) -> HttpResponse:
    """A partner's own offers and proposals."""
    organisation = _partner_org(request)
    the_centre = request.centre  # type: ignore[attr-defined]
    offers = selectors.with_texts(
        Offer.objects.filter(centre=the_centre, organisation=organisation), language=get_language()
    ).exclude(status=Offer.Status.ARCHIVED)
    mine = OfferProposal.objects.filter(centre=the_centre, organisation=organisation)[:50]
    return render(
        request,
        "directory/partner/offers.html",
        {
            "organisation": organisation,
            "offers": selectors.offer_views(list(offers), language=get_language()),
            "proposals": mine,
        },
    )


@permission_required("directory.propose")
@require_http_methods(["GET", "POST"])
def partner_propose(request: HttpRequest, centre: str, pk: int | None = None) -> HttpResponse:
    """Propose a new offer, or a change to one of the organisation's offers."""
    the_centre = request.centre  # type: ignore[attr-defined]
    organisation = _partner_org(request)
    offer = get_object_or_404(Offer, centre=the_centre, organisation=organisation, pk=pk) if pk else None
    post = request.method == "POST"
    form = OfferForm(request.POST if post else None, instance=offer, centre=the_centre, organisation=organisation)
    text_forms = offer_text_forms(request.POST if post else None, offer)
    if post and form.is_valid() and all(f.is_valid() for f in text_forms.values()):
        proposals.proposal_submit(
            centre=the_centre,
            actor=request.user,  # type: ignore[arg-type]
            organisation=organisation,
            offer=offer,
            payload=proposals.offer_payload(
                data=form.offer_data(), texts={code: f.cleaned_data for code, f in text_forms.items()}
            ),
        )
        messages.success(request, _("Thank you. The integration centre will review your proposal."))
        return redirect("directory:partner_offers", centre=centre)
    languages = dict(settings.LANGUAGES)
    return render(
        request,
        "directory/partner/propose.html",
        {
            "form": form,
            "offer": offer,
            "organisation": organisation,
            "source_form": text_forms[SOURCE_LANGUAGE],
            "translations": [
                (code, languages[code], f, code in settings.LANGUAGES_BIDI, None)
                for code, f in text_forms.items()
                if code != SOURCE_LANGUAGE
            ],
        },
    )


@permission_required("directory.edit")
@require_GET
def proposal_list(request: HttpRequest, centre: str) -> HttpResponse:
    the_centre = request.centre  # type: ignore[attr-defined]
    pending = OfferProposal.objects.filter(centre=the_centre, status=OfferProposal.Status.PENDING).select_related(
        "organisation", "proposed_by"
    )
    return render(request, "directory/internal/proposal_list.html", {"proposals": pending})


@permission_required("directory.edit")
@require_http_methods(["GET", "POST"])
def proposal_review(request: HttpRequest, centre: str, pk: int) -> HttpResponse:
    """The proposal as a diff against the published offer; publish it or return it with a comment."""
    the_centre = request.centre  # type: ignore[attr-defined]
    proposal: OfferProposal = get_object_or_404(
        OfferProposal.objects.select_related("organisation", "offer", "proposed_by"), centre=the_centre, pk=pk
    )
    error = ""
    if request.method == "POST" and proposal.status == OfferProposal.Status.PENDING:
        decision = request.POST.get("decision")
        comment = request.POST.get("comment", "").strip()[:2000]
        try:
            if decision == "publish":
                offer = proposals.proposal_publish(proposal=proposal, actor=request.user)  # type: ignore[arg-type]
                messages.success(request, _("The proposal has been published."))
                return redirect("directory:staff_edit", centre=centre, pk=offer.pk)
            if decision == "return" and comment:
                proposals.proposal_return(proposal=proposal, actor=request.user, comment=comment)  # type: ignore[arg-type]
                messages.success(request, _("The proposal has been returned to the partner."))
                return redirect("directory:proposal_list", centre=centre)
        except ValueError:  # another editor decided it a moment earlier
            messages.info(request, _("This proposal has already been decided."))
            return redirect("directory:proposal_review", centre=centre, pk=proposal.pk)
        error = _("To return a proposal, write a comment for the partner.")
    return render(
        request,
        "directory/internal/proposal_review.html",
        {
            "proposal": proposal,
            "changes": proposals.proposal_diff(proposal),
            "error": error,
            "comments": _comments(proposal),
            "comment_form": ProposalCommentForm(),
        },
    )


def _comments(proposal: OfferProposal) -> list[ProposalComment]:
    return list(proposal.comments.select_related("author").order_by("created_at", "id"))


def _pending_proposal(request: HttpRequest, pk: int) -> OfferProposal:
    return get_object_or_404(
        OfferProposal.objects.select_related("organisation", "offer", "proposed_by"),
        centre=request.centre,  # type: ignore[attr-defined]
        pk=pk,
    )


@permission_required("directory.edit")
@require_POST
def proposal_comment(request: HttpRequest, centre: str, pk: int) -> HttpResponse:
    """The editors write to the partner about a proposal (the partner is told by e-mail)."""
    proposal = _pending_proposal(request, pk)
    form = ProposalCommentForm(request.POST)
    if form.is_valid():
        proposals.proposal_comment(
            proposal=proposal,
            actor=request.user,  # type: ignore[arg-type]
            text=form.cleaned_data["text"],
            from_partner=False,
        )
        messages.success(request, _("Your comment has been sent to the partner."))
    else:
        messages.error(request, _("Please write a comment of up to 2,000 characters."))
    return redirect("directory:proposal_review", centre=centre, pk=proposal.pk)


@permission_required("directory.edit")
@require_http_methods(["GET", "POST"])
def proposal_edit(request: HttpRequest, centre: str, pk: int) -> HttpResponse:
    """The editor corrects a pending proposal before publishing it (recorded field by field)."""
    the_centre = request.centre  # type: ignore[attr-defined]
    proposal = _pending_proposal(request, pk)
    if proposal.status != OfferProposal.Status.PENDING:
        messages.info(request, _("This proposal has already been decided."))
        return redirect("directory:proposal_review", centre=centre, pk=proposal.pk)
    post = request.method == "POST"
    form, text_forms = proposal_forms(request.POST if post else None, proposal=proposal, centre=the_centre)
    if post and form.is_valid() and all(f.is_valid() for f in text_forms.values()):
        payload = proposals.offer_payload(
            data=form.offer_data(), texts={code: f.cleaned_data for code, f in text_forms.items()}
        )
        try:
            changed = proposals.proposal_edit(proposal=proposal, actor=request.user, payload=payload)  # type: ignore[arg-type]
        except ValueError:
            messages.info(request, _("This proposal has already been decided."))
        else:
            messages.success(
                request,
                _("Your corrections have been saved: %(fields)s.") % {"fields": ", ".join(changed)}
                if changed
                else _("Nothing has changed."),
            )
        return redirect("directory:proposal_review", centre=centre, pk=proposal.pk)
    languages = dict(settings.LANGUAGES)
    return render(
        request,
        "directory/internal/proposal_edit.html",
        {
            "proposal": proposal,
            "form": form,
            "source_form": text_forms[SOURCE_LANGUAGE],
            "translations": [
                (code, languages[code], f, code in settings.LANGUAGES_BIDI, None)
                for code, f in text_forms.items()
                if code != SOURCE_LANGUAGE
            ],
        },
        status=422 if post else 200,
    )


@permission_required("directory.propose")
@require_http_methods(["GET", "POST"])
def partner_proposal(request: HttpRequest, centre: str, pk: int) -> HttpResponse:
    """A partner's proposal: what it changes, its state, and the conversation with the editors."""
    organisation = _partner_org(request)
    proposal: OfferProposal = get_object_or_404(
        OfferProposal.objects.select_related("organisation", "offer"),
        centre=request.centre,  # type: ignore[attr-defined]
        organisation=organisation,
        pk=pk,
    )
    form = ProposalCommentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        proposals.proposal_comment(
            proposal=proposal,
            actor=request.user,  # type: ignore[arg-type]
            text=form.cleaned_data["text"],
            from_partner=True,
        )
        messages.success(request, _("Your comment has been sent to the integration centre."))
        return redirect("directory:partner_proposal", centre=centre, pk=proposal.pk)
    return render(
        request,
        "directory/partner/proposal.html",
        {
            "proposal": proposal,
            "changes": proposals.proposal_diff(proposal),
            "comments": _comments(proposal),
            "comment_form": form,
        },
        status=422 if request.method == "POST" else 200,
    )

"""The public directory: search and offer pages (work without JavaScript; htmx refines)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from anlaufstelle.core.access import permission_required, public
from anlaufstelle.core.errors import Refused, show_refusal
from anlaufstelle.core.geo import get_geocoder
from anlaufstelle.core.http import CentreRequest, PublicRequest
from anlaufstelle.core.jobs import job_start
from anlaufstelle.core.machine_translation import TranslationUnavailable, get_translator
from anlaufstelle.core.models import BackgroundJob, Centre
from anlaufstelle.core.public_cache import cache_public_page, public_version
from anlaufstelle.core.selectors import public_page_get
from anlaufstelle.core.translation import SOURCE_LANGUAGE, translation_status
from anlaufstelle.directory import actions, proposals, selectors
from anlaufstelle.directory.forms import (
    BrochureForm,
    ImportMappingForm,
    ImportUploadForm,
    OfferForm,
    OfferStatusForm,
    OfferTranslateForm,
    ProposalCommentForm,
    ProposalReturnForm,
    SearchForm,
    offer_text_forms,
    proposal_forms,
)
from anlaufstelle.directory.models import Offer, OfferProposal
from anlaufstelle.directory.transfer import guess_mapping
from anlaufstelle.partners.models import Organisation

JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@public
@cache_public_page
@require_GET
def offer_search(request: PublicRequest, centre: str) -> HttpResponse:
    the_centre = request.centre
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
    if result.ordered_ids is not None:  # nearest first: page through the ids
        page = Paginator(result.ordered_ids, 20).get_page(request.GET.get("page"))
    else:  # only the ids of the page; the cards come from the card cache or are rendered once
        page = Paginator(result.offers.values_list("pk", flat=True), 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    cards = _result_cards(the_centre, list(page.object_list), language=language, distances=result.distances)
    context = {
        "form": form,
        "page_obj": page,
        "offers": cards,
        "corrected": result.corrected,
        "place_unknown": place_unknown,
        "query": query.urlencode(),
        "map_points": _map_points(cards) if settings.MAP_TILES_URL else None,
        "map_tiles": settings.MAP_TILES_URL,
        "map_attribution": settings.MAP_TILES_ATTRIBUTION,
    }
    if request.htmx:
        return render(request, "directory/search.html#results", context)
    context["page"] = _public_page(the_centre, language)
    return render(request, "directory/search.html", context)


CARD_SECONDS = 24 * 3600  # a card is keyed by the centre's public version: a change makes new keys at once


@dataclass(frozen=True)
class ResultCard:
    """One offer of a result page: its rendered card, title and map point (cached per offer,
    public version, language and distance; see decision 0021)."""

    pk: int
    title: str
    html: str
    map_point: dict[str, Any] | None
    distance: float | None


def _result_cards(centre: Centre, ids: list[int], *, language: str, distances: dict[int, float]) -> list[ResultCard]:
    """The cards of the offers `ids` in this order: from the card cache, the rest read and rendered once."""
    version = public_version(centre.pk)
    keys = {pk: f"directory:card:{centre.pk}:{version}:{language}:{pk}:{distances.get(pk)!r}" for pk in ids}
    found = cache.get_many(list(keys.values())) if keys else {}
    missing = [pk for pk in ids if keys[pk] not in found]
    if missing:
        by_id = selectors.with_texts(selectors.published(centre=centre).filter(pk__in=missing), language=language)
        offers = by_id.in_bulk()
        rendered = {}
        for view in selectors.offer_views([offers[pk] for pk in missing if pk in offers], language=language):
            view.distance = distances.get(view.offer.pk)
            html = render_to_string("directory/includes/offer_card.html", {"item": view, "centre": centre})
            rendered[keys[view.offer.pk]] = (str(html), view.text.title, _map_point(view, centre.slug))
        cache.set_many(rendered, CARD_SECONDS)
        found.update(rendered)
    return [
        ResultCard(pk, title, mark_safe(html), point, distances.get(pk))
        for pk in ids
        if keys[pk] in found
        for html, title, point in [found[keys[pk]]]
    ]


def _map_point(view: Any, centre: str) -> dict[str, Any] | None:
    if view.offer.address is None or view.offer.address.latitude is None:
        return None
    return {
        "lat": float(view.offer.address.latitude),
        "lon": float(view.offer.address.longitude),
        "title": view.text.title,
        "url": reverse("directory:offer", kwargs={"centre": centre, "pk": view.offer.pk}),
    }


def _map_points(cards: list[ResultCard]) -> str:
    """The offers of this page that have coordinates, as JSON for the map script."""
    return json.dumps([card.map_point for card in cards if card.map_point], ensure_ascii=False)


def _public_page(centre: Centre, language: str) -> Any:
    """The centre's public page parts (banner, footer) for the page around the directory, kept
    until the centre's public version or the day changes (the banner has first and last days)."""
    key = f"directory:public-page:{centre.pk}:{public_version(centre.pk)}:{language}:{timezone.localdate().isoformat()}"
    page = cache.get(key)
    if page is None:
        page = public_page_get(centre=centre, language=language)
        cache.set(key, page, CARD_SECONDS)
    return page


@public
@cache_public_page
@require_GET
def offer_detail(request: PublicRequest, centre: str, pk: int) -> HttpResponse:
    the_centre = request.centre
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
            "page": _public_page(the_centre, language),
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
def staff_offer_list(request: CentreRequest, centre: str) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in Offer.Status.values:
        status = ""
    offers = selectors.staff_offers(
        centre=request.centre, status=status, due=request.GET.get("due") == "1", text=request.GET.get("q", "")[:200]
    )
    page = Paginator(offers, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "directory/internal/offer_list.html",
        {
            "page_obj": page,
            "rows": selectors.staff_rows(page.object_list),
            "status": status,
            "due": request.GET.get("due") == "1",
            "q": request.GET.get("q", "")[:200],
            "query": query.urlencode(),
            "statuses": Offer.Status.choices,
            "review_due_before": selectors.review_due_before(),
        },
    )


def _offer(request: CentreRequest, pk: int) -> Offer:
    return get_object_or_404(Offer, centre=request.centre, pk=pk)


@permission_required("directory.edit")
@require_http_methods(["GET", "POST"])
def staff_offer_edit(request: CentreRequest, centre: str, pk: int | None = None) -> HttpResponse:
    """Create or change an offer: shared fields and the texts of every language side by side."""
    the_centre = request.centre
    offer = _offer(request, pk) if pk else None
    post = request.method == "POST"
    form = OfferForm(request.POST if post else None, instance=offer, centre=the_centre)
    text_forms = offer_text_forms(request.POST if post else None, offer)
    if post and form.is_valid() and all(f.is_valid() for f in text_forms.values()):
        saved = actions.offer_save(
            centre=the_centre,
            actor=request.user,
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
def staff_brochure(request: CentreRequest, centre: str) -> HttpResponse:
    """Choose areas, district and language; the brochure is built as a background job."""
    post = request.method == "POST"
    form = BrochureForm(
        request.POST if post else None,
        initial={"language": get_language()},
        districts=selectors.districts(centre=request.centre),
    )
    if post and form.is_valid():
        job = job_start(
            centre=request.centre,
            actor=request.user,
            kind="directory.brochure",
            title=_("Guide (%(language)s)") % {"language": dict(settings.LANGUAGES)[form.cleaned_data["language"]]},
            params=form.cleaned_data,
        )
        return redirect("core:job", centre=centre, pk=job.pk)
    return render(request, "directory/internal/brochure_form.html", {"form": form})


@permission_required("directory.edit")
@require_http_methods(["GET", "POST"])
def staff_import(request: CentreRequest, centre: str) -> HttpResponse:
    """Step 1: upload the KI's list; a background job reads it (bounded) and keeps it for step 2."""
    post = request.method == "POST"
    form = ImportUploadForm(request.POST if post else None, request.FILES if post else None)
    if post and form.is_valid():
        upload = form.cleaned_data["file"]
        job = job_start(
            centre=request.centre,
            actor=request.user,
            kind="directory.import_read",
            title=_("Import of %(file)s") % {"file": upload.name[:100]},
            input_file=upload,
        )
        return redirect("core:job", centre=centre, pk=job.pk)
    return render(request, "directory/internal/import.html", {"form": form}, status=422 if form.errors else 200)


@permission_required("directory.edit")
@require_http_methods(["GET", "POST"])
def staff_import_mapping(request: CentreRequest, centre: str, pk: str) -> HttpResponse:
    """Step 2: say which column holds which field; then the import runs as a background job."""
    read = get_object_or_404(
        BackgroundJob,
        centre=request.centre,
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
        mapping = {field: column for field, column in form.cleaned_data.items() if column}
        try:
            job = actions.import_start(read=read, mapping=mapping, actor=request.user)
        except BackgroundJob.DoesNotExist as gone:  # the upload was removed by retention meanwhile
            raise Http404 from gone
        return redirect("core:job", centre=centre, pk=job.pk)
    return render(request, "directory/internal/import_mapping.html", {"form": form, "job": read})


@permission_required("directory.edit")
@require_POST
def staff_offer_translate(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """Fill one language from the German text with the configured machine translator."""
    offer = _offer(request, pk)
    translator = get_translator()
    form = OfferTranslateForm(request.POST)
    if translator is None:
        messages.error(request, _("Machine translation is not set up for this installation."))
    elif not form.is_valid():
        messages.error(request, _("Unknown language."))
    else:
        try:
            actions.offer_machine_translate(
                offer=offer, language=form.cleaned_data["language"], actor=request.user, translator=translator
            )
        except TranslationUnavailable:
            messages.error(request, _("The translation service is not available. Nothing was changed."))
        except Refused as refusal:
            show_refusal(request, refusal)
        else:
            messages.success(request, _("Machine-translated. Please review the text and save it."))
    return redirect("directory:staff_edit", centre=centre, pk=offer.pk)


@permission_required("directory.edit")
@require_POST
def staff_offer_status(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    offer = _offer(request, pk)
    form = OfferStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Unknown status."))
    else:
        actions.offer_set_status(offer=offer, status=form.cleaned_data["status"], actor=request.user)
        messages.success(request, _("The status has been changed."))
    return redirect("directory:staff_edit", centre=centre, pk=offer.pk)


# --- Partner self-service and review ----------------------------------------------------


def _partner_org(request: CentreRequest) -> Organisation:
    organisation = proposals.partner_organisation(user=request.user, centre=request.centre)
    if organisation is None:
        raise Http404
    return organisation


@permission_required("directory.propose")
@require_GET
def partner_offers(request: CentreRequest, centre: str) -> HttpResponse:
    """A partner's own offers and proposals."""
    organisation = _partner_org(request)
    return render(
        request,
        "directory/partner/offers.html",
        {
            "organisation": organisation,
            "offers": selectors.partner_offers(
                centre=request.centre, organisation=organisation, language=get_language()
            ),
            "proposals": selectors.partner_proposals(centre=request.centre, organisation=organisation),
        },
    )


@permission_required("directory.propose")
@require_http_methods(["GET", "POST"])
def partner_propose(request: CentreRequest, centre: str, pk: int | None = None) -> HttpResponse:
    """Propose a new offer, or a change to one of the organisation's offers."""
    the_centre = request.centre
    organisation = _partner_org(request)
    offer = get_object_or_404(Offer, centre=the_centre, organisation=organisation, pk=pk) if pk else None
    post = request.method == "POST"
    form = OfferForm(request.POST if post else None, instance=offer, centre=the_centre, organisation=organisation)
    text_forms = offer_text_forms(request.POST if post else None, offer)
    if post and form.is_valid() and all(f.is_valid() for f in text_forms.values()):
        proposals.proposal_submit(
            centre=the_centre,
            actor=request.user,
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
def proposal_list(request: CentreRequest, centre: str) -> HttpResponse:
    return render(
        request,
        "directory/internal/proposal_list.html",
        {"proposals": selectors.pending_proposals(centre=request.centre)},
    )


def _proposal(request: CentreRequest, pk: int, *, organisation: Organisation | None = None) -> OfferProposal:
    try:
        return selectors.proposal_get(centre=request.centre, pk=pk, organisation=organisation)
    except OfferProposal.DoesNotExist as exc:
        raise Http404 from exc


def _review_page(
    request: CentreRequest, proposal: OfferProposal, *, return_form: ProposalReturnForm | None = None
) -> HttpResponse:
    """The proposal as a diff against the published offer, with the buttons to publish or return it."""
    return_form = return_form or ProposalReturnForm()
    errors = list(return_form.errors.get("comment", []))
    return render(
        request,
        "directory/internal/proposal_review.html",
        {
            "proposal": proposal,
            "changes": proposals.proposal_diff(proposal),
            "error": errors[0] if errors else "",
            "comments": selectors.proposal_comments(proposal),
            "comment_form": ProposalCommentForm(),
        },
    )


@permission_required("directory.edit")
@require_GET
def proposal_review(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """The proposal as a diff against the published offer; publish it or return it with a comment."""
    return _review_page(request, _proposal(request, pk))


@permission_required("directory.edit")
@require_POST
def proposal_publish(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """Publish a proposal (a new offer, or the change to the offer)."""
    proposal = _proposal(request, pk)
    try:
        offer = proposals.proposal_publish(proposal=proposal, actor=request.user)
    except Refused as refusal:  # another editor decided it a moment earlier
        show_refusal(request, refusal)
        return redirect("directory:proposal_review", centre=centre, pk=proposal.pk)
    messages.success(request, _("The proposal has been published."))
    return redirect("directory:staff_edit", centre=centre, pk=offer.pk)


@permission_required("directory.edit")
@require_POST
def proposal_return(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """Send a proposal back to the partner with a comment."""
    proposal = _proposal(request, pk)
    form = ProposalReturnForm(request.POST)
    if form.is_valid():
        try:
            proposals.proposal_return(proposal=proposal, actor=request.user, comment=form.cleaned_data["comment"])
        except Refused as refusal:
            if refusal.field is None:  # another editor decided it a moment earlier
                show_refusal(request, refusal)
                return redirect("directory:proposal_review", centre=centre, pk=proposal.pk)
            show_refusal(request, refusal, form=form)  # no comment: said on the review page
        else:
            messages.success(request, _("The proposal has been returned to the partner."))
            return redirect("directory:proposal_list", centre=centre)
    return _review_page(request, proposal, return_form=form)


@permission_required("directory.edit")
@require_POST
def proposal_comment(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """The editors write to the partner about a proposal (the partner is told by e-mail)."""
    proposal = _proposal(request, pk)
    form = ProposalCommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please write a comment of up to 2,000 characters."))
    else:
        try:
            proposals.proposal_comment(
                proposal=proposal, actor=request.user, text=form.cleaned_data["text"], from_partner=False
            )
        except Refused as refusal:
            show_refusal(request, refusal)
        else:
            messages.success(request, _("Your comment has been sent to the partner."))
    return redirect("directory:proposal_review", centre=centre, pk=proposal.pk)


@permission_required("directory.edit")
@require_http_methods(["GET", "POST"])
def proposal_edit(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """The editor corrects a pending proposal before publishing it (recorded field by field)."""
    proposal = _proposal(request, pk)
    if proposal.status != OfferProposal.Status.PENDING:
        messages.info(request, proposals.ALREADY_DECIDED)
        return redirect("directory:proposal_review", centre=centre, pk=proposal.pk)
    post = request.method == "POST"
    form, text_forms = proposal_forms(request.POST if post else None, proposal=proposal, centre=request.centre)
    if post and form.is_valid() and all(f.is_valid() for f in text_forms.values()):
        payload = proposals.offer_payload(
            data=form.offer_data(), texts={code: f.cleaned_data for code, f in text_forms.items()}
        )
        try:
            changed = proposals.proposal_edit(proposal=proposal, actor=request.user, payload=payload)
        except Refused as refusal:  # another editor decided it a moment earlier
            show_refusal(request, refusal)
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
def partner_proposal(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """A partner's proposal: what it changes, its state, and the conversation with the editors."""
    proposal = _proposal(request, pk, organisation=_partner_org(request))
    form = ProposalCommentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            proposals.proposal_comment(
                proposal=proposal, actor=request.user, text=form.cleaned_data["text"], from_partner=True
            )
        except Refused as refusal:
            show_refusal(request, refusal, form=form)
        else:
            messages.success(request, _("Your comment has been sent to the integration centre."))
            return redirect("directory:partner_proposal", centre=centre, pk=proposal.pk)
    return render(
        request,
        "directory/partner/proposal.html",
        {
            "proposal": proposal,
            "changes": proposals.proposal_diff(proposal),
            "comments": selectors.proposal_comments(proposal),
            "comment_form": form,
        },
        status=422 if request.method == "POST" else 200,
    )

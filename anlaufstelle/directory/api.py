"""The HSDS 3.0 API of a centre's published directory: /<centre>/api/hsds/ (read-only, open data)."""

from __future__ import annotations

import datetime
import math
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import JsonResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.timezone import make_aware
from django.views.decorators.http import require_GET

from anlaufstelle.core.access import public
from anlaufstelle.core.http import PublicRequest
from anlaufstelle.directory import hsds, selectors
from anlaufstelle.directory.models import Offer
from anlaufstelle.directory.openapi import MAX_PAGE, MAX_PER_PAGE
from anlaufstelle.partners.models import Organisation


class BadParameter(Exception):
    """A query parameter the API cannot use; the message says which and why."""


def _json(data: Any, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
    return response


def _error(message: str, status: int = 400) -> JsonResponse:
    return _json({"error": message, "status": status}, status=status)


def api_view(view: Callable[..., JsonResponse]) -> Callable[..., HttpResponseBase]:
    """Public, GET-only, JSON errors instead of HTML pages for bad input and unknown ids."""

    def wrapper(request: PublicRequest, *args: Any, **kwargs: Any) -> JsonResponse:
        try:
            return view(request, *args, **kwargs)
        except BadParameter as exc:
            return _error(str(exc))
        except Offer.DoesNotExist:
            return _error("No such record.", 404)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return public(require_GET(wrapper))


def _int(request: PublicRequest, name: str, default: int, low: int, high: int | None = None) -> int:
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise BadParameter(f"'{name}' must be a whole number.") from exc
    if value < low or (high is not None and value > high):
        raise BadParameter(f"'{name}' must be between {low} and {high or 'any'}.")
    return value


def _record_id(pk: str) -> str:
    """A record id from the path, as the canonical UUID string."""
    try:
        return str(uuid.UUID(pk))
    except ValueError as exc:
        raise BadParameter("The id must be a UUID.") from exc


def _uuid(request: PublicRequest, name: str) -> str | None:
    raw = request.GET.get(name)
    if not raw:
        return None
    try:
        return str(uuid.UUID(raw))
    except ValueError as exc:
        raise BadParameter(f"'{name}' must be a UUID.") from exc


def _bool(request: PublicRequest, name: str) -> bool:
    return request.GET.get(name, "").lower() in {"1", "true", "yes"}


def _language(request: PublicRequest) -> str:
    language = request.GET.get("lang", "de")
    if language not in dict(settings.LANGUAGES):
        raise BadParameter(f"'lang' must be one of {', '.join(dict(settings.LANGUAGES))}.")
    return language


def _page(request: PublicRequest, items: list[Any] | QuerySet[Any], render: Callable[[Any], Any]) -> JsonResponse:
    page = _int(request, "page", 1, 1, MAX_PAGE)
    per_page = _int(request, "per_page", 25, 1, MAX_PER_PAGE)
    total = items.count() if isinstance(items, QuerySet) else len(items)
    pages = max(1, math.ceil(total / per_page))
    chunk = list(items[(page - 1) * per_page : page * per_page])
    return _json(
        {
            "total_items": total,
            "total_pages": pages,
            "page_number": page,
            "size": len(chunk),
            "first_page": page == 1,
            "last_page": page >= pages,
            "empty": total == 0,
            "contents": [render(item) for item in chunk],
        }
    )


def _offers(request: PublicRequest) -> QuerySet[Offer]:
    """Published offers filtered by the HSDS query parameters."""
    centre = request.centre
    if request.GET.get("search"):
        offers = selectors.search(centre=centre, text=request.GET["search"][:200]).offers
    else:
        offers = selectors.published(centre=centre)
    term_id = _uuid(request, "taxonomy_term_id")
    if term_id:
        code = hsds.term_ids_by_code(centre).get(term_id)
        if code is None:
            return offers.none()
        field = "areas" if code in hsds.Area.values else "age_groups"
        offers = offers.filter(**{f"{field}__contains": f"|{code}|"})
    taxonomy_id = _uuid(request, "taxonomy_id")
    if taxonomy_id:
        keys = [key for key in hsds.TAXONOMIES if hsds.taxonomy(centre, key)["id"] == taxonomy_id]
        if not keys:
            return offers.none()
        offers = offers.exclude(**{"areas" if keys[0] == "areas_of_life" else "age_groups": ""})
    organization_id = _uuid(request, "organization_id")
    if organization_id:
        ids = [
            pk
            for pk in Organisation.objects.filter(centre=centre).values_list("pk", flat=True)
            if hsds.hsds_id(centre, "organization", pk) == organization_id
        ]
        offers = offers.filter(organisation_id__in=ids)
    modified_after = request.GET.get("modified_after")
    if modified_after:
        try:
            moment = parse_datetime(modified_after)
            day = parse_date(modified_after) if moment is None else None
        except ValueError as exc:  # well-formed but impossible, e.g. 2024-02-30
            raise BadParameter("'modified_after' is not a valid date.") from exc
        if moment is None and day is not None:
            moment = datetime.datetime.combine(day, datetime.time())
        if moment is None:
            raise BadParameter("'modified_after' must be an ISO 8601 date or date-time.")
        if moment.tzinfo is None:
            moment = make_aware(moment)
        offers = offers.filter(updated_at__gt=moment)
    postcode = request.GET.get("postcode")
    if postcode:
        offers = offers.filter(address__postcode=postcode.strip())
    return (
        offers.select_related("organisation__centre", "address__organisation__centre")
        .prefetch_related("translations")
        .order_by("id")
    )


def _url(request: PublicRequest, offer: Offer) -> str:
    return request.build_absolute_uri(
        reverse("directory:offer", kwargs={"centre": offer.organisation.centre.slug, "pk": offer.pk})
    )


@api_view
def root(request: PublicRequest, centre: str) -> JsonResponse:
    """Information about this API (HSDS version, profile, OpenAPI document)."""
    return _json(
        {
            "version": hsds.HSDS_VERSION,
            "profile": request.build_absolute_uri(reverse("hsds:profile", kwargs={"centre": centre})),
            "openapi_url": request.build_absolute_uri(reverse("hsds:openapi", kwargs={"centre": centre})),
        }
    )


@api_view
def services(request: PublicRequest, centre: str) -> JsonResponse:
    language = _language(request)
    full = _bool(request, "full") and not _bool(request, "minimal")
    render = hsds.service_full if full else hsds.service_minimal
    return _page(request, _offers(request), lambda offer: render(offer, language, _url(request, offer)))


@api_view
def service(request: PublicRequest, centre: str, pk: str) -> JsonResponse:
    language = _language(request)
    for offer in _offers_by_hsds_id(request, pk):
        return _json(hsds.service_full(offer, language, _url(request, offer)))
    raise Offer.DoesNotExist


def _offers_by_hsds_id(request: PublicRequest, pk: str) -> list[Offer]:
    the_centre = request.centre
    wanted = _record_id(pk)
    return [offer for offer in _all(request) if hsds.hsds_id(the_centre, "service", offer.pk) == wanted]


def _all(request: PublicRequest) -> QuerySet[Offer]:
    return (
        selectors.published(centre=request.centre)
        .select_related("organisation__centre", "address__organisation__centre")
        .prefetch_related("translations")
    )


def _organisations(request: PublicRequest) -> QuerySet[Organisation]:
    the_centre = request.centre
    ids = selectors.published(centre=the_centre).values("organisation_id")
    organisations = Organisation.objects.filter(centre=the_centre, pk__in=ids).select_related("centre")
    for word in request.GET.get("search", "")[:200].split()[:8]:
        organisations = organisations.filter(name__icontains=word)  # names only: tags and notes are internal
    return organisations.order_by("id")


@api_view
def organizations(request: PublicRequest, centre: str) -> JsonResponse:
    language = _language(request)
    full = _bool(request, "full") or _bool(request, "full_service")
    by_org: dict[int, list[Offer]] = {}
    if full:
        for offer in _all(request):
            by_org.setdefault(offer.organisation_id, []).append(offer)

    def render(org: Organisation) -> dict[str, Any]:
        if not full:
            return hsds.organization(org)
        items = [hsds.service_full(o, language, _url(request, o)) for o in by_org.get(org.pk, [])]
        return hsds.organization(org, full=True, services=items)

    return _page(request, _organisations(request), render)


@api_view
def organization_detail(request: PublicRequest, centre: str, pk: str) -> JsonResponse:
    language = _language(request)
    the_centre = request.centre
    wanted = _record_id(pk)
    for org in _organisations(request):
        if hsds.hsds_id(the_centre, "organization", org.pk) == wanted:
            offers = [o for o in _all(request) if o.organisation_id == org.pk]
            items = [hsds.service_full(o, language, _url(request, o)) for o in offers]
            return _json(hsds.organization(org, full=True, services=items))
    raise Offer.DoesNotExist


@api_view
def taxonomies(request: PublicRequest, centre: str) -> JsonResponse:
    the_centre = request.centre
    items = [hsds.taxonomy(the_centre, key) for key in hsds.TAXONOMIES]
    search = request.GET.get("search", "").lower()
    if search:
        items = [item for item in items if search in item["name"].lower() or search in item["description"].lower()]
    return _page(request, items, lambda item: item)


@api_view
def taxonomy_detail(request: PublicRequest, centre: str, pk: str) -> JsonResponse:
    the_centre = request.centre
    for key in hsds.TAXONOMIES:
        item = hsds.taxonomy(the_centre, key)
        if item["id"] == pk:
            return _json(item)
    raise Offer.DoesNotExist


@api_view
def taxonomy_terms(request: PublicRequest, centre: str) -> JsonResponse:
    the_centre = request.centre
    items = hsds.taxonomy_terms(the_centre, _language(request))
    taxonomy_id = _uuid(request, "taxonomy_id")
    if taxonomy_id:
        items = [item for item in items if item["taxonomy_id"] == taxonomy_id]
    parent_id = _uuid(request, "parent_id")
    if parent_id:
        items = []  # both taxonomies are flat
    search = request.GET.get("search", "").lower()
    if search:
        items = [item for item in items if search in item["name"].lower() or search in item["code"]]
    return _page(request, items, lambda item: item)


@api_view
def taxonomy_term_detail(request: PublicRequest, centre: str, pk: str) -> JsonResponse:
    the_centre = request.centre
    for item in hsds.taxonomy_terms(the_centre, _language(request)):
        if item["id"] == pk:
            return _json(item)
    raise Offer.DoesNotExist


@api_view
def service_at_locations(request: PublicRequest, centre: str) -> JsonResponse:
    language = _language(request)
    offers = _offers(request).filter(address__isnull=False)
    return _page(request, offers, lambda offer: hsds.service_at_location(offer, language, _url(request, offer)))


@api_view
def service_at_location_detail(request: PublicRequest, centre: str, pk: str) -> JsonResponse:
    language = _language(request)
    the_centre = request.centre
    for offer in _all(request).filter(address__isnull=False):
        if hsds.hsds_id(the_centre, "service-at-location", offer.pk) == pk:
            return _json(hsds.service_at_location(offer, language, _url(request, offer)))
    raise Offer.DoesNotExist


@api_view
def export(request: PublicRequest, centre: str) -> JsonResponse:
    """The whole published directory in one HSDS document (full services, organisations, taxonomies)."""
    the_centre = request.centre
    language = _language(request)
    offers = list(_all(request).order_by("id"))
    response = _json(
        {
            "hsds_version": hsds.HSDS_VERSION,
            "centre": the_centre.name,
            "services": [hsds.service_full(o, language, _url(request, o)) for o in offers],
            "organizations": [hsds.organization(org) for org in _organisations(request)],
            "taxonomies": [hsds.taxonomy(the_centre, key) for key in hsds.TAXONOMIES],
            "taxonomy_terms": hsds.taxonomy_terms(the_centre, language),
        }
    )
    response["Content-Disposition"] = f'attachment; filename="hsds-{centre}.json"'
    return response


@api_view
def profile(request: PublicRequest, centre: str) -> JsonResponse:
    return _json(hsds.PROFILE)


@api_view
def openapi(request: PublicRequest, centre: str) -> JsonResponse:
    """OpenAPI 3.1 description of this API."""
    from anlaufstelle.directory.openapi import document

    return _json(document(request.build_absolute_uri(reverse("hsds:root", kwargs={"centre": centre}))))

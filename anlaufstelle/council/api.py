"""The OParl 1.1 API of a centre's council: /<centre>/api/oparl/v1.1/system (read-only, open data).

Lists are paginated with `data`/`pagination`/`links`, ordered by id, and keep the filters
`created_since`, `created_until`, `modified_since`, `modified_until`, `limit` and `omit_internal`
in every link. Deleted objects appear in lists only with `modified_since` (spec 2.5); errors are
OParl error objects (spec 2.9). See docs/decisions/0018-council-and-oparl.md.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import FileResponse, HttpResponseBase, JsonResponse
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_GET

from anlaufstelle.core.access import public
from anlaufstelle.core.http import PublicRequest
from anlaufstelle.council import oparl

MAX_PER_PAGE = 200
MAX_PAGE = 100_000
FILTERS = ("created_since", "created_until", "modified_since", "modified_until")


class BadParameter(Exception):
    """A query parameter the API cannot use; the message says which and why."""


class NotFound(Exception):
    """No public object at this URL."""


def _json(data: Any, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it (spec 2.6)
    return response


def _error(message: str, status: int, debug: str = "") -> JsonResponse:
    return _json({"type": oparl.SCHEMA + "Error", "message": message, "debug": debug or message}, status=status)


def oparl_view(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Public, GET-only; bad parameters and unknown ids answer OParl error objects, never a page."""

    def wrapper(request: PublicRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except BadParameter as exc:
            return _error(str(exc), 400)
        except NotFound:
            return _error("Dieses Objekt gibt es nicht.", 404, "No public object at this URL.")

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return public(require_GET(wrapper))  # type: ignore[return-value]


def _urls(request: PublicRequest) -> oparl.Urls:
    return oparl.Urls(request.build_absolute_uri, request.centre)


def _moment(request: PublicRequest, name: str) -> datetime.datetime | None:
    raw = request.GET.get(name)
    if raw is None:
        return None
    try:
        moment = parse_datetime(raw)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise BadParameter(f"'{name}' must be a date-time with a time zone, e.g. 2026-01-01T00:00:00+01:00.")
    return moment


def _int(request: PublicRequest, name: str, default: int, low: int, high: int) -> int:
    raw = request.GET.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or len(raw) > 9:
        raise BadParameter(f"'{name}' must be a whole number from {low}.")
    value = int(raw)
    if value < low:
        raise BadParameter(f"'{name}' must be a whole number from {low}.")
    return min(value, high)


def _omit_internal(request: PublicRequest) -> bool:
    raw = request.GET.get("omit_internal")
    if raw not in (None, "true", "false"):
        raise BadParameter("'omit_internal' must be true or false.")
    return raw == "true"


def _filtered(request: PublicRequest, rows: QuerySet[Any]) -> QuerySet[Any]:
    bounds = {name: _moment(request, name) for name in FILTERS}
    lookups = {
        "created_since": "created__gte",
        "created_until": "created__lte",
        "modified_since": "modified__gte",
        "modified_until": "modified__lte",
    }
    for name, moment in bounds.items():
        if moment is not None:
            rows = rows.filter(**{lookups[name]: moment})
    if bounds["modified_since"] is None:
        rows = rows.filter(deleted=False, shown=True)
    return rows.order_by("id")


def _page_url(request: PublicRequest, page: int) -> str:
    kept = {name: request.GET[name] for name in (*FILTERS, "limit", "omit_internal") if name in request.GET}
    return request.build_absolute_uri(request.path) + "?" + urlencode({**kept, "page": page})


def _list(request: PublicRequest, kind: oparl.OParlType) -> JsonResponse:
    omit = _omit_internal(request)
    limit = _int(request, "limit", kind.per_page, 1, MAX_PER_PAGE)
    page = _int(request, "page", 1, 1, MAX_PAGE)
    rows = _filtered(request, kind.rows(request.centre))
    total = rows.count()
    pages = max(1, math.ceil(total / limit))
    if page > pages:
        raise BadParameter(f"'page' must be at most {pages}.")
    chunk = oparl.decorate(list(rows[(page - 1) * limit : page * limit]))
    urls = _urls(request)
    links = {"first": _page_url(request, 1), "self": _page_url(request, page), "last": _page_url(request, pages)}
    if page > 1:
        links["prev"] = _page_url(request, page - 1)
    if page < pages:
        links["next"] = _page_url(request, page + 1)
    return _json(
        {
            "data": [kind.render(row, urls, omit_internal=omit) for row in chunk],
            "pagination": {
                "totalElements": total,
                "elementsPerPage": limit,
                "currentPage": page,
                "totalPages": pages,
            },
            "links": links,
        }
    )


def _one(request: PublicRequest, kind: oparl.OParlType, pk: int) -> JsonResponse:
    row = kind.rows(request.centre).filter(pk=pk).first()
    if row is None:
        raise NotFound
    oparl.decorate([row])
    return _json(kind.render(row, _urls(request), omit_internal=_omit_internal(request)))


@oparl_view
def system(request: PublicRequest, centre: str) -> JsonResponse:
    """The entry point: which OParl version and where the bodies are."""
    return _json(oparl.system(_urls(request)))


@oparl_view
def bodies(request: PublicRequest, centre: str) -> JsonResponse:
    """The list of bodies: one, the centre's municipality."""
    url = request.build_absolute_uri(request.path)
    return _json(
        {
            "data": [oparl.body(_urls(request))],
            "pagination": {"totalElements": 1, "elementsPerPage": 1, "currentPage": 1, "totalPages": 1},
            "links": {"first": url, "self": url, "last": url},
        }
    )


@oparl_view
def body(request: PublicRequest, centre: str) -> JsonResponse:
    return _json(oparl.body(_urls(request)))


def _list_view(kind: oparl.OParlType) -> Callable[..., HttpResponseBase]:
    def view(request: PublicRequest, centre: str) -> JsonResponse:
        return _list(request, kind)

    view.__name__ = f"{kind.list_name}_list"
    view.__doc__ = f"The public {kind.list_name.replace('_', ' ')}, paginated."
    return oparl_view(view)


def _object_view(kind: oparl.OParlType) -> Callable[..., HttpResponseBase]:
    def view(request: PublicRequest, centre: str, pk: int) -> JsonResponse:
        return _one(request, kind, pk)

    view.__name__ = kind.name
    view.__doc__ = f"One public {kind.name.replace('_', ' ')}."
    return oparl_view(view)


LIST_VIEWS = {kind.list_name: _list_view(kind) for kind in oparl.TYPES}
OBJECT_VIEWS = {kind.name: _object_view(kind) for kind in oparl.TYPES}


@oparl_view
def file_download(request: PublicRequest, centre: str, pk: int) -> HttpResponseBase:
    """The content of a public, not deleted file (the same rule as the File object)."""
    doc = oparl.rows_files(request.centre).filter(pk=pk, deleted=False, shown=True).first()
    if doc is None or not doc.data:
        raise NotFound
    response = FileResponse(doc.data.open("rb"), content_type=doc.mime_type, filename=doc.file_name)
    response["Access-Control-Allow-Origin"] = "*"
    response["X-Content-Type-Options"] = "nosniff"
    return response

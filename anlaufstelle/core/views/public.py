"""The public pages of a centre and of the installation."""

from __future__ import annotations

from django.db import connection
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache

from anlaufstelle.core.access import public
from anlaufstelle.core.http import AnyRequest, PublicRequest
from anlaufstelle.core.models import Centre, Funder
from anlaufstelle.core.public_cache import cache_public_page
from anlaufstelle.core.selectors import public_page_get

PAGES = {
    "privacy": "privacy_notice",
    "accessibility": "accessibility_statement",
    "easy_language": "easy_language",
    "legal": "legal_notice",
}


@public
def landing(request: AnyRequest) -> HttpResponse:
    centres = list(Centre.objects.filter(is_active=True))  # the tenants themselves: not scoped
    return render(request, "core/public/landing.html", {"centres": centres})


@public
@cache_public_page
def centre_home(request: PublicRequest, centre: str) -> HttpResponse:
    page = public_page_get(centre=request.centre, language=get_language())
    return render(request, "core/public/centre.html", {"page": page})


@public
@cache_public_page
def centre_page(request: PublicRequest, centre: str, page: str) -> HttpResponse:
    data = public_page_get(centre=request.centre, language=get_language())
    field = PAGES[page]
    return render(
        request,
        "core/public/text_page.html",
        {"page": data, "kind": page, "text": data.content.values[field], "fallback": field in data.content.fallback},
    )


@public
def funder_logo(request: PublicRequest, centre: str, pk: int) -> FileResponse:
    """A funder's logo (public: it is shown on the public page)."""
    funder = get_object_or_404(Funder, centre=request.centre, pk=pk)
    if not funder.logo:
        raise Http404
    response = FileResponse(funder.logo.open("rb"))
    response["Cache-Control"] = "public, max-age=3600"
    return response


@public
@never_cache
def healthz(request: AnyRequest) -> JsonResponse:
    """Liveness and readiness: answers ok only when the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means "not ready"
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok"})

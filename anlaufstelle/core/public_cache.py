"""A shared cache of rendered public pages for anonymous visitors, dropped whenever public content changes.

Public pages (centre page, directory search, offer pages) are the same for every anonymous
visitor in one language, and they are read far more often than they change. A page is kept
under a key made of the centre's public version, the language, the Berlin date, the scheme and
host, the path with its sorted query and whether htmx asked for a fragment. The date is part of
the key because a page shows what is current that day (the notice banner has a first and last
day): a page is never served on a later day than it was rendered, so a banner starts and ends at
midnight without an edit. Every action that changes what the public sees calls
`public_changed`, which moves the centre to a new version; the old pages are never read again
and expire. With a shared cache (Redis, `CACHE_URL`) a change shows at once in every process;
with the default per-process memory cache other processes follow within `PUBLIC_CACHE_SECONDS`.

Only requests without a session or messages cookie are served from or stored in the cache (so
no signed-in view and no one-off message is ever shared), and only plain 200 answers that set
no cookie are stored. Pages rendered for the cache leave out the CSRF token (they have no
form that posts). See docs/decisions/0010-public-page-cache.md.
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.translation import get_language

from anlaufstelle.core.http import PublicRequest

KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "Link")


def _version_key(centre_id: int) -> str:
    return f"public:version:{centre_id}"


def public_version(centre_id: int) -> str:
    """The centre's current public version (a new one after every change)."""
    version = cache.get(_version_key(centre_id))
    if version is None:
        version = str(time.time_ns())
        if not cache.add(_version_key(centre_id), version, None):
            version = cache.get(_version_key(centre_id), version)
    return str(version)


def public_changed(*, centre_id: int) -> None:
    """Drop every cached public page of the centre (after the surrounding transaction commits)."""
    transaction.on_commit(lambda: cache.set(_version_key(centre_id), str(time.time_ns()), None))


def _cacheable(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or settings.PUBLIC_CACHE_SECONDS <= 0:
        return False
    if getattr(request, "centre", None) is None:
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and CookieStorage.cookie_name not in cookies


def _key(request: HttpRequest, centre_id: int) -> str:
    query = urlencode(sorted((k, v) for k, values in request.GET.lists() for v in values))
    fragment = request.headers.get("HX-Request", "") + "|" + request.headers.get("HX-Target", "")
    # Pages carry absolute links (JSON-LD, canonical, share links) built from the request's host
    # and scheme: each host and scheme has its own pages.
    origin = f"{request.scheme}://{request.get_host()}"
    digest = hashlib.sha256(f"{origin}{request.path}?{query}|{fragment}".encode()).hexdigest()[:32]
    today = timezone.localdate().isoformat()
    return f"public:page:{centre_id}:{public_version(centre_id)}:{get_language()}:{today}:{digest}"


def cache_public_page(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Serve the view's answer to anonymous visitors from the public page cache."""

    @functools.wraps(view)
    def wrapper(request: PublicRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        key = _key(request, request.centre.pk)
        stored = cache.get(key)
        if stored is not None:
            content, headers = stored
            hit = HttpResponse(content)
            for name, value in headers.items():
                hit[name] = value
            hit["X-Public-Cache"] = "hit"
            return hit
        request.public_cache = True  # templates leave out the CSRF token
        response = view(request, *args, **kwargs)
        if (
            response.status_code == 200
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not response.streaming
            and isinstance(response, HttpResponse)
        ):
            headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
            cache.set(key, (response.content, headers), settings.PUBLIC_CACHE_SECONDS)
            response["X-Public-Cache"] = "miss"
        return response

    return wrapper

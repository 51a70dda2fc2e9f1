"""Template context for every page: language links, the current centre, the user's navigation."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language

from anlaufstelle.core.access import permissions_in, works_in_other_centres


def site(request: HttpRequest) -> dict[str, Any]:
    path = request.get_full_path()
    current = get_language()
    language_links = [
        {
            "code": code,
            "name": name,
            "url": translate_url(path, code),
            "current": code == current,
            "rtl": code in settings.LANGUAGES_BIDI,
        }
        for code, name in settings.LANGUAGES
    ]
    centre = getattr(request, "centre", None)
    perms: frozenset[str] = frozenset()
    other_centres = False
    user = getattr(request, "user", None)
    if centre is not None and user is not None and user.is_authenticated:
        perms = permissions_in(user, centre)
        other_centres = bool(perms) and works_in_other_centres(user, centre)
    return {
        "site_name": settings.SITE_NAME,
        "language_links": language_links,
        "centre": centre,
        "perms_here": perms,
        "other_centres": other_centres,
    }

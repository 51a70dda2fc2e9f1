"""Request plumbing: the current centre and its data scope, session timeouts, client address."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _
from django_scopes import scope

from anlaufstelle.core.http import AnyRequest
from anlaufstelle.core.models import Centre
from anlaufstelle.core.request_context import reset_ip, set_ip

SESSION_LOGIN_AT = "_auth_login_at"
SESSION_LAST_SEEN = "_auth_last_seen"


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or with TRUSTED_PROXY_COUNT proxies in front, the
    address the outermost trusted proxy saw (taken from the right of X-Forwarded-For)."""
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR")


class CentreMiddleware:
    """Resolve `<centre>` from the URL, 404 for unknown centres, and activate the data scope.

    Inside the scope every query on a tenant-owned model is limited to this centre; outside
    any scope such a query raises (django-scopes), so a forgotten filter cannot leak data.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = set_ip(client_ip(request))
        try:
            slug = self._centre_slug(request)
            if slug is None:
                cast(AnyRequest, request).centre = None
                return self.get_response(request)
            centre = Centre.objects.filter(slug=slug, is_active=True).first()
            if centre is None:
                raise Http404
            cast(AnyRequest, request).centre = centre
            with scope(centre=centre):
                return self.get_response(request)
        finally:
            reset_ip(token)

    @staticmethod
    def _centre_slug(request: HttpRequest) -> str | None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        slug = match.kwargs.get("centre")
        return slug if isinstance(slug, str) else None


class SessionTimeoutMiddleware:
    """End sessions that were idle too long or are older than the absolute limit."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            login_at = session.setdefault(SESSION_LOGIN_AT, now)
            last_seen = session.get(SESSION_LAST_SEEN, now)
            if now - last_seen > settings.SESSION_IDLE_SECONDS or now - login_at > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.info(request, _("Your session has expired. Please sign in again."))
                return HttpResponseRedirect(reverse("core:login"))
            # Write at most once a minute to keep session writes cheap.
            if now - last_seen >= 60 or SESSION_LAST_SEEN not in session:
                session[SESSION_LAST_SEEN] = now
        return self.get_response(request)


def ratelimit_key(group: str, request: HttpRequest) -> str:
    """django-ratelimit key: the client address as the audit trail sees it (behind trusted proxies too)."""
    return client_ip(request) or "unknown"

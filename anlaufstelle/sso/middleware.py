"""A session begun through a centre's provider: that centre only, and its second factor.

Installed after django-otp's OTPMiddleware. For such a session the user object carries
`sso_centre_id` (read by `core.access.roles_in`, which grants no roles in any other centre), and
`is_verified()` is true when the provider confirmed a second factor (amr/acr) — otherwise the
platform's own TOTP is still asked as for everyone. Nothing is read unless the user is.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

SESSION_KEY = "sso"


def _mark(request: HttpRequest, user: Any) -> Any:
    if getattr(user, "is_authenticated", False):  # evaluates the lazy user of the middleware before
        data = request.session.get(SESSION_KEY)
        if isinstance(data, dict) and data.get("user") == user.pk:
            user.sso_centre_id = data.get("centre")
            if data.get("mfa"):
                user.is_verified = lambda: True
    return getattr(user, "_wrapped", user)


class SsoMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None:
            request.user = SimpleLazyObject(functools.partial(_mark, request, user))  # type: ignore[assignment]
        return self.get_response(request)

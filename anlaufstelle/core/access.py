"""Who may do what in which centre: view decorators and role look-ups (deny by default)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import reverse

from anlaufstelle.core.models import Centre, Membership
from anlaufstelle.core.roles import permissions_of, roles_with

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def roles_in(user: Any, centre: Centre) -> frozenset[str]:
    """The active roles `user` holds in `centre` (cached on the user object for the request)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    sso_centre_id = getattr(user, "sso_centre_id", None)
    if sso_centre_id is not None and sso_centre_id != centre.pk:
        # Signed in through one centre's identity provider: no roles in any other centre.
        return frozenset()
    cache: dict[int, frozenset[str]] = user.__dict__.setdefault("_centre_roles", {})
    if centre.pk not in cache:
        # One query for every centre: the roles here, and (for the centre switch) where else the person works.
        rows = list(Membership.objects.filter(user=user, is_active=True).values_list("centre_id", "role"))
        cache[centre.pk] = frozenset(role for centre_id, role in rows if centre_id == centre.pk)
        user.__dict__["_centre_ids"] = frozenset(centre_id for centre_id, _ in rows)
    return cache[centre.pk]


def works_in_other_centres(user: Any, centre: Centre) -> bool:
    """Does `user` hold roles in a centre besides `centre` (the menu then offers the centre switch)?
    Answered from what `roles_in` read, without a query of its own."""
    if getattr(user, "sso_centre_id", None) is not None:
        return False  # signed in through this centre's identity provider: this centre only
    roles_in(user, centre)
    return bool(user.__dict__.get("_centre_ids", frozenset()) - {centre.pk})


def has_permission(user: Any, centre: Centre, codename: str) -> bool:
    return bool(roles_in(user, centre) & roles_with(codename))


def permissions_in(user: Any, centre: Centre) -> frozenset[str]:
    return permissions_of(roles_in(user, centre))


def is_verified(user: Any) -> bool:
    """True when the user gave the second factor in this session (django-otp)."""
    return bool(getattr(user, "is_verified", lambda: False)())


def _login_redirect(request: HttpRequest) -> HttpResponse:
    return HttpResponseRedirect(reverse("core:login") + "?" + urlencode({"next": request.get_full_path()}))


def permission_required(codename: str) -> Callable[[View], View]:
    """Let a centre view through only for verified (2FA) members holding `codename`.

    Anonymous: redirect to sign-in. Second factor missing: redirect to it. Not a member of
    this centre: 404 (the centre's internal area is not revealed). Member without the
    permission: 403.
    """
    roles_with(codename)  # fail at import time on unknown permissions

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            centre: Centre | None = getattr(request, "centre", None)
            if centre is None:
                raise Http404
            user = request.user
            if not user.is_authenticated:
                return _login_redirect(request)
            if not is_verified(user):
                return HttpResponseRedirect(reverse("core:otp") + "?" + urlencode({"next": request.get_full_path()}))
            roles = roles_in(user, centre)
            if not roles:
                raise Http404
            if not roles & roles_with(codename):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.required_permission = codename  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorator


def public(view: View) -> View:
    """Mark a view as intentionally open to everyone (checked by the URL matrix test)."""
    view.required_permission = None  # type: ignore[attr-defined]
    return view

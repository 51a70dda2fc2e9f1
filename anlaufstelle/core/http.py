"""Typed requests for views: what the middleware and the access decorators guarantee a view has.

Django's `HttpRequest` knows nothing of the attributes our middleware sets (`centre`, `htmx`) nor
that `permission_required` lets only signed-in, verified members through. Views annotate their
request with one of these classes instead of silencing the type checker at every use:

    @permission_required("partners.view")
    def organisation_list(request: CentreRequest) -> HttpResponse:
        organisations = selectors.organisation_list(centre=request.centre, actor=request.user)

These are annotations only: no request is ever an instance of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django_htmx.middleware import HtmxDetails

    from anlaufstelle.core.models import Centre, User


class AnyRequest(HttpRequest):
    """Any request: a centre only under a `<centre>` URL, a user who may be anonymous."""

    centre: Centre | None
    htmx: HtmxDetails
    user: User | AnonymousUser


class PublicRequest(HttpRequest):
    """A request under a centre's public URL: the centre is set, the visitor may be anonymous."""

    centre: Centre
    htmx: HtmxDetails
    user: User | AnonymousUser
    public_cache: bool  # set by `cache_public_page` while it renders a page for the cache


class SignedInRequest(HttpRequest):
    """A request from a signed-in person outside any centre (account pages)."""

    centre: Centre | None
    htmx: HtmxDetails
    user: User


class CentreRequest(HttpRequest):
    """A request past `permission_required`: the centre is set, the user signed in with both factors
    and a member of it."""

    centre: Centre
    htmx: HtmxDetails
    user: User

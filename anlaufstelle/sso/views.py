"""Sign-in through the town's directory (OpenID Connect), and the centre admin's settings for it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.core import is_ratelimited

from anlaufstelle.core import login_throttle
from anlaufstelle.core.access import permission_required, public
from anlaufstelle.core.errors import Refused, show_refusal
from anlaufstelle.core.http import AnyRequest, CentreRequest
from anlaufstelle.core.middleware import ratelimit_key
from anlaufstelle.core.models import User
from anlaufstelle.sso import actions, ldap_directory, oidc, selectors
from anlaufstelle.sso.forms import DirectoryLoginForm, ProviderForm
from anlaufstelle.sso.middleware import SESSION_KEY
from anlaufstelle.sso.models import IdentityProvider

FLOWS_KEY = "sso_flows"
# Flows a browser may have open at once (several tabs); older ones are dropped.
MAX_FLOWS = 5
BACKEND = "django.contrib.auth.backends.ModelBackend"
# Directory password attempts from one client address.
CLIENT_RATE = "30/h"


def _callback_uri(request: AnyRequest | CentreRequest) -> str:
    return request.build_absolute_uri(reverse("sso_callback"))


def _safe_next(request: AnyRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("core:home")


def _failed(request: AnyRequest, message: str, status: int) -> HttpResponse:
    return render(request, "sso/failed.html", {"message": message}, status=status)


@public
@require_GET
def choose(request: AnyRequest) -> HttpResponse:
    """The centres whose staff sign in through their town's directory."""
    return render(
        request,
        "sso/choose.html",
        {"providers": selectors.centres_with_sign_in(), "next": _safe_next(request)},
    )


@public
@require_http_methods(["GET", "POST"])
def start(request: AnyRequest, centre: str) -> HttpResponse:
    """OpenID Connect: send the person to the centre's provider, with state, nonce and a PKCE
    challenge. LDAP: ask for the town account's name and password here."""
    assert request.centre is not None
    provider = selectors.enabled_provider(centre=request.centre)
    if provider is None:
        messages.error(request, _("This centre does not sign in through a town directory."))
        return redirect("sso:choose")
    if provider.kind == IdentityProvider.Kind.LDAP:
        return _directory_sign_in(request, provider)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    try:
        flow, url = oidc.begin(
            provider,
            redirect_uri=_callback_uri(request),
            next_url=_safe_next(request),
            language=translation.get_language() or "de",
        )
    except Refused as refusal:
        return _failed(request, refusal.message, 502)
    flows = dict(request.session.get(FLOWS_KEY, {}))
    flows[flow.state] = flow.as_session()
    request.session[FLOWS_KEY] = dict(list(flows.items())[-MAX_FLOWS:])
    return HttpResponseRedirect(url)


@public
@require_GET
def callback(request: AnyRequest) -> HttpResponse:
    """The provider sends the person back: check the state, exchange the code, sign in."""
    flows = dict(request.session.get(FLOWS_KEY, {}))
    state = request.GET.get("state", "")
    flow = flows.pop(state, None) if state else None  # single use
    request.session[FLOWS_KEY] = flows
    if flow is None:
        return _failed(request, _("This sign-in link has expired. Please start again."), 400)
    provider = selectors.provider_by_id(pk=flow["provider_id"])
    if provider is None:
        return _failed(request, _("This centre does not sign in through a town directory."), 400)
    if request.GET.get("error") or not request.GET.get("code"):
        return _failed(request, _("The town's sign-in service did not sign you in."), 400)
    try:
        claims, id_token = oidc.finish(
            provider,
            code=request.GET["code"],
            redirect_uri=_callback_uri(request),
            nonce=flow["nonce"],
            code_verifier=flow["code_verifier"],
        )
        user = actions.external_sign_in(provider=provider, claims=claims)
    except Refused as refusal:
        return _failed(request, refusal.message, 403)
    mfa = oidc.second_factor_done(provider, claims)
    _begin_session(request, user, provider, mfa=mfa)
    logout_url = oidc.end_session_url(
        provider, id_token=id_token, post_logout_redirect_uri=request.build_absolute_uri(reverse("core:login"))
    )
    if logout_url:
        request.session["provider_logout_url"] = logout_url
    next_url = flow.get("next_url") or reverse("core:home")
    if mfa:
        return HttpResponseRedirect(next_url)
    return HttpResponseRedirect(reverse("core:otp") + "?" + urlencode({"next": next_url}))


def _begin_session(request: AnyRequest, user: User, provider: IdentityProvider, *, mfa: bool) -> None:
    login(request, user, backend=BACKEND)  # a new session id
    request.session[SESSION_KEY] = {"user": user.pk, "centre": provider.centre_id, "provider": provider.pk, "mfa": mfa}


def _directory_sign_in(request: AnyRequest, provider: IdentityProvider) -> HttpResponse:
    """Name and password checked by the town's LDAP directory; then the platform's second factor
    (a directory bind proves one factor only). Throttled like the password sign-in."""
    form = DirectoryLoginForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        login_name = form.cleaned_data["login"].strip().lower()
        throttle_key = f"ldap:{provider.centre_id}:{login_name}"
        limited = is_ratelimited(request, group="sso.ldap.client", key=ratelimit_key, rate=CLIENT_RATE, increment=True)
        wait = login_throttle.wait_seconds(throttle_key, device_cookie=None)
        if limited or wait:
            return render(request, "core/account/locked.html", {"wait_minutes": -(-max(wait, 60) // 60)}, status=429)
        try:
            claims = ldap_directory.authenticate(provider, login=login_name, password=form.cleaned_data["password"])
            user = actions.external_sign_in(provider=provider, claims=claims)
        except Refused as refusal:
            if isinstance(refusal, oidc.SignInRefused):
                login_throttle.record_failure(throttle_key)
            show_refusal(request, refusal, form=form)
            status = 403 if isinstance(refusal, oidc.SignInRefused) else 502
        else:
            _begin_session(request, user, provider, mfa=False)
            return HttpResponseRedirect(reverse("core:otp") + "?" + urlencode({"next": _safe_next(request)}))
    return render(
        request,
        "sso/directory_login.html",
        {"form": form, "provider": provider, "next": _safe_next(request)},
        status=status,
    )


@permission_required("core.manage_members")
@require_http_methods(["GET", "POST"])
def provider_edit(request: CentreRequest, centre: str) -> HttpResponse:
    """The centre admin connects the centre to the town's OpenID Connect provider."""
    the_centre = request.centre
    provider = selectors.centre_provider(centre=the_centre)
    form = ProviderForm(request.POST if request.method == "POST" else None, instance=provider)
    if request.method == "POST" and form.is_valid():
        actions.provider_save(centre=the_centre, actor=request.user, data=form.provider_data())
        messages.success(request, _("The sign-in settings have been saved."))
        return redirect("sso:provider_edit", centre=the_centre.slug)
    return render(
        request,
        "sso/provider_form.html",
        {"form": form, "callback_uri": _callback_uri(request), "provider": provider},
    )

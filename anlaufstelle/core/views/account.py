"""Sign-in with e-mail and password, then a TOTP second factor (set up on first sign-in)."""

from __future__ import annotations

import base64
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_ratelimit.core import is_ratelimited

from anlaufstelle.core import login_throttle
from anlaufstelle.core.access import is_verified, public
from anlaufstelle.core.audit import audit_record
from anlaufstelle.core.errors import Refused, show_refusal
from anlaufstelle.core.forms import InvitationAcceptForm, InvitationNewAccountForm, LoginForm, ResetForm, TokenForm
from anlaufstelle.core.http import AnyRequest
from anlaufstelle.core.middleware import ratelimit_key
from anlaufstelle.core.models import AuditEntry
from anlaufstelle.core.selectors import user_centres


def _safe_next(request: AnyRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("core:home")


@public
@require_http_methods(["GET", "POST"])
def login_view(request: AnyRequest) -> HttpResponse:
    form = LoginForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].lower()
        wait = login_throttle.wait_seconds(email, device_cookie=request.COOKIES.get(login_throttle.DEVICE_COOKIE))
        if wait:
            # Refused before the password is looked at; the attempt does not count.
            return render(request, "core/account/locked.html", {"wait_minutes": -(-wait // 60)}, status=429)
        user = authenticate(request, email=email, password=form.cleaned_data["password"])
        if getattr(request, "axes_locked_out", False):
            return render(request, "core/account/locked.html", status=429)
        if user is None:
            login_throttle.record_failure(email)
            audit_record(
                actor=None,
                centre=None,
                kind=AuditEntry.Kind.LOGIN_FAILED,
                action="core.login.failed",
                changes={"email": email},
            )
            form.add_error(None, _("E-mail or password is wrong."))
        else:
            login(request, user)  # rotates the session key
            audit_record(actor=user, centre=None, kind=AuditEntry.Kind.LOGIN, action="core.login.password")
            response = HttpResponseRedirect(reverse("core:otp") + "?" + urlencode({"next": _safe_next(request)}))
            login_throttle.record_success(email, response, request)
            return response
    return render(request, "core/account/login.html", {"form": form, "next": _safe_next(request)})


def _qr_data_uri(device: TOTPDevice) -> str:
    svg = segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#131525")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


@public
@require_http_methods(["GET", "POST"])
def otp_view(request: AnyRequest) -> HttpResponse:
    """Verify the second factor; on first sign-in, set up the authenticator app first."""
    user = request.user
    if not user.is_authenticated:
        return redirect("core:login")
    if is_verified(user):
        return HttpResponseRedirect(_safe_next(request))
    device = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
    setting_up = device is None
    if setting_up:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        allowed, _info = device.verify_is_allowed()
        if not allowed:
            form.add_error("token", _("Too many wrong codes. Please wait a moment and try again."))
        elif device.verify_token(form.cleaned_data["token"].strip()):
            with transaction.atomic():
                if setting_up:
                    device.confirmed = True
                    device.save(update_fields=["confirmed"])
                    audit_record(actor=user, centre=None, kind=AuditEntry.Kind.SECURITY, action="core.otp.setup")
                otp_login(request, device)
                # A new privilege step gets a new session id: the one issued after the password
                # step (which may have been seen or fixed by someone else) is worth nothing now.
                request.session.cycle_key()
                audit_record(actor=user, centre=None, kind=AuditEntry.Kind.LOGIN, action="core.login.otp")
            return HttpResponseRedirect(_safe_next(request))
        else:
            form.add_error("token", _("The code is not valid. Check the time on your phone and try again."))
    context = {"form": form, "setting_up": setting_up, "next": _safe_next(request)}
    if setting_up:
        context["qr_data_uri"] = _qr_data_uri(device)
        context["secret"] = base64.b32encode(device.bin_key).decode()
    return render(request, "core/account/otp.html", context)


@public
@require_POST
def logout_view(request: AnyRequest) -> HttpResponse:
    user = request.user
    if user.is_authenticated:
        audit_record(actor=user, centre=None, kind=AuditEntry.Kind.LOGOUT, action="core.logout")
    # Signed in through the town's directory: end the session at the provider too (RP-initiated
    # logout); the URL was built at sign-in and comes back to the sign-in page.
    provider_logout_url = request.session.get("provider_logout_url")
    logout(request)
    if isinstance(provider_logout_url, str) and provider_logout_url:
        return HttpResponseRedirect(provider_logout_url)
    messages.info(request, _("You have been signed out."))
    return redirect("core:login")


@public
def home_view(request: AnyRequest) -> HttpResponse:
    """After sign-in: go to the only centre, or choose one of several."""
    user = request.user
    if not user.is_authenticated:
        return redirect("core:login")
    if not is_verified(user):
        return redirect("core:otp")
    centres = user_centres(user=user)
    if len(centres) == 1:
        return redirect("core:dashboard", centre=centres[0].slug)
    return render(request, "core/account/home.html", {"centres": centres})


# Password reset (issue 20, item 4): a few mails per address, whoever asks, and a limit per client.
# The address limit is invisible: limited or not, and known or not, the answer is the same
# "sent" page and the request does the same work (it queues one task, which looks the address
# up). Only the client limit answers differently (429), and it says nothing about any address.
RESET_MAILS_PER_ADDRESS = 3
RESET_ADDRESS_RATE = f"{RESET_MAILS_PER_ADDRESS}/h"
RESET_CLIENT_RATE = "20/h"


class PasswordResetView(auth_views.PasswordResetView):
    form_class = ResetForm
    template_name = "core/account/password_reset.html"
    success_url = reverse_lazy("core:password_reset_sent")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if is_ratelimited(
            request, group="core.password_reset.client", key=ratelimit_key, rate=RESET_CLIENT_RATE, increment=True
        ):
            context = self.get_context_data(form=self.get_form(), limited=True)
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        email = form.cleaned_data["email"].strip().lower()
        limited = is_ratelimited(
            self.request,
            group="core.password_reset.address",
            key=lambda _group, _request: email,
            rate=RESET_ADDRESS_RATE,
            increment=True,
        )
        if not limited:
            from anlaufstelle.core import tasks

            tasks.send_password_reset(
                email, self.request.get_host(), self.request.is_secure(), translation.get_language() or "de"
            )
        return HttpResponseRedirect(self.get_success_url())


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """Set a password from a single-use e-mail link (invitation or reset)."""

    template_name = "core/account/set_password.html"
    success_url = reverse_lazy("core:login")
    post_reset_login = False

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        audit_record(actor=form.user, centre=None, kind=AuditEntry.Kind.SECURITY, action="core.password.set")
        messages.success(self.request, _("Your password has been set. Please sign in."))
        return response


password_reset = public(PasswordResetView.as_view())
password_reset_sent = public(
    auth_views.PasswordResetDoneView.as_view(template_name="core/account/password_reset_sent.html")
)
set_password = public(SetPasswordView.as_view())


@public
@require_http_methods(["GET", "POST"])
def invitation_accept(request: AnyRequest, token: str) -> HttpResponse:
    """The link in an invitation: an account holder signs in and accepts; a new person gives
    a name and a password. A used, withdrawn or expired link says so (410)."""
    from anlaufstelle.core import actions
    from anlaufstelle.core.models import User

    invitation = actions.invitation_by_token(token)
    if invitation is None:
        raise Http404
    if not invitation.is_open:
        state = "expired" if invitation.is_expired else invitation.status
        return render(request, "core/account/invitation_closed.html", {"state": state}, status=410)
    centre = invitation.centre
    post = request.POST if request.method == "POST" else None
    # Only the holder of the link (the address's owner) learns whether the address has an account.
    account = User.objects.filter(email__iexact=invitation.email, is_active=True).first()
    context: dict[str, Any] = {"invitation": invitation, "centre": centre, "roles": invitation.role_labels()}
    if account is None or not account.has_usable_password():
        form: Any = InvitationNewAccountForm(User(email=invitation.email), post)
        if post is not None and form.is_valid():
            try:
                actions.invitation_accept(
                    invitation=invitation,
                    user=None,
                    full_name=form.cleaned_data["full_name"],
                    password=form.cleaned_data["new_password1"],
                )
            except Refused as refusal:
                show_refusal(request, refusal)
                return redirect(request.path)
            messages.success(request, _("Welcome! Your password has been set. Please sign in."))
            return HttpResponseRedirect(
                reverse("core:login") + "?" + urlencode({"next": reverse("core:dashboard", args=[centre.slug])})
            )
        context.update(form=form, new_account=True)
        return render(request, "core/account/invitation.html", context, status=422 if post is not None else 200)
    user = request.user
    if not user.is_authenticated or not is_verified(user):
        context["sign_in_url"] = reverse("core:login") + "?" + urlencode({"next": request.path})
        return render(request, "core/account/invitation.html", context)
    if user.pk != account.pk:
        return render(request, "core/account/invitation.html", {**context, "other_account": True}, status=403)
    form = InvitationAcceptForm(post, initial={"full_name": user.full_name})
    if post is not None and form.is_valid():
        try:
            actions.invitation_accept(invitation=invitation, user=account, full_name=form.cleaned_data["full_name"])
        except Refused as refusal:
            show_refusal(request, refusal)
            return redirect(request.path)
        messages.success(request, _("You are now a member of %(centre)s.") % {"centre": centre.name})
        return redirect("core:dashboard", centre=centre.slug)
    context["form"] = form
    return render(request, "core/account/invitation.html", context, status=422 if post is not None else 200)

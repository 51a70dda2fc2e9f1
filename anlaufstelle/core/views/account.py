"""Sign-in with e-mail and password, then a TOTP second factor (set up on first sign-in)."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from anlaufstelle.core import login_throttle
from anlaufstelle.core.access import is_verified, public
from anlaufstelle.core.audit import audit_record
from anlaufstelle.core.forms import LoginForm, TokenForm
from anlaufstelle.core.models import AuditEntry
from anlaufstelle.core.selectors import user_centres


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("core:home")


@public
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
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
def otp_view(request: HttpRequest) -> HttpResponse:
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
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        audit_record(actor=request.user, centre=None, kind=AuditEntry.Kind.LOGOUT, action="core.logout")  # type: ignore[arg-type]
    logout(request)
    messages.info(request, _("You have been signed out."))
    return redirect("core:login")


@public
def home_view(request: HttpRequest) -> HttpResponse:
    """After sign-in: go to the only centre, or choose one of several."""
    user = request.user
    if not user.is_authenticated:
        return redirect("core:login")
    if not is_verified(user):
        return redirect("core:otp")
    centres = user_centres(user=user)  # type: ignore[arg-type]
    if len(centres) == 1:
        return redirect("core:dashboard", centre=centres[0].slug)
    return render(request, "core/account/home.html", {"centres": centres})


class ResetForm(PasswordResetForm):
    """Also reaches invited accounts that never set a password (their invitation link expired)."""

    def get_users(self, email: str) -> Iterator[Any]:
        from anlaufstelle.core.models import User

        return (user for user in User.objects.filter(email__iexact=email, is_active=True))


class PasswordResetView(auth_views.PasswordResetView):
    form_class = ResetForm
    template_name = "core/account/password_reset.html"
    email_template_name = "core/account/password_reset_email.txt"
    subject_template_name = "core/account/password_reset_subject.txt"
    success_url = reverse_lazy("core:password_reset_sent")


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

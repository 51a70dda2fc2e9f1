"""Sign-in throttling per account across every client address, with growing delays.

django-axes limits wrong passwords per address and account together; someone who spreads guesses
over many addresses never reaches that limit. Here every failed sign-in for an e-mail address
counts, from wherever it came: after FREE_FAILURES failures, each further attempt must wait a
delay that doubles with every failure, up to MAX_DELAY_SECONDS. A waiting attempt is refused
before the password is checked, and it does not count, so the delay never grows past the cap
and the account opens again once the delay has passed.

The owner is never locked out by strangers: a browser that signed in to the account before
carries a signed device cookie for it (OWASP "device cookies"), and the per-account delay does
not apply to it (axes' per-address limit still does). Addresses without an account are counted
alike, so nothing tells a stranger whether an account exists.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from anlaufstelle.core.models import LoginThrottle

FREE_FAILURES = 5
BASE_DELAY_SECONDS = 2
MAX_DELAY_SECONDS = 15 * 60
FORGET_AFTER = timedelta(days=1)
DEVICE_COOKIE = "anl_device"
DEVICE_COOKIE_AGE = 180 * 24 * 3600
_SALT = "anlaufstelle.core.login_throttle.device"


def _now() -> datetime:
    return timezone.now()


def _key(email: str) -> str:
    normalised = email.strip().lower().encode()
    return hmac.new(settings.SECRET_KEY.encode(), normalised, hashlib.sha256).hexdigest()


def delay_after(failures: int) -> int:
    """Seconds to wait after this many failures in a row."""
    if failures < FREE_FAILURES:
        return 0
    return int(min(BASE_DELAY_SECONDS * 2 ** (failures - FREE_FAILURES), MAX_DELAY_SECONDS))


def trusted_device(email: str, device_cookie: str | None) -> bool:
    if not device_cookie:
        return False
    try:
        value = signing.loads(device_cookie, salt=_SALT, max_age=DEVICE_COOKIE_AGE)
    except signing.BadSignature:
        return False
    return isinstance(value, str) and hmac.compare_digest(value, _key(email))


def wait_seconds(email: str, *, device_cookie: str | None) -> int:
    """How long this attempt must still wait (0: go ahead)."""
    if trusted_device(email, device_cookie):
        return 0
    row = LoginThrottle.objects.filter(key=_key(email)).first()
    if row is None:
        return 0
    now = _now()
    if now - row.last_failure_at > FORGET_AFTER:
        return 0
    remaining = row.last_failure_at + timedelta(seconds=delay_after(row.failures)) - now
    return max(0, int(remaining.total_seconds() + 0.999))


def record_failure(email: str) -> None:
    key = _key(email)
    now = _now()
    with transaction.atomic():
        row, created = LoginThrottle.objects.select_for_update().get_or_create(
            key=key, defaults={"failures": 1, "last_failure_at": now}
        )
        if created:
            return
        row.failures = 1 if now - row.last_failure_at > FORGET_AFTER else row.failures + 1
        row.last_failure_at = now
        row.save(update_fields=["failures", "last_failure_at"])


def record_success(email: str, response: HttpResponse, request: HttpRequest) -> None:
    """The password was right: forget the failures and mark this browser as the owner's."""
    LoginThrottle.objects.filter(key=_key(email)).delete()
    response.set_cookie(
        DEVICE_COOKIE,
        signing.dumps(_key(email), salt=_SALT),
        max_age=DEVICE_COOKIE_AGE,
        secure=request.is_secure() or settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )

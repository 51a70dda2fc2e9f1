"""Sign-in hardening: a new session id at every privilege step, and a per-account limit that spreads
over many client addresses but never locks the owner's own browser out (issue 20, items 2 and 7)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from anlaufstelle.core import login_throttle
from anlaufstelle.core.roles import Role

PASSWORD = "correct-horse-battery-staple"

pytestmark = pytest.mark.security


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture
def staff(centre, member_factory):  # type: ignore[no-untyped-def]
    return member_factory(centre, Role.CASEWORKER, email="berit@example.org")


def test_the_second_factor_issues_a_new_session_id(client: Client, staff) -> None:  # type: ignore[no-untyped-def]
    device = TOTPDevice.objects.create(user=staff, name="app", confirmed=True)
    client.post(reverse("core:login"), {"email": staff.email, "password": PASSWORD})
    after_password = client.cookies["sessionid"].value
    response = client.post(reverse("core:otp"), {"token": current_code(device)})
    assert response.status_code == 302
    after_otp = client.cookies["sessionid"].value
    assert after_otp != after_password
    # The id issued after the password step is worth nothing now.
    stale = Client()
    stale.cookies["sessionid"] = after_password
    assert stale.get(reverse("core:home")).status_code == 302
    assert "_auth_user_id" not in stale.session
    # The new one is fully signed in.
    assert client.get(reverse("core:home")).status_code in {200, 302}
    assert client.session.get("otp_device_id")


class Clock:
    def __init__(self) -> None:
        from django.utils import timezone

        self.now = timezone.now()

    def tick(self, seconds: float) -> None:
        from datetime import timedelta

        self.now += timedelta(seconds=seconds)


@pytest.fixture
def freezer(monkeypatch):  # type: ignore[no-untyped-def]
    clock = Clock()
    monkeypatch.setattr(login_throttle, "_now", lambda: clock.now)
    return clock


def _try(client: Client, email: str, password: str, ip: str):  # type: ignore[no-untyped-def]
    return client.post(reverse("core:login"), {"email": email, "password": password}, REMOTE_ADDR=ip)


def test_wrong_passwords_from_many_addresses_slow_the_account_down(staff, freezer) -> None:  # type: ignore[no-untyped-def]
    # 24 wrong passwords from 6 addresses, 4 each: under the per-address limit of 5 everywhere.
    for n in range(24):
        _try(Client(), staff.email, "wrong", f"10.1.{n % 6}.1")
    # A seventh address with the right password now has to wait: the account is slowed down.
    response = _try(Client(), staff.email, PASSWORD, "10.2.0.1")
    assert response.status_code == 429
    assert "_auth_user_id" not in Client().session
    # Not forever: the delay ends, and the owner gets in.
    freezer.tick(login_throttle.MAX_DELAY_SECONDS + 1)
    fresh = Client()
    response = _try(fresh, staff.email, PASSWORD, "10.2.0.1")
    assert response.status_code == 302
    assert "_auth_user_id" in fresh.session


def test_delays_grow_and_are_capped(db, freezer) -> None:  # type: ignore[no-untyped-def]
    email = "someone@example.org"
    delays = []
    for _ in range(login_throttle.FREE_FAILURES + 12):
        login_throttle.record_failure(email)
        delays.append(login_throttle.wait_seconds(email, device_cookie=None))
    assert delays[: login_throttle.FREE_FAILURES - 1] == [0] * (login_throttle.FREE_FAILURES - 1)
    growing = delays[login_throttle.FREE_FAILURES - 1 :]
    assert growing == sorted(growing) and growing[0] > 0
    assert max(growing) == login_throttle.MAX_DELAY_SECONDS


def test_the_owners_own_browser_is_not_slowed_down(staff) -> None:  # type: ignore[no-untyped-def]
    owner = Client()
    # The owner signed in from this browser before: it carries the account's device cookie.
    assert _try(owner, staff.email, PASSWORD, "10.3.0.1").status_code == 302
    assert login_throttle.DEVICE_COOKIE in owner.cookies
    owner.post(reverse("core:logout"))
    for n in range(30):
        _try(Client(), staff.email, "wrong", f"10.4.{n % 10}.1")
    # Strangers are slowed down, the owner's browser is not.
    assert _try(Client(), staff.email, PASSWORD, "10.5.0.1").status_code == 429
    assert _try(owner, staff.email, PASSWORD, "10.3.0.1").status_code == 302


def test_a_device_cookie_for_another_account_does_not_help(staff, member_factory, centre) -> None:  # type: ignore[no-untyped-def]
    other = member_factory(centre, Role.CASEWORKER, email="other@example.org")
    attacker = Client()
    assert _try(attacker, other.email, PASSWORD, "10.6.0.1").status_code == 302
    attacker.post(reverse("core:logout"))
    for n in range(30):
        _try(Client(), staff.email, "wrong", f"10.7.{n % 10}.1")
    assert _try(attacker, staff.email, PASSWORD, "10.6.0.1").status_code == 429


def test_unknown_addresses_are_slowed_down_alike(db) -> None:  # type: ignore[no-untyped-def]
    # No difference between an account that exists and one that does not.
    for n in range(30):
        _try(Client(), "nobody@example.org", "wrong", f"10.8.{n % 10}.1")
    assert _try(Client(), "nobody@example.org", "x", "10.9.0.1").status_code == 429

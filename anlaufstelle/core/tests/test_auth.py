"""Sign-in with password and TOTP, throttling, session rotation, timeouts and disabled accounts."""

from __future__ import annotations

import time

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_scopes import scopes_disabled

from anlaufstelle.core.middleware import SESSION_LAST_SEEN, SESSION_LOGIN_AT
from anlaufstelle.core.models import AuditEntry
from anlaufstelle.core.roles import Role

PASSWORD = "correct-horse-battery-staple"


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture
def staff(centre, member_factory):  # type: ignore[no-untyped-def]
    return member_factory(centre, Role.CASEWORKER, email="berit@example.org")


def test_first_sign_in_sets_up_totp_then_reaches_the_partner_register(client: Client, staff, centre) -> None:  # type: ignore[no-untyped-def]
    target = reverse("partners:list", kwargs={"centre": centre.slug})
    response = client.get(target)
    assert response.status_code == 302 and response["Location"].startswith(reverse("core:login"))

    session_before = client.cookies.get("sessionid")
    response = client.post(reverse("core:login"), {"email": "Berit@Example.org", "password": PASSWORD, "next": target})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:otp"))
    assert client.cookies["sessionid"].value != (session_before.value if session_before else None)

    # Without the second factor the register stays closed.
    assert client.get(target)["Location"].startswith(reverse("core:otp"))

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert page.context["setting_up"] is True
    assert page.context["qr_data_uri"].startswith("data:image/svg+xml;base64,")
    device = TOTPDevice.objects.get(user=staff, confirmed=False)

    wrong = client.post(response["Location"], {"token": "000000" if current_code(device) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert "token" in wrong.context["form"].errors

    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    done = client.post(response["Location"], {"token": current_code(device)})
    assert done.status_code == 302
    assert done["Location"] == target
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(target).status_code == 200
    with scopes_disabled():
        kinds = list(AuditEntry.objects.filter(actor=staff).values_list("action", flat=True))
    assert {"core.login.password", "core.otp.setup", "core.login.otp"} <= set(kinds)


def test_second_sign_in_asks_for_the_code_only(client: Client, staff) -> None:  # type: ignore[no-untyped-def]
    device = TOTPDevice.objects.create(user=staff, name="app", confirmed=True)
    client.post(reverse("core:login"), {"email": staff.email, "password": PASSWORD})
    page = client.get(reverse("core:otp"))
    assert page.context["setting_up"] is False
    assert "qr_data_uri" not in page.context
    response = client.post(reverse("core:otp"), {"token": current_code(device)})
    assert response.status_code == 302


def test_wrong_password_is_refused_and_audited(client: Client, staff) -> None:  # type: ignore[no-untyped-def]
    response = client.post(reverse("core:login"), {"email": staff.email, "password": "nope"})
    assert response.status_code == 200
    assert "E-Mail oder Passwort ist falsch." in response.content.decode() or response.context["form"].errors
    assert "_auth_user_id" not in client.session
    with scopes_disabled():
        assert AuditEntry.objects.filter(kind=AuditEntry.Kind.LOGIN_FAILED).exists()


def test_bad_input_on_login_form_gives_messages(client: Client, db) -> None:  # type: ignore[no-untyped-def]
    response = client.post(reverse("core:login"), {"email": "not-an-email", "password": ""})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "email" in errors and "password" in errors


@pytest.mark.security
def test_login_is_throttled_after_five_failures(client: Client, staff) -> None:  # type: ignore[no-untyped-def]
    for _ in range(5):
        client.post(reverse("core:login"), {"email": staff.email, "password": "wrong"}, REMOTE_ADDR="10.9.9.9")
    response = client.post(reverse("core:login"), {"email": staff.email, "password": PASSWORD}, REMOTE_ADDR="10.9.9.9")
    assert response.status_code in {403, 429}
    assert "_auth_user_id" not in client.session


@pytest.mark.security
def test_open_redirect_is_refused(client: Client, staff) -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        reverse("core:login"), {"email": staff.email, "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert "evil.example" not in response["Location"]


def test_idle_session_expires(client: Client, staff, centre, login, settings) -> None:  # type: ignore[no-untyped-def]
    login(staff)
    url = reverse("core:dashboard", kwargs={"centre": centre.slug})
    assert client.get(url).status_code == 200
    session = client.session
    session[SESSION_LAST_SEEN] = int(time.time()) - settings.SESSION_IDLE_SECONDS - 5
    session.save()
    response = client.get(url)
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_absolute_session_limit(client: Client, staff, centre, login, settings) -> None:  # type: ignore[no-untyped-def]
    login(staff)
    url = reverse("core:dashboard", kwargs={"centre": centre.slug})
    client.get(url)
    session = client.session
    session[SESSION_LOGIN_AT] = int(time.time()) - settings.SESSION_ABSOLUTE_SECONDS - 5
    session.save()
    assert client.get(url).status_code == 302
    assert "_auth_user_id" not in client.session


def test_disabled_account_is_signed_out(client: Client, staff, centre, login) -> None:  # type: ignore[no-untyped-def]
    login(staff)
    url = reverse("core:dashboard", kwargs={"centre": centre.slug})
    assert client.get(url).status_code == 200
    staff.is_active = False
    staff.save()
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("core:login"))


def test_deactivated_membership_closes_the_centre(client: Client, staff, centre, login) -> None:  # type: ignore[no-untyped-def]
    login(staff)
    staff.memberships.update(is_active=False)
    assert client.get(reverse("core:dashboard", kwargs={"centre": centre.slug})).status_code == 404


def test_person_in_two_centres_has_different_roles(client: Client, centre, other_centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    from anlaufstelle.core.models import Membership

    person = member_factory(centre, Role.EDITOR)
    Membership.objects.create(user=person, centre=other_centre, role=Role.VOLUNTEER)
    login(person)
    assert client.get(reverse("core:page_languages", kwargs={"centre": centre.slug})).status_code == 200
    assert client.get(reverse("core:page_languages", kwargs={"centre": other_centre.slug})).status_code == 403
    home = client.get(reverse("core:home"))
    assert home.status_code == 200
    assert {c.slug for c in home.context["centres"]} == {centre.slug, other_centre.slug}


def test_password_rules(db) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ["short", "password1234", "123456789012"]:
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("Lange-sichere-Passphrase-2026")


def test_next_keeps_its_whole_query_string(client: Client, staff) -> None:  # type: ignore[no-untyped-def]
    from urllib.parse import parse_qs, urlsplit

    target = "/musterstadt/intern/partner/?q=a&kind=school"
    response = client.post(reverse("core:login"), {"email": staff.email, "password": PASSWORD, "next": target})
    assert parse_qs(urlsplit(response["Location"]).query)["next"] == [target]


@pytest.mark.security
def test_password_reset_mails_an_address_a_few_times_only(client: Client, staff) -> None:  # type: ignore[no-untyped-def]
    """17 requests for one address (from changing clients) send at most three mails, and every
    answer is the same "sent" page, limited or not (issue 20, item 4)."""
    from django.core import mail

    url = reverse("core:password_reset")
    answers = set()
    for n in range(17):
        response = client.post(url, {"email": staff.email.upper()}, REMOTE_ADDR=f"10.0.0.{n}")
        answers.add((response.status_code, response["Location"]))
    assert answers == {(302, reverse("core:password_reset_sent"))}
    assert 1 <= len(mail.outbox) <= 3


@pytest.mark.security
def test_password_reset_limits_one_client_asking_for_many_addresses(client: Client, staff) -> None:  # type: ignore[no-untyped-def]
    from django.core import mail

    url = reverse("core:password_reset")
    statuses = [
        client.post(url, {"email": f"person{n}@example.org"}, REMOTE_ADDR="10.9.9.9").status_code for n in range(30)
    ]
    assert statuses[0] == 302 and statuses[-1] == 429
    limited = client.post(url, {"email": staff.email}, REMOTE_ADDR="10.9.9.9")
    assert limited.status_code == 429 and mail.outbox == []
    assert "core/account/password_reset.html" in [t.name for t in limited.templates]
    # Another client is not affected.
    assert client.post(url, {"email": staff.email}, REMOTE_ADDR="10.1.1.1").status_code == 302
    assert len(mail.outbox) == 1

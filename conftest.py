"""Shared pytest fixtures: two centres, a user per role, signed-in clients with a second factor."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_scopes import scopes_disabled
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from anlaufstelle.core.models import Centre, Membership, User
from anlaufstelle.core.roles import Role
from anlaufstelle.core.tests.factories import CentreFactory, UserFactory

# Property tests judge correctness, not the machine's speed: on a busy two-core CI machine a
# database-backed example can take longer than Hypothesis' default 200 ms deadline.
hypothesis_settings.register_profile(
    "anlaufstelle", deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
hypothesis_settings.load_profile("anlaufstelle")

# Browser fixtures (Debian's Chromium via Playwright) for every app's browser tests.
pytest_plugins = ["anlaufstelle.core.tests.browser"]


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Each test starts with an empty cache (search vocabulary, directory stamps)."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Every test starts in German: a request in another language must not leak into the next."""
    from django.utils import translation

    with translation.override("de"):
        yield


@pytest.fixture
def unscoped() -> Iterator[None]:
    with scopes_disabled():
        yield


@pytest.fixture
def centre(db) -> Centre:  # type: ignore[no-untyped-def]
    return CentreFactory(slug="musterstadt", name="KI Musterstadt")


@pytest.fixture
def other_centre(db) -> Centre:  # type: ignore[no-untyped-def]
    return CentreFactory(slug="beispielland", name="KI Kreis Beispielland", kind=Centre.Kind.DISTRICT)


def verify(client: Client, user: User) -> TOTPDevice:
    """Sign `user` in with a confirmed TOTP device, as if both factors had been given."""
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return device


@pytest.fixture
def member_factory(db) -> Callable[..., User]:  # type: ignore[no-untyped-def]
    def make(centre: Centre, role: str = Role.CENTRE_ADMIN, **kwargs: object) -> User:
        user = UserFactory(**kwargs)
        Membership.objects.create(user=user, centre=centre, role=role, full_name=user.full_name)
        return user

    return make


@pytest.fixture
def login(client: Client) -> Callable[[User], Client]:
    def do(user: User) -> Client:
        verify(client, user)
        return client

    return do


@pytest.fixture
def admin_client(centre: Centre, member_factory, login) -> Client:  # type: ignore[no-untyped-def]
    return login(member_factory(centre, Role.CENTRE_ADMIN))

"""Checks of one app's permission table, shared by every app's test_permissions.py.

The URL matrix (test_url_matrix) walks every URL for every role; these checks read the same catalogue
(url_catalogue.CATALOGUE) per app, so the per-app tests add no second list of URLs.
"""

from __future__ import annotations

from typing import Any

from django.test import Client
from django_scopes import scopes_disabled

from anlaufstelle.core.models import BackgroundJob, Centre, Membership
from anlaufstelle.core.roles import ALL_ROLES, PERMISSIONS
from anlaufstelle.core.tests.factories import UserFactory
from anlaufstelle.core.tests.url_catalogue import CATALOGUE, make_objects, url_of
from conftest import verify


def app_permissions(app: str) -> dict[str, frozenset[str]]:
    return {codename: roles for codename, roles in PERMISSIONS.items() if codename.startswith(f"{app}.")}


def check_table(app: str, expected: set[str]) -> None:
    """The app registers exactly `expected`; every codename names roles that exist; every one guards a URL."""
    table = app_permissions(app)
    assert set(table) == expected
    guarded = {permission for _builder, permission, _status in CATALOGUE.values()}
    for codename, roles in table.items():
        assert roles, f"{codename} is held by nobody"
        assert roles <= ALL_ROLES, f"{codename} names unknown roles {roles - ALL_ROLES}"
        assert codename in guarded, f"{codename} guards no URL of the catalogue"


def check_deny_by_default(app: str, client: Client, centre: Centre) -> list[str]:
    """Each of the app's URLs, asked by a role its permission does not list: 403 in the own centre.

    Returns the failures (empty when all answered 403). One role per permission: the first not listed.
    """
    objects = make_objects(centre)
    with scopes_disabled():
        objects.job = BackgroundJob.objects.create(centre=centre, kind="test", title="Test")
    failures: list[str] = []
    for codename, holders in sorted(app_permissions(app).items()):
        outsiders = sorted(ALL_ROLES - holders)
        if not outsiders:
            continue
        role = outsiders[0]
        user: Any = UserFactory()
        with scopes_disabled():
            Membership.objects.create(user=user, centre=centre, role=role)
        verify(client, user)
        for name, (_builder, permission, _status) in CATALOGUE.items():
            if permission != codename:
                continue
            url = url_of(name, objects)
            status = client.get(url).status_code
            if status != 403:
                failures.append(f"{role} GET {url} ({codename}): {status}, expected 403")
    return failures

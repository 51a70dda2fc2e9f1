"""The library permission table: codenames, roles that exist, deny by default (the URL matrix walks
every role over every URL)."""

from __future__ import annotations

import pytest
from django.test import Client

from anlaufstelle.core.roles import PERMISSIONS, Role
from anlaufstelle.core.tests.permission_checks import check_deny_by_default, check_table

APP = "library"


def test_every_codename_maps_to_roles_that_exist_and_guards_a_url() -> None:
    check_table(APP, {"library.manage"})


def test_librarians_are_staff() -> None:
    assert Role.CASEWORKER in PERMISSIONS["library.manage"]
    for role in (Role.PARTNER, Role.VOLUNTEER, Role.SCHOOL_CONTACT, Role.STATE_ANALYST):
        assert role not in PERMISSIONS["library.manage"]


@pytest.mark.django_db
def test_a_role_not_listed_is_refused_with_403(client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    failures = check_deny_by_default(APP, client, centre)
    assert not failures, "\n".join(failures)

"""The networks permission table: codenames, roles that exist, deny by default (the URL matrix walks
every role over every URL)."""

from __future__ import annotations

import pytest
from django.test import Client

from anlaufstelle.core.roles import PERMISSIONS, Role
from anlaufstelle.core.tests.permission_checks import check_deny_by_default, check_table

APP = "networks"


def test_every_codename_maps_to_roles_that_exist_and_guards_a_url() -> None:
    check_table(APP, {"networks.view", "networks.manage"})


def test_partners_schools_and_volunteers_see_no_network() -> None:
    for role in (Role.PARTNER, Role.SCHOOL_CONTACT, Role.SCHOOL_AUTHORITY, Role.VOLUNTEER, Role.STATE_ANALYST):
        assert role not in PERMISSIONS["networks.view"]
        assert role not in PERMISSIONS["networks.manage"]
    assert PERMISSIONS["networks.manage"] <= PERMISSIONS["networks.view"]


@pytest.mark.django_db
def test_a_role_not_listed_is_refused_with_403(client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    failures = check_deny_by_default(APP, client, centre)
    assert not failures, "\n".join(failures)

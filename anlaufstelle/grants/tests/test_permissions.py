"""The grants permission table (grants/permissions.py): codenames, roles that exist, deny by default.

The URL matrix walks every role over every URL; these tests check the table itself: only grants
officers review, decide and pay, only partners apply, and not even a centre admin can stand in.
"""

from __future__ import annotations

import pytest
from django.test import Client

from anlaufstelle.core.roles import PERMISSIONS, STAFF_ROLES, Role
from anlaufstelle.core.tests.permission_checks import check_deny_by_default, check_table

APP = "grants"
OFFICER_ONLY = ("grants.manage", "grants.review", "grants.decide", "grants.pay")


def test_every_codename_maps_to_roles_that_exist_and_guards_a_url() -> None:
    check_table(APP, {"grants.view", "grants.apply", *OFFICER_ONLY})


def test_four_eyes_work_is_the_officers_alone() -> None:
    for codename in OFFICER_ONLY:
        assert PERMISSIONS[codename] == {Role.GRANTS_OFFICER}
    assert PERMISSIONS["grants.apply"] == {Role.PARTNER}
    assert PERMISSIONS["grants.view"] == STAFF_ROLES


@pytest.mark.django_db
def test_a_role_not_listed_is_refused_with_403(client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    failures = check_deny_by_default(APP, client, centre)
    assert not failures, "\n".join(failures)

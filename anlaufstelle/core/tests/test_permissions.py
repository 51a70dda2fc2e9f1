"""The core permission table (core.roles): codenames, roles that exist, deny by default.

Which role may open which URL is walked for every role by the URL matrix; these tests check the
table itself and that a role the table does not list is refused every one of the app's URLs.
"""

from __future__ import annotations

import pytest
from django.test import Client

from anlaufstelle.core.roles import ALL_ROLES, PERMISSIONS, permissions_of, roles_with
from anlaufstelle.core.tests.permission_checks import check_deny_by_default, check_table

APP = "core"


def test_every_codename_maps_to_roles_that_exist_and_guards_a_url() -> None:
    check_table(
        APP,
        {
            "core.edit_centre",
            "core.edit_public_page",
            "core.manage_members",
            "core.manage_team",
            "core.view_audit_trail",
            "core.view_internal_area",
            "core.view_jobs",
        },
    )


@pytest.mark.django_db
def test_a_role_not_listed_is_refused_with_403(client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    failures = check_deny_by_default(APP, client, centre)
    assert not failures, "\n".join(failures)


def test_an_unknown_codename_is_an_error_not_a_silent_answer() -> None:
    with pytest.raises(LookupError):
        roles_with("core.no_such_permission")


def test_a_role_holds_only_what_the_tables_list() -> None:
    for role in ALL_ROLES:
        held = permissions_of({role})
        assert held == {codename for codename, roles in PERMISSIONS.items() if role in roles}, role

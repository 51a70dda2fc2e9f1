"""The newcomers permission table (newcomers/permissions.py): codenames, roles that exist, deny by default.

Which role may open which URL is walked for every role by the URL matrix; these tests check the
table itself and that a role the table does not list is refused every one of the app's URLs.
"""

from __future__ import annotations

import pytest
from django.test import Client

from anlaufstelle.core.tests.permission_checks import check_deny_by_default, check_table

APP = "newcomers"


def test_every_codename_maps_to_roles_that_exist_and_guards_a_url() -> None:
    check_table(
        APP,
        {
            "newcomers.change_families",
            "newcomers.choose_policy",
            "newcomers.decide_placements",
            "newcomers.handover",
            "newcomers.manage_appointments",
            "newcomers.manage_rules",
            "newcomers.manage_seats",
            "newcomers.run_placement",
            "newcomers.school_placements",
            "newcomers.view_families",
            "newcomers.view_figures",
        },
    )


@pytest.mark.django_db
def test_a_role_not_listed_is_refused_with_403(client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    failures = check_deny_by_default(APP, client, centre)
    assert not failures, "\n".join(failures)

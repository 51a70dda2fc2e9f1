"""The programmes permission table: codenames, roles that exist, deny by default (the URL matrix walks
every role over every URL)."""

from __future__ import annotations

import pytest
from django.test import Client

from anlaufstelle.core.roles import PERMISSIONS, Role
from anlaufstelle.core.tests.permission_checks import check_deny_by_default, check_table

APP = "programmes"


def test_every_codename_maps_to_roles_that_exist_and_guards_a_url() -> None:
    check_table(APP, {"programmes.manage", "programmes.record_sessions", "programmes.view_figures"})


def test_site_contacts_record_but_do_not_manage() -> None:
    for role in (Role.SCHOOL_CONTACT,):
        assert role in PERMISSIONS["programmes.record_sessions"]
        assert role not in PERMISSIONS["programmes.manage"]
        assert role not in PERMISSIONS["programmes.view_figures"]
    assert Role.STATE_ANALYST in PERMISSIONS["programmes.view_figures"]
    assert Role.VOLUNTEER not in PERMISSIONS["programmes.record_sessions"]


@pytest.mark.django_db
def test_a_role_not_listed_is_refused_with_403(client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    failures = check_deny_by_default(APP, client, centre)
    assert not failures, "\n".join(failures)

"""core.selectors: what each read returns, and that another centre's rows never appear."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from anlaufstelle.core.audit import audit_record
from anlaufstelle.core.models import AuditEntry, Membership
from anlaufstelle.core.roles import Role
from anlaufstelle.core.selectors import audit_entries, user_centres
from anlaufstelle.core.tests.factories import CentreFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_user_centres_are_the_active_centres_with_an_active_role(centre, other_centre) -> None:  # type: ignore[no-untyped-def]
    user = UserFactory()
    closed = CentreFactory(slug="geschlossen", is_active=False)
    left = CentreFactory(slug="verlassen")
    with scopes_disabled():
        Membership.objects.create(user=user, centre=centre, role=Role.EDITOR)
        Membership.objects.create(user=user, centre=centre, role=Role.CASEWORKER)
        Membership.objects.create(user=user, centre=closed, role=Role.EDITOR)
        Membership.objects.create(user=user, centre=left, role=Role.EDITOR, is_active=False)
        Membership.objects.create(user=UserFactory(), centre=other_centre, role=Role.EDITOR)
    assert user_centres(user=user) == [centre]
    assert user_centres(user=UserFactory()) == []


def test_audit_entries_are_the_centres_own_newest_first_and_filtered(centre, other_centre) -> None:  # type: ignore[no-untyped-def]
    actor = UserFactory(email="erika.muster@example.org")
    with scopes_disabled():
        first = audit_record(actor=actor, centre=centre, kind=AuditEntry.Kind.CREATE, action="x.create")
        second = audit_record(actor=None, centre=centre, kind=AuditEntry.Kind.READ, action="x.view")
        audit_record(actor=actor, centre=other_centre, kind=AuditEntry.Kind.CREATE, action="x.create")
        assert list(audit_entries(centre=centre)) == [second, first]
        assert list(audit_entries(centre=centre, kind=AuditEntry.Kind.CREATE)) == [first]
        assert list(audit_entries(centre=centre, actor="erika")) == [first]
        today = timezone.localdate()
        assert list(audit_entries(centre=centre, date_from=today, date_to=today)) == [second, first]
        assert list(audit_entries(centre=centre, date_to=today - datetime.timedelta(days=1))) == []
        assert list(audit_entries(centre=centre, date_from=today + datetime.timedelta(days=1))) == []
        assert all(entry.centre_id == centre.pk for entry in audit_entries(centre=centre))

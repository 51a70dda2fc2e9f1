"""Programmes hand-offs and the start page: a new group is told to its site's contacts, an agreement
running out to the coordinators; unrecorded sessions are counted for whoever records them."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django.utils.translation import gettext
from django_scopes import scopes_disabled

from anlaufstelle.core.access import permissions_in
from anlaufstelle.core.models import Membership
from anlaufstelle.core.roles import Role
from anlaufstelle.partners.tests.factories import OrganisationFactory
from anlaufstelle.programmes import actions
from anlaufstelle.programmes.due import due
from anlaufstelle.programmes.models import Session
from anlaufstelle.programmes.tests.factories import make_group, make_programme, make_site
from anlaufstelle.programmes.tests.test_actions import _group_data
from anlaufstelle.workspace.models import Notification

pytestmark = pytest.mark.django_db


def _contact(member_factory, centre, organisation):  # type: ignore[no-untyped-def]
    user = member_factory(centre, Role.SCHOOL_CONTACT)
    Membership.objects.filter(user=user, centre=centre).update(organisation=organisation)
    return user


def _kinds(user) -> list[str]:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def _counts(user, centre) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        return {str(i.label): i.count for i in due(user=user, centre=centre, permissions=permissions_in(user, centre))}


def test_a_new_group_is_told_to_its_sites_contacts_only(centre, other_centre, member_factory) -> None:  # type: ignore[no-untyped-def]
    coordinator = member_factory(centre, Role.CASEWORKER)
    with scopes_disabled():
        site = make_site(make_programme(centre))
        ours = _contact(member_factory, centre, site.organisation)
        elsewhere = _contact(member_factory, centre, OrganisationFactory(centre=centre))
        group = actions.group_save(centre=centre, actor=coordinator, data=_group_data(site))
        actions.group_save(centre=centre, actor=coordinator, data=_group_data(site), group=group)  # a change: no news
    assert _kinds(ours) == ["programmes.group_started"]
    assert _kinds(elsewhere) == [] and _kinds(coordinator) == []


def test_agreement_running_out_reaches_the_message_list(centre, member_factory) -> None:  # type: ignore[no-untyped-def]
    coordinator = member_factory(centre, Role.CASEWORKER)
    contact = member_factory(centre, Role.SCHOOL_CONTACT)
    with scopes_disabled():
        make_site(make_programme(centre), agreement_valid_until=datetime.date(2027, 3, 1))
        assert actions.remind_agreement_renewals(today=datetime.date(2027, 1, 15)) == 1
    assert _kinds(coordinator) == ["programmes.agreement_ending"]
    assert _kinds(contact) == []


def test_start_page_counts_unrecorded_sessions_per_person(
    centre, member_factory, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    coordinator = member_factory(centre, Role.CASEWORKER)
    past = timezone.localdate() - datetime.timedelta(days=3)
    with scopes_disabled():
        site = make_site(make_programme(centre), agreement_valid_until=timezone.localdate())
        other_site = make_site(site.programme)
        ours = _contact(member_factory, centre, site.organisation)
        for s, n in ((site, 2), (other_site, 3)):
            group = make_group(s)
            for i in range(n):
                Session.objects.create(centre=centre, group=group, date=past - datetime.timedelta(days=7 * i))
            Session.objects.create(centre=centre, group=group, date=timezone.localdate() + datetime.timedelta(days=5))
    unrecorded = gettext("sessions past their day and not yet recorded")
    assert _counts(coordinator, centre)[unrecorded] == 5
    assert _counts(coordinator, centre)[gettext("site agreements running out within 60 days")] == 1
    assert _counts(ours, centre) == {unrecorded: 2}
    with scopes_disabled(), django_assert_max_num_queries(4):
        due(user=coordinator, centre=centre, permissions=permissions_in(coordinator, centre))

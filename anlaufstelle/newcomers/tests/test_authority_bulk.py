"""The school authority decides several proposals at once: a sortable table, a confirmation, a per-row report."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from anlaufstelle.core.models import Membership
from anlaufstelle.core.roles import Role
from anlaufstelle.newcomers.models import Child, Placement
from anlaufstelle.newcomers.tests.factories import ChildFactory, SchoolFactory, SeatQuotaFactory
from anlaufstelle.workspace.models import Notification
from conftest import verify

pytestmark = pytest.mark.django_db


def _url(centre, name):
    return reverse(f"newcomers:{name}", kwargs={"centre": centre.slug})


def _proposals(centre, school, n, seats=10, **child):
    with scopes_disabled():
        quota = SeatQuotaFactory(centre=centre, school=school, seats=seats)
        made = []
        for i in range(n):
            c = ChildFactory(
                family__centre=centre,
                centre=centre,
                stage=Child.Stage.PLACEMENT_PROPOSED,
                registered_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=i),
                **child,
            )
            made.append(Placement.objects.create(centre=centre, child=c, quota=quota, status=Placement.Status.PROPOSED))
        return made


@pytest.fixture
def schulamt(client, centre, member_factory):
    verify(client, member_factory(centre, Role.SCHOOL_AUTHORITY))
    return client


def test_the_table_lists_the_proposals_and_sorts_them(schulamt, centre):
    with scopes_disabled():
        near, far = SchoolFactory(centre=centre, name="Alpha-Schule"), SchoolFactory(centre=centre, name="Zeta-Schule")
    a = _proposals(centre, far, 1)[0]
    b = _proposals(centre, near, 1)[0]
    with scopes_disabled():
        Placement.objects.filter(pk=a.pk).update(distance_km=5.0)
        Placement.objects.filter(pk=b.pk).update(distance_km=1.0)
    response = schulamt.get(_url(centre, "authority_table"))
    assert response.status_code == 200
    assert [p.pk for p, _why, _age in response.context["rows"]] == [a.pk, b.pk]  # longest waiting first
    by_school = schulamt.get(_url(centre, "authority_table"), {"sort": "school"})
    assert [p.pk for p, _why, _age in by_school.context["rows"]] == [b.pk, a.pk]
    by_distance = schulamt.get(_url(centre, "authority_table"), {"sort": "distance"})
    assert [p.pk for p, _why, _age in by_distance.context["rows"]] == [b.pk, a.pk]
    assert b'type="checkbox"' in response.content
    assert b"<script" not in response.content.split(b"<main")[-1]


def test_choosing_asks_first_and_changes_nothing(schulamt, centre):
    with scopes_disabled():
        school = SchoolFactory(centre=centre)
    proposals = _proposals(centre, school, 3)
    response = schulamt.get(
        _url(centre, "authority_bulk"), {"verb": "approve", "placement": [p.pk for p in proposals[:2]]}
    )
    assert response.status_code == 200
    assert [p.pk for p in response.context["rows"]] == [p.pk for p in proposals[:2]]
    assert school.name.encode() in response.content
    assert _url(centre, "authority_bulk_approve").encode() in response.content
    with scopes_disabled():
        assert set(Placement.objects.values_list("status", flat=True)) == {Placement.Status.PROPOSED}


def test_approving_several_goes_through_the_single_approval_and_tells_the_school(schulamt, centre, member_factory):
    with scopes_disabled():
        school = SchoolFactory(centre=centre)
    contact = member_factory(centre, Role.SCHOOL_CONTACT)
    Membership.objects.filter(user=contact).update(organisation=school)
    proposals = _proposals(centre, school, 3)
    response = schulamt.post(_url(centre, "authority_bulk_approve"), {"placement": [p.pk for p in proposals[:2]]})
    assert response.status_code == 200
    assert response.context["done"] == 2
    with scopes_disabled():
        statuses = dict(Placement.objects.values_list("pk", "status"))
        assert statuses == {
            proposals[0].pk: Placement.Status.APPROVED,
            proposals[1].pk: Placement.Status.APPROVED,
            proposals[2].pk: Placement.Status.PROPOSED,
        }
        assert Notification.objects.filter(recipient=contact, kind="newcomers.placement_approved").count() == 2
    # The school's start page shows the two children to confirm.
    verify(schulamt, contact)
    start = schulamt.get(reverse("core:dashboard", kwargs={"centre": centre.slug}))
    due = {item.url: item.count for items in start.context["groups"].values() for item in items}
    assert due[_url(centre, "school")] == 2


def test_a_seat_gone_meanwhile_is_reported_per_row_and_the_others_are_approved(schulamt, centre):
    with scopes_disabled():
        school = SchoolFactory(centre=centre)
    proposals = _proposals(centre, school, 3, seats=2)
    response = schulamt.post(_url(centre, "authority_bulk_approve"), {"placement": [p.pk for p in proposals]})
    report = response.context["report"]
    assert [bool(problem) for _p, problem in report] == [False, False, True]
    assert response.context["done"] == 2
    assert b'data-ok="no"' in response.content


def test_returning_needs_a_reason_and_tells_the_caseworkers(schulamt, centre, member_factory):
    with scopes_disabled():
        school = SchoolFactory(centre=centre)
    caseworker = member_factory(centre, Role.CASEWORKER)
    proposals = _proposals(centre, school, 2)
    ids = [p.pk for p in proposals]
    confirm = schulamt.get(_url(centre, "authority_bulk"), {"verb": "return", "placement": ids})
    assert confirm.context["form"] is not None
    schulamt.post(_url(centre, "authority_bulk_return"), {"placement": ids, "reason": ""})
    with scopes_disabled():
        assert set(Placement.objects.values_list("status", flat=True)) == {Placement.Status.PROPOSED}
    response = schulamt.post(_url(centre, "authority_bulk_return"), {"placement": ids, "reason": "Bitte Klasse 5"})
    assert response.context["done"] == 2
    with scopes_disabled():
        assert set(Placement.objects.values_list("status", flat=True)) == {Placement.Status.WITHDRAWN}
        assert set(Placement.objects.values_list("decision_note", flat=True)) == {"Bitte Klasse 5"}
        assert Child.objects.filter(stage=Child.Stage.PLACEMENT_PROPOSED).count() == 0
        assert Notification.objects.filter(recipient=caseworker, kind="newcomers.placement_returned").count() == 2


def test_another_centres_proposals_are_left_out(schulamt, centre, other_centre):
    with scopes_disabled():
        foreign = _proposals(other_centre, SchoolFactory(centre=other_centre), 1)[0]
    response = schulamt.post(_url(centre, "authority_bulk_approve"), {"placement": [foreign.pk]})
    assert response.context["report"] == []
    with scopes_disabled():
        assert Placement.objects.get(pk=foreign.pk).status == Placement.Status.PROPOSED
    confirm = schulamt.get(_url(centre, "authority_bulk"), {"verb": "approve", "placement": [foreign.pk]})
    assert confirm.status_code == 302


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.SCHOOL_CONTACT, Role.CENTRE_ADMIN])
def test_only_the_school_authority_may_decide(client, centre, member_factory, role):
    with scopes_disabled():
        proposal = _proposals(centre, SchoolFactory(centre=centre), 1)[0]
    verify(client, member_factory(centre, role))
    assert client.get(_url(centre, "authority_table")).status_code == 403
    assert client.post(_url(centre, "authority_bulk_approve"), {"placement": [proposal.pk]}).status_code == 403
    with scopes_disabled():
        assert Placement.objects.get(pk=proposal.pk).status == Placement.Status.PROPOSED

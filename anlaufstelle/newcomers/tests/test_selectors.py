"""newcomers.selectors: what each read returns, and that another centre's rows never appear."""

from __future__ import annotations

import datetime

import pytest
from django_scopes import scopes_disabled

from anlaufstelle.newcomers import selectors
from anlaufstelle.newcomers.models import Family, Placement
from anlaufstelle.newcomers.tests.factories import ChildFactory, SeatQuotaFactory

pytestmark = pytest.mark.django_db


def test_the_worklist_is_the_centres_open_children_longest_waiting_first(centre, other_centre) -> None:  # type: ignore[no-untyped-def]
    today = datetime.date.today()
    with scopes_disabled():
        newer = ChildFactory(family__centre=centre, registered_on=today - datetime.timedelta(days=3))
        older = ChildFactory(family__centre=centre, registered_on=today - datetime.timedelta(days=90))
        ChildFactory(family__centre=other_centre, registered_on=today - datetime.timedelta(days=400))
        page = selectors.worklist(centre=centre)
        assert [item.child for item in page.object_list] == [older, newer]
        assert [item.child for item in selectors.worklist(centre=centre, text=newer.first_name).object_list] == [newer]


def test_family_get_refuses_a_foreign_family(centre, other_centre) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        own = ChildFactory(family__centre=centre)
        foreign = ChildFactory(family__centre=other_centre)
        family = selectors.family_get(centre=centre, pk=own.family_id)
        assert list(family.children.all()) == [own]
        with pytest.raises(Family.DoesNotExist):
            selectors.family_get(centre=centre, pk=foreign.family_id)


def test_quotas_count_proposed_and_taken_seats_of_the_own_centre(centre, other_centre) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        quota = SeatQuotaFactory(school__centre=centre)
        SeatQuotaFactory(school__centre=other_centre)
        for status in [Placement.Status.PROPOSED, Placement.Status.PROPOSED, Placement.Status.APPROVED]:
            Placement.objects.create(
                centre=centre, child=ChildFactory(family__centre=centre), quota=quota, status=status
            )
        [counted] = selectors.quotas_with_counts(centre=centre)
        assert counted == quota
        assert (counted.proposed, counted.taken) == (2, 1)
        assert list(selectors.quotas_with_counts(centre=centre, school_id=quota.school_id + 999)) == []


def test_placements_for_the_own_centre_by_status_and_school(centre, other_centre) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        quota = SeatQuotaFactory(school__centre=centre)
        other_quota = SeatQuotaFactory(school__centre=other_centre)
        proposed = Placement.objects.create(
            centre=centre, child=ChildFactory(family__centre=centre), quota=quota, status=Placement.Status.PROPOSED
        )
        Placement.objects.create(
            centre=centre, child=ChildFactory(family__centre=centre), quota=quota, status=Placement.Status.DRAFT
        )
        Placement.objects.create(
            centre=other_centre,
            child=ChildFactory(family__centre=other_centre),
            quota=other_quota,
            status=Placement.Status.PROPOSED,
        )
        status = [Placement.Status.PROPOSED]
        assert list(selectors.placements_for(centre=centre, status=status)) == [proposed]
        assert list(selectors.placements_for(centre=centre, status=status, school_id=quota.school_id)) == [proposed]
        assert list(selectors.placements_for(centre=centre, status=status, school_id=other_quota.school_id)) == []

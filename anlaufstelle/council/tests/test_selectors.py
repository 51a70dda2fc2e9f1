"""Council selectors and the `.public()` filters: what staff pages and the public see."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from anlaufstelle.council import selectors
from anlaufstelle.council.models import AgendaItem, File, FollowUp, Membership, Paper, Person
from anlaufstelle.council.tests.factories import PaperFactory, make_council

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped")]


@pytest.fixture
def council(centre):  # type: ignore[no-untyped-def]
    return make_council(centre)


def test_public_filters_hide_non_public_items_their_papers_files_and_unconsented_persons(council) -> None:  # type: ignore[no-untyped-def]
    assert set(AgendaItem.objects.public()) == {council.item}
    assert set(Paper.objects.public()) == {council.paper}
    assert set(File.objects.public()) == {council.file}
    assert council.unconsented not in Person.objects.public()
    assert council.secret_seat not in Membership.objects.public()


def test_a_paper_marked_internal_is_not_public_even_on_a_public_item(council) -> None:  # type: ignore[no-untyped-def]
    Paper.objects.filter(pk=council.paper.pk).update(public=False)
    assert not Paper.objects.public().exists()
    assert not File.objects.public().exists()


def test_public_meeting_loads_only_public_items_and_papers(council) -> None:  # type: ignore[no-untyped-def]
    meeting = selectors.public_meeting(centre=council.centre, pk=council.meeting.pk)
    assert [item.pk for item in meeting.agenda] == [council.item.pk]  # type: ignore[attr-defined]
    assert meeting.agenda[0].public_paper == council.paper  # type: ignore[attr-defined]


def test_body_overview_shows_current_seats_and_candidates(council) -> None:  # type: ignore[no-untyped-def]
    overview = selectors.body_overview(centre=council.centre, on=datetime.date(2026, 6, 1))
    by_pk = {committee.pk: committee for committee in overview.committees}
    assert {seat.pk for seat in by_pk[council.council.pk].current_seats} == {council.seat.pk, council.secret_seat.pk}  # type: ignore[attr-defined]
    assert [c.person for c in by_pk[council.electoral_list.pk].candidates.all()] == [council.candidate]
    Membership.objects.filter(pk=council.seat.pk).update(end_date=datetime.date(2026, 5, 1))
    overview = selectors.body_overview(centre=council.centre, on=datetime.date(2026, 6, 1))
    by_pk = {committee.pk: committee for committee in overview.committees}
    assert {seat.pk for seat in by_pk[council.council.pk].current_seats} == {council.secret_seat.pk}  # type: ignore[attr-defined]


def test_overdue_follow_ups(council) -> None:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    FollowUp.objects.create(
        centre=council.centre, agenda_item=council.item, task="spät", due_on=today - datetime.timedelta(days=1)
    )
    FollowUp.objects.create(
        centre=council.centre,
        agenda_item=council.item,
        task="erledigt",
        due_on=today - datetime.timedelta(days=1),
        status="done",
    )
    FollowUp.objects.create(
        centre=council.centre, agenda_item=council.item, task="bald", due_on=today + datetime.timedelta(days=3)
    )
    overdue = {f.task for f in selectors.follow_up_list(centre=council.centre, today=today, overdue_only=True)}
    assert "spät" in overdue and "erledigt" not in overdue and "bald" not in overdue


def test_paper_search_needs_every_word(council) -> None:  # type: ignore[no-untyped-def]
    PaperFactory(centre=council.centre, name="Sprachkurse für Eltern")
    names = {p.name for p in selectors.paper_list(centre=council.centre, text="Sprachkurse Eltern")}
    assert names == {"Sprachkurse für Eltern"}


def test_foreign_centre_objects_are_not_found(council, other_centre) -> None:  # type: ignore[no-untyped-def]
    foreign = make_council(other_centre)
    with pytest.raises(Paper.DoesNotExist):
        selectors.paper_get(centre=council.centre, pk=foreign.paper.pk)

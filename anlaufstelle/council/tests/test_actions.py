"""Council actions: the rules of the body (successors), meetings (states, agenda), outcomes,
follow-ups, papers (reference numbers) and files — each audited."""

from __future__ import annotations

import datetime
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled

from anlaufstelle.core.models import AuditEntry
from anlaufstelle.core.roles import Role
from anlaufstelle.council import actions
from anlaufstelle.council.actions import CouncilRefused
from anlaufstelle.council.models import (
    AgendaItem,
    Committee,
    Consultation,
    File,
    ListCandidate,
    Meeting,
    Membership,
    Paper,
)
from anlaufstelle.council.tests.factories import (
    PDF,
    CommitteeFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
    make_council,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped")]


@pytest.fixture
def clerk(centre, member_factory):  # type: ignore[no-untyped-def]
    return member_factory(centre, Role.COUNCIL_CLERK)


@pytest.fixture
def council(centre):  # type: ignore[no-untyped-def]
    return make_council(centre)


def _entries(action: str) -> int:
    with scopes_disabled():
        return AuditEntry.objects.filter(action=action).count()


def test_a_leaving_member_is_followed_by_the_next_candidate_of_the_list(council, clerk) -> None:  # type: ignore[no-untyped-def]
    second = PersonFactory(centre=council.centre, given_name="Zweite")
    ListCandidate.objects.create(
        centre=council.centre, electoral_list=council.electoral_list, person=second, position=2
    )
    successor = actions.membership_end(membership=council.seat, end_date=datetime.date(2026, 5, 31), actor=clerk)
    assert successor is not None
    assert successor.person == council.candidate  # position 1 comes first
    assert successor.start_date == datetime.date(2026, 6, 1)
    assert successor.on_behalf_of == council.electoral_list and successor.successor_of == council.seat
    council.seat.refresh_from_db()
    assert council.seat.end_date == datetime.date(2026, 5, 31)
    assert _entries("council.membership.move_up") == 1


def test_the_next_candidate_skips_those_who_already_hold_a_seat(council, clerk) -> None:  # type: ignore[no-untyped-def]
    MembershipFactory(centre=council.centre, person=council.candidate, committee=council.council)
    successor = actions.membership_end(membership=council.seat, end_date=datetime.date(2026, 5, 31), actor=clerk)
    assert successor is None  # the only candidate already sits in the council


def test_a_seat_not_won_on_a_list_has_no_successor(council, clerk) -> None:  # type: ignore[no-untyped-def]
    assert (
        actions.membership_end(membership=council.secret_seat, end_date=datetime.date(2026, 1, 1), actor=clerk) is None
    )


def test_a_seat_ends_once(council, clerk) -> None:  # type: ignore[no-untyped-def]
    actions.membership_end(membership=council.seat, end_date=datetime.date(2026, 5, 31), actor=clerk)
    with pytest.raises(CouncilRefused):
        actions.membership_end(membership=council.seat, end_date=datetime.date(2026, 6, 30), actor=clerk)
    assert Membership.objects.filter(successor_of=council.seat).count() == 1


def test_a_seat_cannot_end_before_it_starts(council, clerk) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CouncilRefused):
        actions.membership_end(membership=council.seat, end_date=datetime.date(2020, 1, 1), actor=clerk)


def test_membership_rules(council, clerk) -> None:  # type: ignore[no-untyped-def]
    data = {"person": council.member, "committee": council.council, "start_date": datetime.date(2026, 1, 1)}
    with pytest.raises(CouncilRefused):
        actions.membership_save(centre=council.centre, actor=clerk, data={**data, "deputy": council.member})
    with pytest.raises(CouncilRefused):
        actions.membership_save(centre=council.centre, actor=clerk, data={**data, "on_behalf_of": council.council})
    with pytest.raises(CouncilRefused):
        actions.membership_save(
            centre=council.centre, actor=clerk, data={**data, "end_date": datetime.date(2025, 1, 1)}
        )
    seat = actions.membership_save(centre=council.centre, actor=clerk, data={**data, "role": "deputy_chair"})
    assert seat.role == "deputy_chair" and _entries("council.membership.save") == 1


def test_objects_of_another_centre_cannot_be_linked(council, clerk, other_centre) -> None:  # type: ignore[no-untyped-def]
    foreign = PersonFactory(centre=other_centre)
    with pytest.raises(ValueError):
        actions.membership_save(
            centre=council.centre,
            actor=clerk,
            data={"person": foreign, "committee": council.council, "start_date": datetime.date(2026, 1, 1)},
        )


def test_working_groups_are_sub_bodies(council, clerk) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CouncilRefused):
        actions.committee_save(centre=council.centre, actor=clerk, data={"name": "AK", "kind": "working_group"})
    group = actions.committee_save(
        centre=council.centre,
        actor=clerk,
        data={"name": "AK Sport", "kind": "working_group", "parent": council.council},
    )
    assert group.parent == council.council


def test_person_audit_names_fields_not_values(council, clerk) -> None:  # type: ignore[no-untyped-def]
    actions.person_save(centre=council.centre, actor=clerk, data={"phone": "0211 123"}, person=council.member)
    entry = AuditEntry.objects.filter(action="council.person.save").get()
    assert entry.changes == {"fields": [None, ["phone"]]}
    assert "0211" not in str(entry.changes) and council.member.family_name not in entry.target_repr


def test_meeting_states_move_one_step_and_stop_after_approval(centre, clerk) -> None:  # type: ignore[no-untyped-def]
    meeting = MeetingFactory(committee=CommitteeFactory(centre=centre))
    with pytest.raises(CouncilRefused):  # nothing on the agenda yet
        actions.meeting_advance(meeting=meeting, actor=clerk)
    item = actions.agenda_item_save(meeting=meeting, actor=clerk, data={"name": "Begrüßung", "public": True})
    assert item.order == 1 and item.number == "1"
    assert actions.meeting_advance(meeting=meeting, actor=clerk).state == Meeting.State.INVITED
    assert actions.meeting_advance(meeting=meeting, actor=clerk).state == Meeting.State.HELD
    with pytest.raises(CouncilRefused):  # the item has no outcome
        actions.meeting_advance(meeting=meeting, actor=clerk)
    actions.agenda_item_record_outcome(item=item, actor=clerk, data={"result": "noted"})
    assert actions.meeting_advance(meeting=meeting, actor=clerk).state == Meeting.State.MINUTES_APPROVED
    with pytest.raises(CouncilRefused):
        actions.meeting_advance(meeting=meeting, actor=clerk)
    with pytest.raises(CouncilRefused):
        actions.agenda_item_record_outcome(item=item, actor=clerk, data={"result": "adopted"})
    assert _entries("council.meeting.advance") == 3


def test_lists_do_not_meet(council, clerk) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CouncilRefused):
        actions.meeting_save(
            centre=council.centre,
            actor=clerk,
            data={"committee": council.electoral_list, "name": "x", "start": council.meeting.start},
        )


def test_agenda_items_are_appended_in_order_and_consult_their_paper(council, clerk) -> None:  # type: ignore[no-untyped-def]
    paper = actions.paper_save(
        centre=council.centre,
        actor=clerk,
        data={"name": "Antrag", "paper_type": "motion", "date": datetime.date(2026, 2, 1)},
    )
    item = actions.agenda_item_save(
        meeting=council.meeting,
        actor=clerk,
        data={"name": "Antrag Liste", "public": True},
        paper=paper,
        role="information",
    )
    assert item.order == 3
    assert item.consultation.paper == paper and item.consultation.role == Consultation.Role.INFORMATION
    paper.refresh_from_db()
    assert paper.status == Paper.Status.SUBMITTED
    actions.agenda_item_save(meeting=council.meeting, actor=clerk, data={"name": "Ohne Vorlage"}, item=item)
    assert not Consultation.objects.filter(agenda_item=item).exists()


def test_outcome_rules_and_decided_paper(council, clerk) -> None:  # type: ignore[no-untyped-def]
    item = council.item
    with pytest.raises(CouncilRefused):
        actions.agenda_item_record_outcome(item=item, actor=clerk, data={"result": "deferred", "votes_yes": 3})
    with pytest.raises(CouncilRefused):
        actions.agenda_item_record_outcome(item=item, actor=clerk, data={"result": "rejected", "resolution_text": "x"})
    actions.agenda_item_record_outcome(
        item=item,
        actor=clerk,
        data={"result": "adopted", "votes_yes": 10, "votes_no": 1, "votes_abstain": 0, "resolution_text": "Ja."},
    )
    council.paper.refresh_from_db()
    assert council.paper.status == Paper.Status.DECIDED


def test_outcomes_wait_for_the_invitation(centre, clerk) -> None:  # type: ignore[no-untyped-def]
    meeting = MeetingFactory(committee=CommitteeFactory(centre=centre))
    item = actions.agenda_item_save(meeting=meeting, actor=clerk, data={"name": "x"})
    with pytest.raises(CouncilRefused):
        actions.agenda_item_record_outcome(item=item, actor=clerk, data={"result": "adopted"})


def test_deleting_an_item_keeps_it_marked(council, clerk) -> None:  # type: ignore[no-untyped-def]
    actions.agenda_item_delete(item=council.item, actor=clerk)
    council.item.refresh_from_db()
    assert council.item.deleted
    assert Consultation.objects.get(agenda_item=council.item).deleted


def test_follow_ups_only_for_resolutions_and_owners_of_the_centre(council, clerk, member_factory, other_centre) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CouncilRefused):
        actions.follow_up_save(item=council.secret_item, actor=clerk, data={"task": "x"})
    stranger = member_factory(other_centre, Role.CASEWORKER)
    with pytest.raises(CouncilRefused):
        actions.follow_up_save(item=council.item, actor=clerk, data={"task": "x", "owner": stranger})
    follow_up = actions.follow_up_save(
        item=council.item, actor=clerk, data={"task": "Bericht", "owner": clerk, "status": "in_progress"}
    )
    assert follow_up.owner == clerk and _entries("council.follow_up.save") == 1


def test_papers_are_numbered_per_year(centre, clerk) -> None:  # type: ignore[no-untyped-def]
    def paper(day: datetime.date) -> Paper:
        return actions.paper_save(centre=centre, actor=clerk, data={"name": "P", "paper_type": "notice", "date": day})

    first, second = paper(datetime.date(2026, 1, 5)), paper(datetime.date(2026, 3, 5))
    other_year = paper(datetime.date(2027, 1, 5))
    assert (first.reference, second.reference, other_year.reference) == ("IR/2026/001", "IR/2026/002", "IR/2027/001")
    changed = actions.paper_save(centre=centre, actor=clerk, data={"name": "Neu"}, paper=first)
    assert changed.reference == "IR/2026/001"


def test_files_main_and_attachment_and_soft_delete(
    council, clerk, settings, tmp_path, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("antrag.pdf", PDF, content_type="application/pdf")
    new_main = actions.file_add(paper=council.paper, actor=clerk, upload=upload, name="Antrag", role=File.Role.MAIN)
    council.file.refresh_from_db()
    assert council.file.role == File.Role.AUXILIARY and new_main.role == File.Role.MAIN
    assert new_main.size == len(PDF) and len(new_main.sha512) == 128
    assert "antrag" not in new_main.data.name  # stored under a generated name
    path = new_main.data.path
    with django_capture_on_commit_callbacks(execute=True):
        actions.file_delete(file=new_main, actor=clerk)
    new_main.refresh_from_db()
    assert new_main.deleted and not new_main.data
    assert not os.path.exists(path)


def test_candidates_take_free_positions(council, clerk) -> None:  # type: ignore[no-untyped-def]
    other = PersonFactory(centre=council.centre)
    with pytest.raises(CouncilRefused):
        actions.candidate_add(electoral_list=council.electoral_list, person=other, position=1, actor=clerk)
    with pytest.raises(CouncilRefused):
        actions.candidate_add(electoral_list=council.electoral_list, person=council.candidate, position=5, actor=clerk)
    assert (
        actions.candidate_add(electoral_list=council.electoral_list, person=other, position=2, actor=clerk).position
        == 2
    )
    with pytest.raises(ValueError):
        actions.candidate_add(electoral_list=council.council, person=other, position=3, actor=clerk)


def test_item_order_is_kept_within_one_meeting(council, clerk) -> None:  # type: ignore[no-untyped-def]
    items = [actions.agenda_item_save(meeting=council.meeting, actor=clerk, data={"name": f"P{n}"}) for n in range(3)]
    assert [i.order for i in items] == [3, 4, 5]
    assert list(AgendaItem.objects.filter(meeting=council.meeting).values_list("order", flat=True)) == [1, 2, 3, 4, 5]
    assert Committee.objects.filter(centre=council.centre).count() == 3


def test_a_follow_up_given_to_any_staff_member_reaches_them_on_their_own_list(  # type: ignore[no-untyped-def]
    council, clerk, member_factory, centre
) -> None:
    from django.urls import reverse

    from anlaufstelle.workspace.models import Notification

    caseworker = member_factory(centre, Role.CASEWORKER)
    follow_up = actions.follow_up_save(item=council.item, actor=clerk, data={"task": "Bericht", "owner": caseworker})
    with scopes_disabled():
        note = Notification.objects.get(recipient=caseworker)
    assert note.url.endswith(reverse("council:my_follow_up", kwargs={"centre": centre.slug, "pk": follow_up.pk}))

"""Grants hand-offs: the officers hear of the applicant's steps, the applying organisation of the
officer's; the start page counts what waits for each side."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone
from django.utils.translation import gettext
from django_scopes import scopes_disabled

from anlaufstelle.core.access import permissions_in
from anlaufstelle.core.models import Membership
from anlaufstelle.core.roles import Role
from anlaufstelle.grants import actions
from anlaufstelle.grants.due import due
from anlaufstelle.grants.states import State
from anlaufstelle.grants.tests.factories import World, drive_to, filled_draft, member
from anlaufstelle.partners.tests.factories import OrganisationFactory
from anlaufstelle.workspace.models import Notification

pytestmark = pytest.mark.django_db


def _kinds(user) -> list[str]:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        return list(Notification.objects.filter(recipient=user).order_by("pk").values_list("kind", flat=True))


def _permissions(user, centre) -> frozenset[str]:  # type: ignore[no-untyped-def]
    return permissions_in(user, centre)


def test_the_whole_way_tells_each_side_in_turn(world: World, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    other_organisation = member(world.centre, Role.PARTNER, OrganisationFactory(centre=world.centre))
    caseworker = member(world.centre, Role.CASEWORKER)
    with django_capture_on_commit_callbacks(execute=True):
        application = drive_to(world, State.QUESTIONS)
    # submitted -> every officer; questions -> both members of the organisation (the asking officer not)
    assert _kinds(world.second_officer) == ["grants.application_submitted"]
    assert _kinds(world.officer) == ["grants.application_submitted"]
    assert _kinds(world.applicant) == ["grants.questions_asked"]
    assert _kinds(world.colleague) == ["grants.questions_asked"]
    assert _kinds(other_organisation) == [] and _kinds(caseworker) == []
    asked = gettext("{centre}: questions about your application").split(":")[-1].strip()
    assert any(asked in message.subject for message in mail.outbox)
    with scopes_disabled():
        question = application.questions.get()
        with django_capture_on_commit_callbacks(execute=True):
            actions.application_answer(application=application, actor=world.applicant, answers={question.pk: "Frau A."})
    assert _kinds(world.officer)[-1] == "grants.questions_answered"
    assert _kinds(world.applicant) == ["grants.questions_asked"]  # not told about their own step


def test_decision_drawdown_and_proof_reach_the_other_side(world: World) -> None:
    with scopes_disabled():
        drive_to(world, State.PROOF_SUBMITTED)
    assert "grants.application_decided" in _kinds(world.applicant)
    assert "grants.grant_accepted" in _kinds(world.officer)
    # the drawdown went to the officers who pay; its approval back to the organisation
    assert "grants.drawdown_requested" in _kinds(world.officer)
    assert "grants.drawdown_answered" in _kinds(world.colleague)
    assert _kinds(world.officer)[-1] == "grants.proof_submitted"


def test_a_rejection_is_told_too(world: World) -> None:
    with scopes_disabled():
        drive_to(world, State.REJECTED)
    assert _kinds(world.applicant)[-1] == "grants.application_decided"


def test_start_page_counts_for_officer_and_applicant(world: World, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        drive_to(world, State.QUESTIONS)
        submitted = actions.application_submit(application=filled_draft(world), actor=world.applicant)
        accepted = drive_to(world, State.ACCEPTED)
        actions.drawdown_request(
            application=accepted, actor=world.applicant, amount_cents=100_000, needed_on=timezone.localdate()
        )
        officer_items = due(
            user=world.officer, centre=world.centre, permissions=_permissions(world.officer, world.centre)
        )
        with django_assert_max_num_queries(3):
            applicant_items = due(
                user=world.applicant, centre=world.centre, permissions=_permissions(world.applicant, world.centre)
            )
    by_label = {str(item.label): item for item in officer_items}
    assert by_label[gettext("applications waiting for the review to begin")].count == 1
    assert by_label[gettext("drawdowns waiting for approval")].count == 1
    assert submitted.state == State.SUBMITTED
    mine = {str(item.label): item.count for item in applicant_items}
    assert mine[gettext("applications with questions to answer")] == 1
    # another organisation's member sees none of it
    stranger = member(world.centre, Role.PARTNER, OrganisationFactory(centre=world.centre))
    with scopes_disabled():
        theirs = due(user=stranger, centre=world.centre, permissions=_permissions(stranger, world.centre))
    assert {str(item.label): item.count for item in theirs}[gettext("applications with questions to answer")] == 0
    assert not Membership.objects.filter(user=stranger, organisation=world.organisation).exists()


def test_drawdown_list_filter_shows_only_waiting(world: World, client) -> None:  # type: ignore[no-untyped-def]
    from anlaufstelle.grants.selectors import application_list

    with scopes_disabled():
        accepted = drive_to(world, State.ACCEPTED)
        other = drive_to(world, State.SUBMITTED)
        assert list(application_list(centre=world.centre, drawdown_waiting=True)) == []
        actions.drawdown_request(
            application=accepted, actor=world.applicant, amount_cents=100_000, needed_on=timezone.localdate()
        )
        assert list(application_list(centre=world.centre, drawdown_waiting=True)) == [accepted]
        assert other not in application_list(centre=world.centre, drawdown_waiting=True)

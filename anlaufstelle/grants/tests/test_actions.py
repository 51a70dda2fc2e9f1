"""The rules of the grants actions: who may do what, deadlines, four eyes, budgets, drawdowns, proof."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from anlaufstelle.core.models import AuditEntry, Membership
from anlaufstelle.core.roles import Role
from anlaufstelle.grants import actions
from anlaufstelle.grants.errors import GrantsRefused
from anlaufstelle.grants.models import Application, Review
from anlaufstelle.grants.states import State
from anlaufstelle.grants.tests.factories import World, drive_to, filled_draft, member, reviews_done

NEXT_YEAR_END = datetime.date(timezone.localdate().year + 1, 3, 31)


def _decide(world: World, application: Application, amount: int = 900_000, actor=None) -> Application:  # type: ignore[no-untyped-def]
    return actions.application_decide(
        application=application,
        actor=actor or world.third_officer,
        amount_cents=amount,
        conditions="",
        earmarked_until=NEXT_YEAR_END,
    )


def test_two_members_of_one_organisation_work_on_one_application(world: World) -> None:
    application = filled_draft(world)
    actions.application_save(
        application=application, actor=world.colleague, data={"title": "Treffpunkt Nord und Süd"}, lines=[]
    )
    application.refresh_from_db()
    assert application.title == "Treffpunkt Nord und Süd"
    assert application.lines.count() == 0


def test_another_organisation_cannot_touch_the_application(world: World) -> None:
    from anlaufstelle.partners.tests.factories import OrganisationFactory

    stranger = member(world.centre, Role.PARTNER, OrganisationFactory(centre=world.centre))
    application = filled_draft(world)
    with pytest.raises(GrantsRefused):
        actions.application_save(application=application, actor=stranger, data={"title": "x"}, lines=[])
    with pytest.raises(GrantsRefused):
        actions.application_submit(application=application, actor=stranger)


def test_submit_refuses_after_the_deadline_and_with_problems(world: World) -> None:
    application = filled_draft(world, lines=[])
    with pytest.raises(GrantsRefused):
        actions.application_submit(application=application, actor=world.applicant)
    application = filled_draft(world)
    world.call.deadline = timezone.now() - datetime.timedelta(minutes=1)
    world.call.save()
    with pytest.raises(GrantsRefused):
        actions.application_submit(application=application, actor=world.applicant)
    application.refresh_from_db()
    assert application.state == State.DRAFT


def test_own_share_and_maximum_are_checked(world: World) -> None:
    application = filled_draft(world)
    actions.application_save(application=application, actor=world.applicant, data={"own_share_cents": 10}, lines=[
        {"kind": "fees", "description": "x", "planned_cents": 1_000_000}
    ])  # fmt: skip
    with pytest.raises(GrantsRefused):  # 10 % own share of 10,000 € is 1,000 €
        actions.application_submit(application=application, actor=world.applicant)
    actions.application_save(application=application, actor=world.applicant, data={"own_share_cents": 100_000}, lines=[
        {"kind": "fees", "description": "x", "planned_cents": 5_000_000}
    ])  # fmt: skip
    with pytest.raises(GrantsRefused):  # asks 49,000 €, the call's maximum is 15,000 €
        actions.application_submit(application=application, actor=world.applicant)


def test_submission_keeps_a_version_and_revisions_stand_beside_it(world: World) -> None:
    application = drive_to(world, State.QUESTIONS)
    actions.application_save(application=application, actor=world.applicant, data={"title": "Neu"}, lines=[
        {"kind": "fees", "description": "Honorare", "planned_cents": 700_000},
        {"kind": "rent", "description": "Miete", "planned_cents": 300_000},
    ])  # fmt: skip
    question = application.questions.get()
    actions.application_answer(application=application, actor=world.applicant, answers={question.pk: "Frau A."})
    versions = list(application.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].content["title"] == "Treffpunkt Nord" and versions[1].content["title"] == "Neu"
    assert versions[1].content["total_cents"] == 1_000_000


def test_four_eyes_one_person_cannot_do_both_reviews(world: World) -> None:
    application = drive_to(world, State.IN_REVIEW)
    review = {
        "scores": {"need": 3, "reach": 3},
        "comments": {},
        "proposal": "grant",
        "proposed_cents": 5,
        "comment": "",
    }
    actions.review_save(application=application, kind="content", actor=world.officer, **review)
    with pytest.raises(GrantsRefused):
        actions.review_save(application=application, kind="financial", actor=world.officer, **review)
    with pytest.raises(GrantsRefused):  # one review is not enough to decide
        _decide(world, application)


def test_four_eyes_holds_in_the_database_too(world: World) -> None:
    application = drive_to(world, State.IN_REVIEW)
    Review.objects.create(
        centre=world.centre,
        application=application,
        kind="content",
        reviewer=world.officer,
        proposal="grant",
        version=1,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(
            centre=world.centre,
            application=application,
            kind="financial",
            reviewer=world.officer,
            proposal="grant",
            version=1,
        )


def test_staff_of_the_applying_organisation_cannot_review_or_decide(world: World) -> None:
    """Also not a centre admin: an officer who acts for the organisation is excluded."""
    application = drive_to(world, State.IN_REVIEW)
    Membership.objects.create(
        user=world.officer, centre=world.centre, role=Role.CENTRE_ADMIN, organisation=world.organisation
    )
    with pytest.raises(GrantsRefused):
        actions.review_save(
            application=application,
            kind="content",
            actor=world.officer,
            scores={"need": 3, "reach": 3},
            comments={},
            proposal="grant",
            proposed_cents=5,
            comment="",
        )
    with pytest.raises(GrantsRefused):
        actions.review_start(application=drive_to(world, State.SUBMITTED), actor=world.officer)


def test_reviews_of_an_older_version_do_not_count(world: World) -> None:
    application = drive_to(world, State.IN_REVIEW)
    reviews_done(world, application)
    actions.application_ask(application=application, actor=world.officer, questions=["Wer?"])
    question = application.questions.get()
    actions.application_answer(application=application, actor=world.applicant, answers={question.pk: "Frau A."})
    application.refresh_from_db()
    with pytest.raises(GrantsRefused):
        _decide(world, application)
    reviews_done(world, application)
    assert _decide(world, application).state == State.DECIDED


def test_decisions_never_exceed_the_calls_budget(world: World) -> None:
    world.call.budget_cents = 1_500_000
    world.call.save()
    first = drive_to(world, State.IN_REVIEW)
    second = drive_to(world, State.IN_REVIEW)
    reviews_done(world, first)
    reviews_done(world, second)
    _decide(world, first, 900_000)
    with pytest.raises(GrantsRefused):
        _decide(world, second, 900_000)
    assert _decide(world, second, 600_000).state == State.DECIDED


def test_withdrawing_a_decision_frees_the_budget(world: World) -> None:
    world.call.budget_cents = 900_000
    world.call.save()
    decided = drive_to(world, State.DECIDED)
    other = drive_to(world, State.IN_REVIEW)
    reviews_done(world, other)
    with pytest.raises(GrantsRefused):
        _decide(world, other, 900_000)
    actions.application_withdraw(application=decided, actor=world.applicant)
    assert _decide(world, other, 900_000).state == State.DECIDED


def test_call_budget_fits_into_the_source_budget(world: World) -> None:
    data = {
        "source": world.source,
        "year": world.call.year,
        "title": "Zweiter Aufruf",
        "building_block": "knowledge",
        "target_group": "Alle",
        "opens_on": timezone.localdate(),
        "deadline": timezone.now() + datetime.timedelta(days=5),
        "budget_cents": 5_000_001,  # the source has 100,000 €, the first call takes 50,000 €
        "max_amount_cents": 100,
        "questions": [],
        "criteria": [],
    }
    with pytest.raises(GrantsRefused):
        actions.call_save(centre=world.centre, actor=world.officer, data=data)
    assert actions.call_save(centre=world.centre, actor=world.officer, data={**data, "budget_cents": 5_000_000}).pk
    with pytest.raises(GrantsRefused):  # the budget may not drop below what the calls share
        actions.budget_save(source=world.source, year=world.call.year, amount_cents=9_000_000, actor=world.officer)


def test_drawdowns_stay_within_the_grant_and_need_a_second_person(world: World) -> None:
    application = drive_to(world, State.ACCEPTED)
    with pytest.raises(GrantsRefused):
        actions.drawdown_request(
            application=application, actor=world.applicant, amount_cents=900_001, needed_on=timezone.localdate()
        )
    drawdown = actions.drawdown_request(
        application=application, actor=world.applicant, amount_cents=900_000, needed_on=timezone.localdate()
    )
    with pytest.raises(GrantsRefused):
        actions.drawdown_approve(drawdown=drawdown, actor=world.applicant)
    actions.drawdown_approve(drawdown=drawdown, actor=world.officer)
    application.refresh_from_db()
    assert application.state == State.RUNNING
    with pytest.raises(GrantsRefused):
        actions.drawdown_approve(drawdown=drawdown, actor=world.officer)


def test_proof_flags_and_repayment(world: World) -> None:
    application = drive_to(world, State.RUNNING)  # 4,000 € drawn down and approved
    order = actions.payment_order_create(
        centre=world.centre, source=world.source, actor=world.officer, execution_date=timezone.localdate()
    )
    assert order.drawdowns.count() == 1
    lines = list(application.lines.all())
    actuals = {lines[0].pk: 300_000, lines[1].pk: 50_000, lines[2].pk: 50_000}  # 4,000 € spent, 1,000 € own
    actions.proof_submit(application=application, actor=world.applicant, report="Bericht", actuals=actuals)
    closed = actions.proof_close(application=application, actor=world.officer)
    assert closed.state == State.CLOSED
    assert closed.repayment_cents == 100_000  # paid 4,000 €, eligible 4,000 − 1,000 = 3,000 €


def test_every_step_is_in_the_audit_trail(world: World) -> None:
    drive_to(world, State.CLOSED)
    actions_seen = set(AuditEntry.objects.filter(centre=world.centre).values_list("action", flat=True))
    for verb in ("submit", "start_review", "decide", "accept", "start", "submit_proof", "close"):
        assert f"grants.application.{verb}" in actions_seen
    assert {"grants.review.content", "grants.review.financial", "grants.drawdown.approve"} <= actions_seen

"""The state table, exhaustively: every state × every verb is allowed or refused exactly as the table
says, both in the pure table and through the actions that people use."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from anlaufstelle.grants import actions, states
from anlaufstelle.grants.errors import GrantsRefused, TransitionRefused
from anlaufstelle.grants.models import Application
from anlaufstelle.grants.states import APPLICANT, OFFICER, TABLE, State, Verb
from anlaufstelle.grants.tests.factories import World, drive_to, reviews_done

PAIRS = list(itertools.product(State, Verb))


def test_table_names_known_states_and_roles() -> None:
    for (source, verb), (target, who) in TABLE.items():
        assert source in State and verb in Verb and target in State and who in {APPLICANT, OFFICER}
        assert source not in states.FINAL


@pytest.mark.parametrize(("state", "verb"), PAIRS, ids=[f"{s}-{v}" for s, v in PAIRS])
def test_pure_table_every_pair(state: State, verb: Verb) -> None:
    for who in (APPLICANT, OFFICER):
        expected = TABLE.get((state, verb))
        if expected is not None and expected[1] == who:
            assert states.move(state, verb, who=who) == expected[0]
        else:
            with pytest.raises(states.NotAllowed):
                states.move(state, verb, who=who)


def test_every_state_is_reachable_and_final_states_have_no_exit() -> None:
    reachable = {State.DRAFT}
    changed = True
    while changed:
        changed = False
        for (source, _verb), (target, _who) in TABLE.items():
            if source in reachable and target not in reachable:
                reachable.add(target)
                changed = True
    assert reachable == set(State)
    assert all(source not in states.FINAL for source, _ in TABLE)


def _do(verb: Verb, world: World, a: Application) -> Callable[[], Any]:
    """The action for `verb`, with valid arguments, as the person the table names."""
    year = timezone.localdate().year
    calls: dict[Verb, Callable[[], Any]] = {
        Verb.SUBMIT: lambda: actions.application_submit(application=a, actor=world.applicant),
        Verb.START_REVIEW: lambda: actions.review_start(application=a, actor=world.officer),
        Verb.ASK: lambda: actions.application_ask(application=a, actor=world.officer, questions=["Wer?"]),
        Verb.ANSWER: lambda: actions.application_answer(
            application=a, actor=world.applicant, answers={q.pk: "Frau A." for q in a.questions.all()}
        ),
        Verb.DECIDE: lambda: actions.application_decide(
            application=a,
            actor=world.third_officer,
            amount_cents=900_000,
            conditions="",
            earmarked_until=datetime.date(year + 1, 3, 31),
        ),
        Verb.REJECT: lambda: actions.application_reject(application=a, actor=world.third_officer, reason="Nein."),
        Verb.ACCEPT: lambda: actions.application_accept(application=a, actor=world.applicant),
        Verb.START: lambda: actions.drawdown_approve(
            drawdown=actions.drawdown_request(
                application=a, actor=world.applicant, amount_cents=100, needed_on=timezone.localdate()
            ),
            actor=world.officer,
        ),
        Verb.SUBMIT_PROOF: lambda: actions.proof_submit(
            application=a,
            actor=world.applicant,
            report="Bericht",
            actuals={line.pk: line.planned_cents for line in a.lines.all()},
        ),
        Verb.RETURN_PROOF: lambda: actions.proof_return(application=a, actor=world.officer, note="Beleg fehlt."),
        Verb.CLOSE: lambda: actions.proof_close(application=a, actor=world.officer),
        Verb.WITHDRAW: lambda: actions.application_withdraw(application=a, actor=world.applicant),
    }
    return calls[verb]


@pytest.mark.parametrize(("state", "verb"), PAIRS, ids=[f"{s}-{v}" for s, v in PAIRS])
def test_actions_follow_the_table(world: World, state: State, verb: Verb) -> None:
    application = drive_to(world, state)
    assert application.state == state
    if state == State.IN_REVIEW and verb in (Verb.DECIDE, Verb.REJECT):
        reviews_done(world, application)
    step = TABLE.get((state, verb))
    if verb == Verb.START and state != State.ACCEPTED:
        # START happens only as the first approved drawdown; elsewhere the drawdown itself is refused
        # or (while running) approving it leaves the state as it is.
        try:
            _do(verb, world, application)()
        except TransitionRefused:
            pytest.fail("a drawdown must not be refused by the state table")
        except GrantsRefused:
            pass
        application.refresh_from_db()
        assert application.state == state
        return
    if step is None:
        with pytest.raises(TransitionRefused):
            _do(verb, world, application)()
        application.refresh_from_db()
        assert application.state == state
    else:
        _do(verb, world, application)()
        application.refresh_from_db()
        assert application.state == step[0]

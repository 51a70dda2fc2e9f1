"""The application's state table: which verb moves an application from which state to which, and who
may say it. Pure: no Django. Every action that changes an application's state goes through `move`."""

from __future__ import annotations

from enum import StrEnum


class State(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    QUESTIONS = "questions"
    DECIDED = "decided"
    ACCEPTED = "accepted"
    RUNNING = "running"
    PROOF_SUBMITTED = "proof_submitted"
    CLOSED = "closed"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class Verb(StrEnum):
    SUBMIT = "submit"
    START_REVIEW = "start_review"
    ASK = "ask"
    ANSWER = "answer"
    DECIDE = "decide"
    REJECT = "reject"
    ACCEPT = "accept"
    START = "start"
    SUBMIT_PROOF = "submit_proof"
    RETURN_PROOF = "return_proof"
    CLOSE = "close"
    WITHDRAW = "withdraw"


APPLICANT, OFFICER = "applicant", "officer"

# (from state, verb) -> (to state, who says it). Anything not listed is refused.
TABLE: dict[tuple[State, Verb], tuple[State, str]] = {
    (State.DRAFT, Verb.SUBMIT): (State.SUBMITTED, APPLICANT),
    (State.SUBMITTED, Verb.START_REVIEW): (State.IN_REVIEW, OFFICER),
    (State.IN_REVIEW, Verb.ASK): (State.QUESTIONS, OFFICER),
    (State.QUESTIONS, Verb.ANSWER): (State.IN_REVIEW, APPLICANT),
    (State.IN_REVIEW, Verb.DECIDE): (State.DECIDED, OFFICER),
    (State.IN_REVIEW, Verb.REJECT): (State.REJECTED, OFFICER),
    (State.DECIDED, Verb.ACCEPT): (State.ACCEPTED, APPLICANT),
    (State.ACCEPTED, Verb.START): (State.RUNNING, OFFICER),
    (State.RUNNING, Verb.SUBMIT_PROOF): (State.PROOF_SUBMITTED, APPLICANT),
    (State.PROOF_SUBMITTED, Verb.RETURN_PROOF): (State.RUNNING, OFFICER),
    (State.PROOF_SUBMITTED, Verb.CLOSE): (State.CLOSED, OFFICER),
    # The applicant may step back until the grant is accepted (declining a decision included).
    (State.DRAFT, Verb.WITHDRAW): (State.WITHDRAWN, APPLICANT),
    (State.SUBMITTED, Verb.WITHDRAW): (State.WITHDRAWN, APPLICANT),
    (State.IN_REVIEW, Verb.WITHDRAW): (State.WITHDRAWN, APPLICANT),
    (State.QUESTIONS, Verb.WITHDRAW): (State.WITHDRAWN, APPLICANT),
    (State.DECIDED, Verb.WITHDRAW): (State.WITHDRAWN, APPLICANT),
}

FINAL = frozenset({State.CLOSED, State.REJECTED, State.WITHDRAWN})
# States in which the granted amount counts against the call's budget.
COMMITTED = frozenset({State.DECIDED, State.ACCEPTED, State.RUNNING, State.PROOF_SUBMITTED, State.CLOSED})
# States in which the applicant may change the application's content.
EDITABLE = frozenset({State.DRAFT, State.QUESTIONS})


class NotAllowed(Exception):
    """The table has no such step (the action turns this into a Refused for the person)."""


def move(state: str, verb: str, *, who: str) -> State:
    """The state after `verb`, or NotAllowed when the table does not list it for `who`."""
    step = TABLE.get((State(state), Verb(verb)))
    if step is None or step[1] != who:
        raise NotAllowed(f"{verb} is not allowed in {state} for {who}")
    return step[0]


def verbs_from(state: str, *, who: str) -> list[Verb]:
    """The verbs `who` may use in `state`, in table order (for the buttons a page shows)."""
    return [verb for (source, verb), (_target, by) in TABLE.items() if source == state and by == who]

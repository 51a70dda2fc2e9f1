"""Who is told when an application changes hands: the officers when the applicant acts, the applying
organisation's members when the officer acts (one `workspace.actions.notify` call per step)."""

from __future__ import annotations

from anlaufstelle.core.models import User
from anlaufstelle.grants.models import Application, Drawdown
from anlaufstelle.grants.states import Verb
from anlaufstelle.workspace.actions import notify

# verb -> the message kind; the applicant's verbs go to the officers, the officer's to the applicant.
TO_OFFICERS = {
    Verb.SUBMIT: "grants.application_submitted",
    Verb.ANSWER: "grants.questions_answered",
    Verb.ACCEPT: "grants.grant_accepted",
    Verb.SUBMIT_PROOF: "grants.proof_submitted",
    Verb.WITHDRAW: "grants.application_withdrawn",
}
TO_APPLICANT = {
    Verb.ASK: "grants.questions_asked",
    Verb.DECIDE: "grants.application_decided",
    Verb.REJECT: "grants.application_decided",
    Verb.RETURN_PROOF: "grants.proof_returned",
    Verb.CLOSE: "grants.grant_closed",
}


def _officers(application: Application, kind: str, actor: User, permission: str = "grants.review") -> None:
    notify(
        centre=application.centre,
        kind=kind,
        thing=f"{application.organisation.name}: {application.title}",
        url_name="grants:application",
        url_kwargs={"pk": application.pk},
        permission=permission,
        actor=actor,
    )


def _applicant(application: Application, kind: str, actor: User) -> None:
    notify(
        centre=application.centre,
        kind=kind,
        thing=application.title,
        url_name="grants:partner_application",
        url_kwargs={"pk": application.pk},
        permission="grants.apply",
        organisation_id=application.organisation_id,
        actor=actor,
    )


def after_step(application: Application, verb: Verb, actor: User) -> None:
    """Tell the other side about a step the state table allowed (inside the step's transaction)."""
    if verb in TO_OFFICERS:
        _officers(application, TO_OFFICERS[verb], actor)
    elif verb in TO_APPLICANT:
        _applicant(application, TO_APPLICANT[verb], actor)


def drawdown_requested(drawdown: Drawdown, actor: User) -> None:
    _officers(drawdown.application, "grants.drawdown_requested", actor, permission="grants.pay")


def drawdown_answered(drawdown: Drawdown, actor: User) -> None:
    _applicant(drawdown.application, "grants.drawdown_answered", actor)

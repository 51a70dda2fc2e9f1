"""Proof of use (Verwendungsnachweis): the provider reports actual costs per line; the officer checks
and closes it, or sends it back."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from anlaufstelle.core.models import User
from anlaufstelle.grants import money
from anlaufstelle.grants.actions.common import audit, locked, require_applicant, require_independent, step
from anlaufstelle.grants.errors import GrantsRefused
from anlaufstelle.grants.models import Application, Drawdown
from anlaufstelle.grants.states import APPLICANT, OFFICER, State, Verb


@transaction.atomic
def proof_submit(*, application: Application, actor: User, report: str, actuals: dict[int, int]) -> Application:
    """Submit the narrative report and the actual amount of every cost line."""
    application = locked(application)
    require_applicant(actor, application)
    if application.state == State.RUNNING:
        lines = list(application.lines.all())
        if set(actuals) != {line.pk for line in lines} or any(v < 0 for v in actuals.values()):
            raise GrantsRefused(_("Enter the actual amount of every line (zero or more)."))
        if not report.strip():
            raise GrantsRefused(_("The proof of use needs a narrative report."), field="report")
        for line in lines:
            line.actual_cents = actuals[line.pk]
            line.save(update_fields=["actual_cents"])
    return step(
        application, Verb.SUBMIT_PROOF, who=APPLICANT, actor=actor, report=report, proof_submitted_at=timezone.now()
    )


def repayment_of(application: Application) -> int:
    paid = application.drawdowns.filter(status=Drawdown.Status.ORDERED).aggregate(s=Sum("amount_cents"))["s"] or 0
    actual = sum(line.actual_cents or 0 for line in application.lines.all())
    return money.repayment(
        paid=paid,
        granted=application.granted_cents,
        actual_total=actual,
        own_share=application.own_share_cents,
        third_party=application.third_party_cents,
    )


@transaction.atomic
def proof_close(*, application: Application, actor: User) -> Application:
    """Accept the proof of use and close the grant, recording any repayment claim."""
    application = locked(application)
    require_independent(actor, application)
    return step(
        application,
        Verb.CLOSE,
        who=OFFICER,
        actor=actor,
        closed_at=timezone.now(),
        repayment_cents=repayment_of(application),
    )


@transaction.atomic
def proof_return(*, application: Application, actor: User, note: str) -> Application:
    """Send the proof of use back for corrections."""
    application = locked(application)
    require_independent(actor, application)
    if application.state == State.PROOF_SUBMITTED and not note.strip():
        raise GrantsRefused(_("Say what needs correcting."), field="note")
    application = step(application, Verb.RETURN_PROOF, who=OFFICER, actor=actor)
    audit(actor, application, "grants.proof.note", {"note": [None, note]})
    return application

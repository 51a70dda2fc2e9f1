"""The officers' writes on an application: start the review, the two reviews (four eyes), questions
back, the decision under the call's lock, the rejection."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from anlaufstelle.core.models import User
from anlaufstelle.grants import money
from anlaufstelle.grants.actions.common import audit, locked, require_independent, step
from anlaufstelle.grants.errors import GrantsRefused
from anlaufstelle.grants.models import Application, Call, Question, Review
from anlaufstelle.grants.states import COMMITTED, OFFICER, State, Verb


@transaction.atomic
def review_start(*, application: Application, actor: User) -> Application:
    """Take a submitted application into review."""
    application = locked(application)
    require_independent(actor, application)
    return step(application, Verb.START_REVIEW, who=OFFICER, actor=actor)


@transaction.atomic
def review_save(
    *,
    application: Application,
    kind: str,
    actor: User,
    scores: dict[str, int],
    comments: dict[str, str],
    proposal: str,
    proposed_cents: int,
    comment: str,
) -> Review:
    """Save the content or the financial review. The two are by two different people, neither of the
    applying organisation (checked here, and the database refuses one reviewer for both)."""
    application = locked(application)
    require_independent(actor, application)
    if application.state != State.IN_REVIEW:
        raise GrantsRefused(_("Only applications in review can be reviewed."))
    if kind not in Review.Kind.values:
        raise ValueError(kind)
    other = application.reviews.exclude(kind=kind).first()
    if other is not None and other.reviewer_id == actor.pk:
        raise GrantsRefused(_("The other review of this application is yours: a second person must do this one."))
    keys = {criterion["key"] for criterion in application.call.criteria}
    if set(scores) != keys or any(not 0 <= int(v) <= 5 for v in scores.values()):
        raise GrantsRefused(_("Please score every criterion from 0 to 5."))
    if proposal == Review.Proposal.GRANT and not 0 < proposed_cents <= application.call.max_amount_cents:
        raise GrantsRefused(_("Propose an amount up to the call's maximum."), field="proposed_amount")
    review = application.reviews.filter(kind=kind).first() or Review(
        centre=application.centre, application=application, kind=kind
    )
    if review.pk and review.reviewer_id != actor.pk:
        raise GrantsRefused(_("This review belongs to another person."))
    review.reviewer = actor
    review.scores = {k: int(v) for k, v in scores.items()}
    review.comments = {k: v for k, v in comments.items() if k in keys}
    review.proposal = proposal
    review.proposed_cents = proposed_cents if proposal == Review.Proposal.GRANT else 0
    review.comment = comment
    review.version = application.version
    review.save()
    audit(actor, application, f"grants.review.{kind}", {"proposal": [None, proposal]})
    return review


@transaction.atomic
def application_ask(*, application: Application, actor: User, questions: list[str]) -> Application:
    """Send questions back; the applicant revises and answers, and the earlier version stays."""
    application = locked(application)
    require_independent(actor, application)
    texts = [text.strip() for text in questions if text.strip()]
    if application.state == State.IN_REVIEW and not texts:
        raise GrantsRefused(_("Write at least one question."), field="questions")
    application = step(application, Verb.ASK, who=OFFICER, actor=actor)
    Question.objects.bulk_create(
        Question(centre=application.centre, application=application, text=text, asked_by=actor) for text in texts
    )
    return application


def _both_reviews(application: Application) -> None:
    reviews = list(application.reviews.all())
    kinds = {review.kind for review in reviews}
    if kinds != set(Review.Kind.values) or any(review.version != application.version for review in reviews):
        raise GrantsRefused(_("Both reviews of the current version are needed first."))


@transaction.atomic
def application_decide(
    *,
    application: Application,
    actor: User,
    amount_cents: int,
    conditions: str,
    earmarked_until: datetime.date,
) -> Application:
    """Grant `amount_cents`. The call's row is locked first and its commitments counted again, so two
    officers deciding at the same moment never commit more than the call's budget."""
    call = Call.objects.select_for_update().get(pk=application.call_id)
    application = locked(application)
    require_independent(actor, application)
    if application.state == State.IN_REVIEW:
        _both_reviews(application)
        from anlaufstelle.grants.actions.applications import plan_of

        if not 0 < amount_cents <= min(call.max_amount_cents, plan_of(application).requested):
            raise GrantsRefused(
                _("The amount must be above zero and at most what was asked for and the call's maximum."),
                field="amount",
            )
        committed = (
            Application.objects.filter(call=call, state__in=COMMITTED).aggregate(s=Sum("granted_cents"))["s"] or 0
        )
        if committed + amount_cents > call.budget_cents:
            raise GrantsRefused(
                _("Only %(left)s of the call's budget is left.")
                % {"left": money.format_euros(call.budget_cents - committed)},
                field="amount",
            )
        if application.ends_on and earmarked_until < application.ends_on:
            raise GrantsRefused(_("The earmarking period cannot end before the project."), field="earmarked_until")
    return step(
        application,
        Verb.DECIDE,
        who=OFFICER,
        actor=actor,
        granted_cents=amount_cents,
        conditions=conditions,
        earmarked_until=earmarked_until,
        decided_at=timezone.now(),
        decided_by=actor,
    )


@transaction.atomic
def application_reject(*, application: Application, actor: User, reason: str) -> Application:
    """Reject the application (after both reviews), with the reason the letter gives."""
    application = locked(application)
    require_independent(actor, application)
    if application.state == State.IN_REVIEW:
        _both_reviews(application)
    return step(
        application,
        Verb.REJECT,
        who=OFFICER,
        actor=actor,
        conditions=reason,
        decided_at=timezone.now(),
        decided_by=actor,
    )

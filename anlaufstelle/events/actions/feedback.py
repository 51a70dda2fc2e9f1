"""Writes of the feedback after an event: take a participant's answers, once."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from anlaufstelle.core.models import User
from anlaufstelle.events.errors import FeedbackError
from anlaufstelle.events.feedback import MAX_COMMENT, SCALE
from anlaufstelle.events.models import Feedback, Registration


@transaction.atomic
def feedback_give(
    *,
    registration: Registration,
    overall: int | None,
    useful: int | None,
    comment: str = "",
    actor: User | None = None,
) -> Feedback:
    """Take the participant's feedback (once): two ratings from 1 to 5 and an optional comment.

    `actor` is None for the participant on their personal link. Raises FeedbackError for a rating
    outside the scale, a comment over 2,000 characters, or a second answer.
    """
    if overall not in SCALE or useful not in SCALE:
        raise FeedbackError(_("Please choose a rating from 1 to 5."))
    comment = comment.strip()
    if len(comment) > MAX_COMMENT:
        raise FeedbackError(_("Please check your answers."))
    # The row lock makes two submissions at the same moment wait for each other.
    locked = Registration.objects.select_for_update().filter(pk=registration.pk).first()
    if locked is None:
        raise FeedbackError(_("This participation no longer exists."))
    if Feedback.objects.filter(registration=locked).exists():
        raise FeedbackError(_("You have already given your feedback. Thank you!"))
    try:
        with transaction.atomic():
            return Feedback.objects.create(
                centre_id=locked.centre_id,
                registration=locked,
                overall=overall,
                useful=useful,
                comment=comment,
            )
    except IntegrityError as exc:  # the one-to-one: given meanwhile
        raise FeedbackError(_("You have already given your feedback. Thank you!")) from exc

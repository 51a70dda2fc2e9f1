"""The short feedback after an event: two ratings from 1 to 5 and a comment, once per participant.

The form is reached through the participant's personal link (sent with the certificate).
The figures show averages and counts only, never who answered what.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import scopes_disabled

from anlaufstelle.events.models import Event, Feedback, Registration

SCALE = (1, 2, 3, 4, 5)
MAX_COMMENT = 2000


class FeedbackError(Exception):
    """The feedback cannot be taken; the message is for the participant."""


def _choices(low: Any, high: Any) -> list[tuple[int, Any]]:
    labels: dict[int, Any] = {1: low, 5: high}
    return [(value, labels.get(value, str(value))) for value in SCALE]


class RatingField(forms.TypedChoiceField):
    """One rating on the scale of 1 to 5 as a group of radio buttons (a fieldset with a legend)."""

    horizontal = True

    def __init__(self, *, label: Any, low: Any, high: Any) -> None:
        super().__init__(
            label=label,
            choices=_choices(low, high),
            coerce=int,
            widget=forms.RadioSelect,
            error_messages={
                "required": gettext_lazy("Please choose a rating from 1 to 5."),
                "invalid_choice": gettext_lazy("Please choose a rating from 1 to 5."),
            },
        )


class FeedbackForm(forms.Form):
    overall = RatingField(
        label=gettext_lazy("Overall, how did you like the event?"),
        low=gettext_lazy("1 – not at all"),
        high=gettext_lazy("5 – very much"),
    )
    useful = RatingField(
        label=gettext_lazy("How useful is it for your work?"),
        low=gettext_lazy("1 – not useful"),
        high=gettext_lazy("5 – very useful"),
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def has_feedback(registration: Registration) -> bool:
    with scopes_disabled():
        return Feedback.objects.filter(registration_id=registration.pk).exists()


def feedback_save(registration: Registration, data: Any) -> Feedback:
    """Take the participant's feedback (once). Raises FeedbackError for invalid or repeated answers.

    `data`: the posted form (overall, useful: 1–5; comment: optional, up to 2,000 characters).
    """
    if has_feedback(registration):
        raise FeedbackError(_("You have already given your feedback. Thank you!"))
    form = FeedbackForm(data)
    if not form.is_valid():
        errors = [str(error) for errors in form.errors.values() for error in errors]
        raise FeedbackError(" ".join(dict.fromkeys(errors)) or _("Please check your answers."))
    with scopes_disabled(), transaction.atomic():
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
                    overall=form.cleaned_data["overall"],
                    useful=form.cleaned_data["useful"],
                    comment=form.cleaned_data["comment"].strip(),
                )
        except IntegrityError as exc:  # the one-to-one: given meanwhile
            raise FeedbackError(_("You have already given your feedback. Thank you!")) from exc


@dataclass
class FeedbackSummary:
    """The feedback on one event: the number of answers, both averages (1–5) and how often each rating was given."""

    answers: int = 0
    overall: float | None = None
    useful: float | None = None
    overall_counts: dict[int, int] = field(default_factory=dict)
    useful_counts: dict[int, int] = field(default_factory=dict)
    comments: int = 0


def _counts(rows: Any, name: str) -> dict[int, int]:
    counts = dict.fromkeys(SCALE, 0)
    for row in rows.values(name).annotate(n=Count("pk")).order_by():
        counts[row[name]] = row["n"]
    return counts


def _average(counts: dict[int, int]) -> float | None:
    """The average on the 1–5 scale with one decimal (as in the figures); None without answers."""
    total = sum(counts.values())
    return round(sum(value * n for value, n in counts.items()) / total, 1) if total else None


def feedback_summary(event: Event) -> FeedbackSummary:
    """Averages and counts of the feedback on `event` (no names, no comments' text)."""
    with scopes_disabled():
        rows = Feedback.objects.filter(registration__session__event_id=event.pk)
        overall = _counts(rows, "overall")
        useful = _counts(rows, "useful")
        comments = rows.exclude(comment="").count()
    return FeedbackSummary(
        answers=sum(overall.values()),
        overall=_average(overall),
        useful=_average(useful),
        overall_counts=overall,
        useful_counts=useful,
        comments=comments,
    )

"""The short feedback after an event (reads): whether a participant answered, and the summary.

Two ratings from 1 to 5 and a comment, once per participant, through the participant's personal
link (the form is in `forms_public.py`, the write in `actions/feedback.py`). The figures show
averages and counts only, never who answered what.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count

from anlaufstelle.events.models import Event, Feedback, Registration

SCALE = (1, 2, 3, 4, 5)
MAX_COMMENT = 2000


def has_feedback(registration: Registration) -> bool:
    return Feedback.objects.filter(registration_id=registration.pk).exists()


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

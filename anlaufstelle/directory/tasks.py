"""Huey tasks of the directory."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(day_of_week="1", hour="7", minute="0"))
def weekly_review_reminders() -> None:
    """Every Monday morning: remind owners and editors of offers due for review."""
    from anlaufstelle.directory.reviews import send_review_reminders

    send_review_reminders()

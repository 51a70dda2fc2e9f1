"""Huey tasks of the library module: the daily loan reminders."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(hour="7", minute="15"))
def daily_loan_reminders() -> None:
    """Every morning: reminders before and after the due date (three steps, configurable per centre)."""
    from anlaufstelle.library.reminders import send_reminders

    send_reminders()

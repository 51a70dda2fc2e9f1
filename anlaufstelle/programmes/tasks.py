"""Huey tasks of the programmes module: the weekly reminders."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(day_of_week="1", hour="7", minute="45"))
def weekly_programme_reminders() -> None:
    """Every Monday: agreements ending within 60 days, and titled schools without a project day."""
    from anlaufstelle.programmes.actions import remind_agreement_renewals, remind_missing_project_days

    remind_agreement_renewals()
    remind_missing_project_days()

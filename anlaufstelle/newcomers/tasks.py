"""Background work of the newcomers module: the placement job and the daily school-start check."""

from __future__ import annotations

from django_scopes import scopes_disabled
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from anlaufstelle.newcomers import runs  # noqa: F401 - registers the placement job


@db_periodic_task(crontab(hour="5", minute="0"))
def daily_first_school_days() -> None:
    """Every morning: children whose confirmed first school day has come are at school."""
    from anlaufstelle.newcomers.actions import due_attendance

    with scopes_disabled():
        due_attendance()

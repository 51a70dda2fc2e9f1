"""Huey tasks of the core app (see docs/decisions/0003-background-tasks.md)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from anlaufstelle.core.jobs import job_run


@db_task()
def run_job(job_id: str) -> None:
    job_run(job_id)


@db_periodic_task(crontab(hour="3", minute="15"))
def daily_retention() -> None:
    """Every night: delete what has passed its retention period."""
    from anlaufstelle.core.retention import apply_retention

    apply_retention()

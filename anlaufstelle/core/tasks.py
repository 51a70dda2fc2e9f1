"""Huey tasks of the core app (see docs/decisions/0003-background-tasks.md)."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from anlaufstelle.core.jobs import job_run


@db_task()
def run_job(job_id: str) -> None:
    job_run(job_id)

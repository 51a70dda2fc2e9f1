"""Huey tasks of the core app (see docs/decisions/0003-background-tasks.md)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from anlaufstelle.core.jobs import job_run, jobs_sweep


@db_task()
def run_job(job_id: str) -> None:
    job_run(job_id)


@db_task()
def send_password_reset(email: str, domain: str, use_https: bool, language: str) -> None:
    """The password-reset e-mail, looked up and sent outside the request (same work for any address)."""
    from anlaufstelle.core.mail import send_password_reset_mail

    send_password_reset_mail(email=email, domain=domain, use_https=use_https, language=language)


@db_periodic_task(crontab(minute="*/5"))
def sweep_jobs() -> None:
    """Every five minutes: fail jobs whose worker died, queue again jobs that never reached the queue."""
    jobs_sweep()


@db_periodic_task(crontab(hour="3", minute="15"))
def daily_retention() -> None:
    """Every night: delete what has passed its retention period."""
    from anlaufstelle.core.retention import apply_retention

    apply_retention()

"""Huey tasks of the news app: newsletter mails in batches with retries, and the daily sweep of
picture files no row names (see news/files.py)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task


@db_task(retries=2, retry_delay=60)
def send_subscription_confirmation(subscriber_id: int, token: str) -> None:
    from anlaufstelle.news.newsletter import send_confirmation

    send_confirmation(subscriber_id, token)


@db_task(retries=3, retry_delay=60)
def send_newsletter_batch(issue_id: int) -> None:
    """One batch; queues the next one (at once, or when the next retry is due)."""
    from django.utils import timezone

    from anlaufstelle.news.newsletter import send_batch

    again = send_batch(issue_id)
    if again is None:
        return
    delay = max(0.0, (again - timezone.now()).total_seconds())
    if delay <= 0:
        send_newsletter_batch(issue_id)
    else:
        send_newsletter_batch.schedule((issue_id,), delay=delay)


@db_periodic_task(crontab(hour="4", minute="10"))
def sweep_picture_files() -> None:
    from anlaufstelle.news.files import sweep_orphans

    sweep_orphans()

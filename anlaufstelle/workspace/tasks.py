"""Huey tasks of the workspace: the e-mail of a message (retried), and the daily digest."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

RETRIES = 3
RETRY_DELAY = 300  # seconds: a mail server that is down for a few minutes loses nothing


@db_task(retries=RETRIES, retry_delay=RETRY_DELAY)
def send_notification(notification_id: int) -> None:
    from anlaufstelle.workspace.actions import send_one

    send_one(notification_id)


@db_task(retries=RETRIES, retry_delay=RETRY_DELAY)
def send_digest(centre_id: int, user_id: int) -> None:
    from anlaufstelle.workspace.actions import send_digest as send

    send(centre_id, user_id)


@db_periodic_task(crontab(hour="7", minute="0"))
def daily_digests() -> None:
    """Every morning at 7: one e-mail per person who chose the digest, for each centre."""
    from anlaufstelle.workspace.actions import digest_receivers

    for centre_id, user_id in digest_receivers():
        send_digest(centre_id, user_id)

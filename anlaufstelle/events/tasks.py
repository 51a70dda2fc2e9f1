"""Huey tasks of the events module: confirmation e-mails, waiting-list messages, reminders."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task


@db_task()
def send_confirmation(group_id: int, confirm_token: str, manage_token: str) -> None:
    from anlaufstelle.events.notify import send_confirmation as send

    send(group_id, confirm_token, manage_token)


@db_task()
def tell_promoted(registration_id: int) -> None:
    from anlaufstelle.events.notify import tell_promoted as tell

    tell(registration_id)


@db_task()
def tell_cancelled(event_id: int) -> None:
    from anlaufstelle.events.notify import tell_cancelled as tell

    tell(event_id)


@db_periodic_task(crontab(hour="9", minute="0"))
def daily_reminders() -> None:
    """Every morning: remind the participants of tomorrow's events."""
    from anlaufstelle.events.notify import send_reminders

    send_reminders()


@db_task()
def send_certificates(event_id: int) -> None:
    from anlaufstelle.events.actions import certificates_send_for

    certificates_send_for(event_id)

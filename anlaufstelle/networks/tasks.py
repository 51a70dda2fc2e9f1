"""Huey tasks of the networks module: invitations and minutes by e-mail."""

from __future__ import annotations

from huey.contrib.djhuey import db_task


@db_task(retries=2, retry_delay=60)
def send_invitation(meeting_id: int, recipients: list[str]) -> None:
    from anlaufstelle.networks.mail import send_invitation as send

    send(meeting_id=meeting_id, recipients=recipients)


@db_task(retries=2, retry_delay=60)
def send_minutes(meeting_id: int, recipients: list[str]) -> None:
    from anlaufstelle.networks.mail import send_minutes as send

    send(meeting_id=meeting_id, recipients=recipients)

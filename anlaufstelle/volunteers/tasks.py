"""Huey tasks of the volunteers module."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task


@db_periodic_task(crontab(minute="20"))
def hourly_stalled_requests() -> None:
    """Every hour: requests whose offers all ran out are offered to the next candidates."""
    from anlaufstelle.volunteers.actions import follow_up_stalled

    follow_up_stalled()


@db_periodic_task(crontab(day_of_week="1", hour="7", minute="30"))
def weekly_police_certificate_reminders() -> None:
    """Every Monday: coordinators hear whose extended police certificate is due within eight weeks."""
    from anlaufstelle.volunteers.mail import police_certificate_reminders

    police_certificate_reminders()


@db_task()
def send_sign_up_mail(volunteer_id: int, repeated: bool) -> None:
    """The receipt for a sign-up, or the note to an address's owner that it was used again."""
    from anlaufstelle.volunteers.mail import sign_up_mail

    sign_up_mail(volunteer_id=volunteer_id, repeated=repeated)

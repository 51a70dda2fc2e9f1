"""Reminders before and after the due date: three steps per centre (LibrarySettings), one e-mail per
step and loan, sent by the daily Huey task `library.tasks.daily_loan_reminders`."""

from __future__ import annotations

import datetime
import functools

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from anlaufstelle.core.models import Centre
from anlaufstelle.library.models import LibrarySettings, Loan

DEFAULT_STEPS = LibrarySettings()  # 3 days before, 3 and 14 days after the due date


def step_due(*, loan_due: datetime.date, today: datetime.date, steps: LibrarySettings) -> int:
    """The highest reminder step due today: 0 none, 1 before the due date, 2 and 3 overdue."""
    if today >= loan_due + datetime.timedelta(days=steps.overdue_second_days):
        return 3
    if today >= loan_due + datetime.timedelta(days=steps.overdue_first_days):
        return 2
    if today >= loan_due - datetime.timedelta(days=steps.remind_before_days):
        return 1
    return 0


def _text(step: int, *, title: str, due: datetime.date, centre: str) -> tuple[str, str]:
    day = due.strftime("%d.%m.%Y")
    if step == 1:
        subject = _("Library: please return “%(title)s” by %(due)s") % {"title": title, "due": day}
        body = _("The loan of “%(title)s” from %(centre)s ends on %(due)s. Please return it or ask for a renewal.")
    else:
        subject = _("Library: “%(title)s” was due on %(due)s") % {"title": title, "due": day}
        body = _("The loan of “%(title)s” from %(centre)s ended on %(due)s. Please return it soon.")
    return subject, body % {"title": title, "due": day, "centre": centre}


def send_reminders(*, today: datetime.date | None = None) -> int:
    """Send each open loan the highest step due that it has not had (an earlier, missed step is skipped);
    a loan is marked before the mail leaves, so that two runs never send one step twice."""
    today = today or timezone.localdate()
    sent = 0
    with scopes_disabled():
        centres = list(Centre.objects.filter(is_active=True))
    for centre in centres:
        with scope(centre=centre), transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            steps = LibrarySettings.objects.filter(centre=centre).first() or DEFAULT_STEPS
            loans = (
                Loan.objects.filter(
                    centre=centre, returned_at__isnull=True, reminders_sent__lt=3, borrower__isnull=False
                )
                .filter(due_on__lte=today + datetime.timedelta(days=steps.remind_before_days))
                .select_related("copy__title", "borrower__contact", "borrower__volunteer", "borrower__user")
            )
            for loan in loans:
                step = step_due(loan_due=loan.due_on, today=today, steps=steps)
                if step <= loan.reminders_sent:
                    continue
                marked = Loan.objects.filter(pk=loan.pk, reminders_sent=loan.reminders_sent).update(reminders_sent=step)
                email = loan.borrower.email if loan.borrower is not None else ""
                if not marked or not email:
                    continue
                subject, body = _text(step, title=loan.copy.title.title, due=loan.due_on, centre=centre.name)
                transaction.on_commit(
                    functools.partial(
                        send_mail, subject, body, settings.DEFAULT_FROM_EMAIL, [email], fail_silently=True
                    )
                )
                sent += 1
    return sent

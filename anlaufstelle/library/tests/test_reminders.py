"""Reminders: three configurable steps, each sent once; a renewal starts them again."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from anlaufstelle.library import actions
from anlaufstelle.library.models import LibrarySettings, Loan
from anlaufstelle.library.reminders import send_reminders
from anlaufstelle.library.tests.factories import librarian, make_borrower, make_copy, make_title

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped")]


def test_three_steps_are_sent_once_each_and_a_missed_step_is_skipped(
    centre, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    staff = librarian(centre)
    make_copy(make_title(centre), "M1")
    borrower = make_borrower(centre)
    loan = actions.check_out(centre=centre, actor=staff, barcode="M1", borrower=borrower)
    LibrarySettings.objects.create(centre=centre, remind_before_days=2, overdue_first_days=1, overdue_second_days=7)
    due = loan.due_on

    def run(day: datetime.date) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return send_reminders(today=day)

    assert run(due - datetime.timedelta(days=3)) == 0
    assert run(due - datetime.timedelta(days=2)) == 1
    assert run(due - datetime.timedelta(days=1)) == 0
    assert run(due + datetime.timedelta(days=1)) == 1
    assert run(due + datetime.timedelta(days=8)) == 1
    assert run(due + datetime.timedelta(days=30)) == 0
    assert [m.to for m in mail.outbox] == [[borrower.email]] * 3
    assert Loan.objects.get(pk=loan.pk).reminders_sent == 3


def test_a_loan_first_seen_overdue_gets_only_the_overdue_step(centre, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    staff = librarian(centre)
    make_copy(make_title(centre), "M2")
    loan = actions.check_out(centre=centre, actor=staff, barcode="M2", borrower=make_borrower(centre))
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders(today=loan.due_on + datetime.timedelta(days=20)) == 1
    assert Loan.objects.get(pk=loan.pk).reminders_sent == 3
    assert len(mail.outbox) == 1


def test_returned_loans_are_not_reminded(centre) -> None:  # type: ignore[no-untyped-def]
    staff = librarian(centre)
    make_copy(make_title(centre), "M3")
    actions.check_out(centre=centre, actor=staff, barcode="M3", borrower=make_borrower(centre))
    actions.check_in(centre=centre, actor=staff, barcode="M3")
    assert send_reminders(today=timezone.localdate() + datetime.timedelta(days=60)) == 0


def test_an_open_loan_of_an_erased_borrower_is_not_reminded(centre) -> None:  # type: ignore[no-untyped-def]
    staff = librarian(centre)
    make_copy(make_title(centre), "M4")
    borrower = make_borrower(centre)
    loan = actions.check_out(centre=centre, actor=staff, barcode="M4", borrower=borrower)
    actions.borrower_erase(borrower=borrower, actor=staff, reason="request")
    assert send_reminders(today=loan.due_on + datetime.timedelta(days=30)) == 0


def test_retention_unlinks_the_borrower_of_loans_returned_a_year_ago(centre) -> None:  # type: ignore[no-untyped-def]
    from anlaufstelle.core.retention import apply_retention

    staff = librarian(centre)
    make_copy(make_title(centre), "M5")
    make_copy(make_title(centre), "M6")
    borrower = make_borrower(centre)
    old = actions.check_out(centre=centre, actor=staff, barcode="M5", borrower=borrower)
    actions.check_in(centre=centre, actor=staff, barcode="M5")
    Loan.objects.filter(pk=old.pk).update(returned_at=timezone.now() - datetime.timedelta(days=400))
    current = actions.check_out(centre=centre, actor=staff, barcode="M6", borrower=borrower)
    counts = apply_retention()
    assert counts["library.returned_loans"] == 1
    assert Loan.objects.get(pk=old.pk).borrower_id is None
    assert Loan.objects.get(pk=current.pk).borrower_id == borrower.pk

"""Writes of letters: the centre's own letter texts and batches of letters."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from anlaufstelle.core.audit import audit_record
from anlaufstelle.core.jobs import job_start
from anlaufstelle.core.models import AuditEntry, BackgroundJob, Centre, User
from anlaufstelle.newcomers.letters import NothingToWrite, letters_pdf
from anlaufstelle.newcomers.models import Child, LetterKind, LetterTemplate


@transaction.atomic
def letter_text_save(
    *, centre: Centre, actor: User, kind: str, language: str, subject: str, body: str
) -> LetterTemplate:
    """The centre's own wording of a letter in one language."""
    row, created = LetterTemplate.objects.update_or_create(
        centre=centre, kind=kind, language=language, defaults={"subject": subject, "body": body, "updated_by": actor}
    )
    audit_record(
        actor=actor,
        centre=centre,
        kind=AuditEntry.Kind.CREATE if created else AuditEntry.Kind.UPDATE,
        action="newcomers.letter_text.save",
        target=row,
    )
    return row


@transaction.atomic
def letters_batch_start(
    *, centre: Centre, actor: User, kind: str, since: datetime.date, until: datetime.date
) -> BackgroundJob:
    """Start writing one kind of letter for the children of a period as one PDF (a background job)."""
    job = job_start(
        centre=centre,
        actor=actor,
        kind="newcomers.letters",
        title=_("Letters: %(kind)s") % {"kind": LetterKind(kind).label},
        params={"kind": kind, "since": since.isoformat(), "until": until.isoformat()},
    )
    audit_record(
        actor=actor,
        centre=centre,
        kind=AuditEntry.Kind.EXPORT,
        action=f"newcomers.letters.{kind}",
        changes={"since": [None, since.isoformat()], "until": [None, until.isoformat()]},
    )
    return job


def letter_download(*, child: Child, kind: str, actor: User) -> bytes:
    """One letter for one child as PDF; the download is recorded in the audit trail.

    Refuses (NothingToWrite) when the child has no appointment or place the letter could be about.
    No transaction around the rendering: the one write is the audit entry, after the PDF exists.
    """
    pdf, skipped = letters_pdf([child], kind)
    if not pdf:
        raise NothingToWrite(" ".join(skipped))
    audit_record(
        actor=actor, centre=child.centre, kind=AuditEntry.Kind.EXPORT, action=f"newcomers.letter.{kind}", target=child
    )
    return pdf

"""The interface other modules use to record what a volunteer has completed (e.g. a course).

The events module calls `record_completion` when a participant completes a qualification
course; it does not import volunteer models. Matching is by e-mail address within the centre
(case-insensitive) — the only thing an event registration and a volunteer record share.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django_scopes import scopes_disabled

from anlaufstelle.core.audit import audit_record
from anlaufstelle.core.models import AuditEntry, Centre
from anlaufstelle.volunteers.models import Qualification, Volunteer


def record_completion(*, centre: Centre, email: str, name: str, completed_on: datetime.date, source_ref: str) -> bool:
    """Note a completed course on the profile of the centre's volunteer with this e-mail address.

    Returns whether a volunteer was found. Recording the same `source_ref` twice changes nothing.
    """
    with scopes_disabled():
        volunteer = Volunteer.objects.filter(centre=centre, email__iexact=email.strip()).first()
        if volunteer is None:
            return False
        try:
            with transaction.atomic():
                Qualification.objects.create(
                    centre=centre,
                    volunteer=volunteer,
                    name=name[:200],
                    obtained_on=completed_on,
                    source=Qualification.Source.EVENT,
                    source_ref=source_ref[:100],
                )
        except IntegrityError:  # already recorded
            return True
        audit_record(
            actor=None,
            centre=centre,
            kind=AuditEntry.Kind.UPDATE,
            action="volunteers.qualification.completed",
            target=volunteer,
            changes={"qualification": [None, name[:200]]},
        )
    return True

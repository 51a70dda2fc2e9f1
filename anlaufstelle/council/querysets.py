"""Chainable read filters of the council; `.public()` is the one definition of what the public
(pages and OParl) may see."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Exists, OuterRef, Q

if TYPE_CHECKING:
    from anlaufstelle.core.models import Centre


class CentreQuerySet(models.QuerySet):  # type: ignore[type-arg]
    def for_centre(self, centre: Centre) -> CentreQuerySet:
        return self.filter(centre=centre)

    def live(self) -> CentreQuerySet:
        """Not marked as deleted."""
        return self.filter(deleted=False)


class CommitteeQuerySet(CentreQuerySet):
    def public(self) -> CommitteeQuerySet:
        return self


class PersonQuerySet(CentreQuerySet):
    def public(self) -> PersonQuerySet:
        """Only persons who consented to their name being published."""
        return self.filter(publish_name=True)


class MembershipQuerySet(CentreQuerySet):
    def public(self) -> MembershipQuerySet:
        return self.filter(person__publish_name=True, person__deleted=False)

    def current(self, on: datetime.date) -> MembershipQuerySet:
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=on), start_date__lte=on, deleted=False)


class MeetingQuerySet(CentreQuerySet):
    def public(self) -> MeetingQuerySet:
        return self


class AgendaItemQuerySet(CentreQuerySet):
    def public(self) -> AgendaItemQuerySet:
        return self.filter(public=True)


class PaperQuerySet(CentreQuerySet):
    def public(self) -> PaperQuerySet:
        """Marked public and on no non-public agenda item: such an item's papers stay internal."""
        from anlaufstelle.council.models import Consultation

        secret = Consultation.objects.filter(paper=OuterRef("pk"), agenda_item__public=False)
        return self.filter(public=True).exclude(Exists(secret))


class FileQuerySet(CentreQuerySet):
    def public(self) -> FileQuerySet:
        from anlaufstelle.council.models import Paper

        return self.filter(paper__in=Paper.objects.public())


class FollowUpQuerySet(models.QuerySet):  # type: ignore[type-arg]
    def for_centre(self, centre: Centre) -> FollowUpQuerySet:
        return self.filter(centre=centre)

    def overdue(self, today: datetime.date) -> FollowUpQuerySet:
        return self.filter(due_on__lt=today, status__in=["open", "in_progress"])

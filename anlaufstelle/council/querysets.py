"""Chainable read filters of the council; `.public()` is the one definition of what the public
(pages and OParl) may see."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, Value

if TYPE_CHECKING:
    from anlaufstelle.core.models import Centre


def _shown(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


class CentreQuerySet(models.QuerySet):  # type: ignore[type-arg]
    def for_centre(self, centre: Centre) -> CentreQuerySet:
        return self.filter(centre=centre)

    def published(self) -> CentreQuerySet:
        """For OParl: what the public may see (`shown`) and what it saw once and may no longer
        (shown as deleted, spec 2.8). Types without a public flag are always shown."""
        return self.annotate(shown=Value(True, output_field=BooleanField()))

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

    def published(self) -> PersonQuerySet:
        return self.filter(Q(publish_name=True) | Q(ever_public=True)).annotate(shown=_shown(Q(publish_name=True)))


class MembershipQuerySet(CentreQuerySet):
    def public(self) -> MembershipQuerySet:
        return self.filter(person__publish_name=True, person__deleted=False)

    def published(self) -> MembershipQuerySet:
        visible = Q(person__publish_name=True, person__deleted=False)
        return self.filter(visible | Q(person__ever_public=True)).annotate(shown=_shown(visible))

    def current(self, on: datetime.date) -> MembershipQuerySet:
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=on), start_date__lte=on, deleted=False)


class MeetingQuerySet(CentreQuerySet):
    def public(self) -> MeetingQuerySet:
        return self


class AgendaItemQuerySet(CentreQuerySet):
    def public(self) -> AgendaItemQuerySet:
        return self.filter(public=True)

    def published(self) -> AgendaItemQuerySet:
        return self.filter(Q(public=True) | Q(ever_public=True)).annotate(shown=_shown(Q(public=True)))


class PaperQuerySet(CentreQuerySet):
    def public(self) -> PaperQuerySet:
        """Marked public and on no non-public agenda item: such an item's papers stay internal."""
        from anlaufstelle.council.models import Consultation

        secret = Consultation.objects.filter(paper=OuterRef("pk"), agenda_item__public=False)
        return self.filter(public=True).exclude(Exists(secret))

    def published(self) -> PaperQuerySet:
        from anlaufstelle.council.models import Consultation

        secret = Consultation.objects.filter(paper=OuterRef("pk"), agenda_item__public=False)
        visible = Q(public=True) & ~Q(Exists(secret))
        return self.filter(visible | Q(ever_public=True)).annotate(shown=_shown(visible))


class FileQuerySet(CentreQuerySet):
    def public(self) -> FileQuerySet:
        from anlaufstelle.council.models import Paper

        return self.filter(paper__in=Paper.objects.public())

    def published(self) -> FileQuerySet:
        from anlaufstelle.council.models import Paper

        visible = Q(paper__in=Paper.objects.public())
        return self.filter(visible | Q(paper__ever_public=True)).annotate(shown=_shown(visible))


class FollowUpQuerySet(models.QuerySet):  # type: ignore[type-arg]
    def for_centre(self, centre: Centre) -> FollowUpQuerySet:
        return self.filter(centre=centre)

    def overdue(self, today: datetime.date) -> FollowUpQuerySet:
        return self.filter(due_on__lt=today, status__in=["open", "in_progress"])

"""What is due in the council office, for the start page (workspace): open follow-ups, one query."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.models import Centre
from anlaufstelle.council.models import FollowUp
from anlaufstelle.workspace.due import Due, register_due

GROUP = _("Integration council")
OPEN = (FollowUp.Status.OPEN, FollowUp.Status.IN_PROGRESS)


@register_due("council.follow_ups")
def due(*, user: Any, centre: Centre, permissions: frozenset[str]) -> list[Due]:
    """Every staff member: the follow-ups given to them (their own list); the clerk also those
    past their due date, whoever holds them."""
    if "council.follow_up" not in permissions:
        return []
    counts = FollowUp.objects.filter(centre=centre, status__in=OPEN).aggregate(
        mine=Count("pk", filter=Q(owner=user)),
        overdue=Count("pk", filter=Q(due_on__lt=timezone.localdate())),
    )
    mine_url = reverse("council:my_follow_ups", kwargs={"centre": centre.slug})
    due = [Due(GROUP, _("open follow-ups given to you"), counts["mine"], mine_url, _("No follow-up is yours."))]
    if "council.manage" in permissions:
        url = reverse("council:follow_ups", kwargs={"centre": centre.slug}) + "?overdue=1"
        due.append(
            Due(GROUP, _("follow-ups past their due date"), counts["overdue"], url, _("No follow-up is overdue."))
        )
    return due

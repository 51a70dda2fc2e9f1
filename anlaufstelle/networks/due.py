"""What is due in the networks module, for the start page (workspace): the person's action items, one query."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.models import Centre
from anlaufstelle.networks.models import ActionItem
from anlaufstelle.workspace.due import Due, register_due

GROUP = _("Networks")


@register_due("networks.action_items")
def due(*, user: Any, centre: Centre, permissions: frozenset[str]) -> list[Due]:
    """The action items given to this person: past their due date, and all open ones."""
    if "networks.view" not in permissions:
        return []
    counts = ActionItem.objects.filter(centre=centre, owner=user, done_on=None).aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=timezone.localdate()))
    )
    url = reverse("networks:my_actions", kwargs={"centre": centre.slug})
    return [
        Due(GROUP, _("your action items past their due date"), counts["overdue"], url, _("No action item is overdue.")),
        Due(GROUP, _("open action items from network meetings"), counts["open"], url, _("No action item is yours.")),
    ]

"""What is due in interpreting and onboarding, for the start page (workspace): counts and links, one
query per item."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.models import Centre
from anlaufstelle.volunteers.models import InterpretingRequest, Volunteer
from anlaufstelle.volunteers.selectors import certificates_due_ids
from anlaufstelle.workspace.due import Due, register_due

GROUP = _("Volunteers")
UNANSWERED = (InterpretingRequest.Status.OPEN, InterpretingRequest.Status.OFFERED)


@register_due("volunteers.interpreting")
def due(*, user: Any, centre: Centre, permissions: frozenset[str]) -> list[Due]:
    items = []
    slug = {"centre": centre.slug}
    if "volunteers.manage_requests" in permissions:
        count = InterpretingRequest.objects.filter(centre=centre, status__in=UNANSWERED).count()
        items.append(
            Due(
                GROUP,
                _("interpreting requests without an interpreter"),
                count,
                reverse("volunteers:requests", kwargs=slug),
                _("Every request has an interpreter."),
            )
        )
    if "volunteers.change" in permissions:
        items.append(
            Due(
                GROUP,
                _("extended police certificates to see again within eight weeks"),
                Volunteer.objects.filter(pk__in=certificates_due_ids(centre=centre)).count(),
                reverse("volunteers:list", kwargs=slug) + "?certificates=due",
                _("No police certificate is due."),
            )
        )
    if "volunteers.manage_requests" not in permissions and "volunteers.request_interpreter" in permissions:
        count = InterpretingRequest.objects.filter(centre=centre, requested_by=user, status__in=UNANSWERED).count()
        items.append(
            Due(
                GROUP,
                _("of your interpreting requests are still open"),
                count,
                reverse("volunteers:institution_requests", kwargs=slug),
                _("No request of yours is open. Ask for an interpreter from the menu."),
            )
        )
    return items

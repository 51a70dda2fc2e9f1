"""What is due in school placement, for the start page (workspace): counts and links, three queries at most."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.models import Centre, Membership
from anlaufstelle.core.roles import Role
from anlaufstelle.newcomers.models import Child, Placement
from anlaufstelle.workspace.due import Due, register_due

GROUP = _("Newcomers and school places")
# Stages after which the caseworker takes the next step (book counselling, the health exam, a placement run).
WAITS_FOR_CASEWORKER = (Child.Stage.REGISTERED, Child.Stage.COUNSELLED, Child.Stage.HEALTH_EXAM_DONE)


@register_due("newcomers.placement")
def due(*, user: Any, centre: Centre, permissions: frozenset[str]) -> list[Due]:
    items = []
    slug = {"centre": centre.slug}
    if "newcomers.view_families" in permissions:
        counts = Child.objects.filter(centre=centre).aggregate(
            next_step=Count("pk", filter=Q(stage__in=WAITS_FOR_CASEWORKER)),
            accepted=Count("pk", filter=Q(stage=Child.Stage.ACCEPTED)),
        )
        worklist = reverse("newcomers:worklist", kwargs=slug)
        items.append(
            Due(
                GROUP,
                _("children whose next step is due"),
                counts["next_step"],
                worklist,
                _("No child waits for a step. Register a new family from the worklist."),
            )
        )
        items.append(
            Due(
                GROUP,
                _("children confirmed by their school"),
                counts["accepted"],
                worklist + "?stage=" + Child.Stage.ACCEPTED,
            )
        )
    if "newcomers.decide_placements" in permissions:
        waiting = Placement.objects.filter(centre=centre, status=Placement.Status.PROPOSED).count()
        items.append(
            Due(
                GROUP,
                _("placement proposals waiting for your decision"),
                waiting,
                reverse("newcomers:authority", kwargs=slug),
                _("No proposal waits. The integration centre sends new ones after its next placement run."),
            )
        )
    if "newcomers.school_placements" in permissions:
        # Only the contact's own school (a contact without a school sees none).
        school = (
            Membership.objects.filter(user=user, centre=centre, is_active=True, role=Role.SCHOOL_CONTACT)
            .values_list("organisation_id", flat=True)
            .first()
        )
        to_confirm = (
            Placement.objects.filter(centre=centre, status=Placement.Status.APPROVED, quota__school_id=school).count()
            if school
            else 0
        )
        items.append(
            Due(
                GROUP,
                _("children to confirm for your school"),
                to_confirm,
                reverse("newcomers:school", kwargs=slug),
                _("No child waits for your confirmation. You get a message when the school authority places one."),
            )
        )
    return items

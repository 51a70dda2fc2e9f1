"""What is due in grants, for the start page (workspace): the officer's queue and the applicant's
open steps, counted with aggregates (two queries at most per person)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.models import Centre, Membership
from anlaufstelle.core.roles import Role
from anlaufstelle.grants.models import Application, Drawdown
from anlaufstelle.grants.states import State
from anlaufstelle.workspace.due import Due, register_due

GROUP = _("Grants")


@register_due("grants.applications")
def due(*, user: Any, centre: Centre, permissions: frozenset[str]) -> list[Due]:
    items: list[Due] = []
    slug = {"centre": centre.slug}
    if "grants.review" in permissions:
        counts = Application.objects.filter(centre=centre).aggregate(
            submitted=Count("pk", filter=Q(state=State.SUBMITTED)),
            in_review=Count("pk", filter=Q(state=State.IN_REVIEW)),
            proofs=Count("pk", filter=Q(state=State.PROOF_SUBMITTED)),
        )
        listing = reverse("grants:applications", kwargs=slug) + "?state="
        items += [
            Due(
                GROUP,
                _("applications waiting for the review to begin"),
                counts["submitted"],
                listing + State.SUBMITTED,
                _("No application waits. Applications arrive while a call is open."),
            ),
            Due(GROUP, _("applications in review"), counts["in_review"], listing + State.IN_REVIEW),
            Due(GROUP, _("proofs of use to check"), counts["proofs"], listing + State.PROOF_SUBMITTED),
        ]
    if "grants.pay" in permissions:
        waiting = Drawdown.objects.filter(centre=centre, status=Drawdown.Status.REQUESTED).count()
        items.append(
            Due(
                GROUP,
                _("drawdowns waiting for approval"),
                waiting,
                reverse("grants:applications", kwargs=slug) + "?drawdowns=1",
                _("No drawdown waits."),
            )
        )
    if "grants.apply" in permissions:
        organisation = (
            Membership.objects.filter(user=user, centre=centre, is_active=True, role=Role.PARTNER)
            .values_list("organisation_id", flat=True)
            .first()
        )
        counts = (
            Application.objects.filter(centre=centre, organisation_id=organisation).aggregate(
                questions=Count("pk", filter=Q(state=State.QUESTIONS)),
                decided=Count("pk", filter=Q(state=State.DECIDED)),
            )
            if organisation
            else {"questions": 0, "decided": 0}
        )
        own = reverse("grants:partner_applications", kwargs=slug)
        items += [
            Due(
                GROUP,
                _("applications with questions to answer"),
                counts["questions"],
                own,
                _("No question waits. Open calls are listed under “Apply for a grant”."),
            ),
            Due(GROUP, _("grants to accept"), counts["decided"], own),
        ]
    return items

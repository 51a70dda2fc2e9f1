"""What is due in the offer directory, for the start page (workspace): proposals and reviews, one query."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.models import Centre
from anlaufstelle.directory.models import Offer, OfferProposal
from anlaufstelle.directory.selectors import review_due_before
from anlaufstelle.workspace.due import Due, register_due

GROUP = _("Partners and offers")


@register_due("directory.review")
def due(*, user: Any, centre: Centre, permissions: frozenset[str]) -> list[Due]:
    if "directory.edit" not in permissions:
        return []
    slug = {"centre": centre.slug}
    proposals = OfferProposal.objects.filter(centre=centre, status=OfferProposal.Status.PENDING).count()
    cutoff = review_due_before()
    reviews = (
        Offer.objects.filter(centre=centre)
        .filter(Q(last_reviewed_on__lt=cutoff) | Q(last_reviewed_on__isnull=True))
        .count()
    )
    return [
        Due(
            GROUP,
            _("proposals from partners waiting for review"),
            proposals,
            reverse("directory:proposal_list", kwargs=slug),
            _("No proposal waits."),
        ),
        Due(
            GROUP,
            _("offers due for review"),
            reviews,
            reverse("directory:staff_list", kwargs=slug) + "?due=1",
            _("Every offer has been reviewed recently."),
        ),
    ]

"""What is due in programmes, for the start page (workspace): sessions past their day and still
unrecorded (the coordinator's for every group, a site contact's for their own sites), and agreements
running out (coordinators). Aggregates only: two queries at most."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.models import Centre
from anlaufstelle.programmes.models import Session, Site
from anlaufstelle.programmes.permissions import organisations_of
from anlaufstelle.workspace.due import Due, register_due

GROUP = _("Programmes")
AGREEMENT_DAYS = 60  # as the weekly reminder


@register_due("programmes.sessions")
def due(*, user: Any, centre: Centre, permissions: frozenset[str]) -> list[Due]:
    if "programmes.record_sessions" not in permissions:
        return []
    today = timezone.localdate()
    slug = {"centre": centre.slug}
    sessions = Session.objects.filter(centre=centre, status=Session.Status.PLANNED, date__lt=today)
    organisations = organisations_of(user, centre)  # None: a coordinator, every group
    if organisations is not None:
        sessions = sessions.filter(
            Q(group__site__organisation__in=organisations) | Q(group__site__provider__in=organisations)
        )
    items = [
        Due(
            GROUP,
            _("sessions past their day and not yet recorded"),
            sessions.count(),
            reverse("programmes:my_groups", kwargs=slug),
            _("Every session so far is recorded."),
        )
    ]
    if "programmes.manage" in permissions:
        ending = Site.objects.filter(
            centre=centre,
            ended_on__isnull=True,
            agreement_valid_until__lte=today + datetime.timedelta(days=AGREEMENT_DAYS),
        ).aggregate(n=Count("pk"))["n"]
        items.append(
            Due(
                GROUP,
                _("site agreements running out within 60 days"),
                ending,
                reverse("programmes:overview", kwargs=slug),
                _("No agreement runs out soon."),
            )
        )
    return items

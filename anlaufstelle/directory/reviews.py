"""Offers not reviewed for a while: remind the people who maintain them (weekly task)."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_scopes import scope

from anlaufstelle.core.models import Centre, Membership, User
from anlaufstelle.core.roles import Role
from anlaufstelle.directory.models import Offer
from anlaufstelle.directory.selectors import review_due_before


def send_review_reminders(*, today: datetime.date | None = None) -> int:
    """E-mail every partner account and every editor about the due offers they look after.

    Returns the number of e-mails sent.
    """
    cutoff = review_due_before(today=today)
    sent = 0
    for centre in Centre.objects.all():  # one centre's data scope at a time
        with scope(centre=centre):
            sent += _remind(centre, cutoff)
    return sent


def _remind(centre: Centre, cutoff: datetime.date) -> int:
    due = list(
        Offer.objects.filter(centre=centre, status=Offer.Status.PUBLISHED)
        .filter(Q(last_reviewed_on__lt=cutoff) | Q(last_reviewed_on__isnull=True))
        .select_related("organisation")
    )
    if not due:
        return 0
    by_organisation: dict[int, list[Offer]] = defaultdict(list)
    for offer in due:
        by_organisation[offer.organisation_id].append(offer)
    sent = 0
    partners = Membership.objects.filter(
        centre=centre,
        role=Role.PARTNER,
        is_active=True,
        user__is_active=True,
        organisation_id__in=list(by_organisation),
    ).select_related("user", "organisation")
    for membership in partners:
        if membership.organisation is None or membership.organisation_id is None:
            continue
        offers = by_organisation[membership.organisation_id]
        path = reverse("directory:partner_offers", kwargs={"centre": centre.slug})
        sent += _mail(membership.user, len(offers), membership.organisation.name, settings.SITE_URL + path)
    editors = Membership.objects.filter(
        centre=centre, role__in=[Role.EDITOR, Role.CENTRE_ADMIN], is_active=True, user__is_active=True
    ).select_related("user")
    path = reverse("directory:staff_list", kwargs={"centre": centre.slug}) + "?due=1"
    for user in {membership.user_id: membership.user for membership in editors}.values():
        sent += _mail(user, len(due), centre.name, settings.SITE_URL + path)
    return sent


def _mail(user: User, count: int, name: str, url: str) -> int:
    with override(user.preferred_language or "de"):
        send_mail(
            _("Offers to review: %(name)s") % {"name": name},
            _(
                "%(count)s offers of %(name)s have not been reviewed for a long time. Please check that they "
                "are still correct: %(url)s"
            )
            % {"count": count, "name": name, "url": url},
            None,
            [user.email],
        )
    return 1

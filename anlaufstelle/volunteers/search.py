"""Volunteers and interpreting requests in the staff search (workspace): for the coordinators; volunteers audited."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import formats
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.models import Centre
from anlaufstelle.volunteers.models import InterpretingRequest, Volunteer
from anlaufstelle.workspace.search import LIMIT, Found, Hit, cut, every_word_in, register_search, words


def _when(item: InterpretingRequest) -> str:
    return formats.date_format(localtime(item.starts_at), "SHORT_DATETIME_FORMAT")


@register_search("volunteers.volunteers")
def search(*, user: Any, centre: Centre, permissions: frozenset[str], query: str) -> list[Found]:
    """Volunteers by name or e-mail; requests by contact, place, district or institution: two queries."""
    terms = words(query)
    slug = centre.slug
    groups = []
    if "volunteers.view" in permissions:
        volunteers, more = cut(
            list(
                Volunteer.objects.filter(centre=centre)
                .filter(every_word_in(terms, "first_name", "last_name", "email"))
                .order_by("last_name", "first_name", "pk")[: LIMIT + 1]
            )
        )
        groups.append(
            Found(
                _("Volunteers"),
                [
                    Hit(
                        str(v),
                        reverse("volunteers:detail", kwargs={"centre": slug, "pk": v.pk}),
                        v.get_status_display(),
                    )
                    for v in volunteers
                ],
                more,
                "volunteers.volunteer.search",
                volunteers,
            )
        )
    if "volunteers.manage_requests" in permissions:
        requests, more = cut(
            list(
                InterpretingRequest.objects.filter(centre=centre)
                .filter(every_word_in(terms, "contact_name", "place", "district", "organisation__name"))
                .select_related("organisation")
                .order_by("-starts_at", "-pk")[: LIMIT + 1]
            )
        )
        groups.append(
            Found(
                _("Interpreting requests"),
                [
                    Hit(
                        f"{r.get_language_display()}, {_when(r)}",
                        reverse("volunteers:request", kwargs={"centre": slug, "pk": r.pk}),
                        " · ".join(
                            str(x)
                            for x in (r.get_status_display(), r.organisation.name if r.organisation else "", r.place)
                            if x
                        ),
                    )
                    for r in requests
                ],
                more,
            )
        )
    return groups

"""Events and registrations in the staff search (workspace): for the organisers; participants found are audited."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.models import Centre
from anlaufstelle.events.models import Event, Registration
from anlaufstelle.workspace.search import LIMIT, Found, Hit, cut, every_word_in, register_search, words


@register_search("events.events")
def search(*, user: Any, centre: Centre, permissions: frozenset[str], query: str) -> list[Found]:
    """Events by title, participants by name, e-mail or institution: two queries."""
    if "events.manage" not in permissions:
        return []
    terms = words(query)
    events, more_events = cut(
        list(Event.objects.filter(centre=centre).filter(every_word_in(terms, "title")).order_by("-pk")[: LIMIT + 1])
    )
    registrations, more_registrations = cut(
        list(
            Registration.objects.filter(centre=centre)
            .filter(every_word_in(terms, "first_name", "last_name", "email", "institution"))
            .select_related("session__event")
            .order_by("last_name", "first_name", "pk")[: LIMIT + 1]
        )
    )
    slug = centre.slug
    return [
        Found(
            _("Events"),
            [
                Hit(e.title, reverse("events:edit", kwargs={"centre": slug, "pk": e.pk}), e.get_status_display())
                for e in events
            ],
            more_events,
        ),
        Found(
            _("Registrations"),
            [
                Hit(
                    f"{r.first_name} {r.last_name}",
                    reverse("events:registrations", kwargs={"centre": slug, "pk": r.session.event_id}),
                    r.session.event.title,
                )
                for r in registrations
            ],
            more_registrations,
            "events.registration.search",
            registrations,
        ),
    ]

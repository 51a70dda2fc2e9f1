"""Partner organisations and their contact persons in the staff search (workspace): for whoever reads the register."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.models import Centre
from anlaufstelle.partners.models import ContactPerson, Organisation
from anlaufstelle.workspace.search import LIMIT, Found, Hit, cut, every_word_in, register_search, words


@register_search("partners.register")
def search(*, user: Any, centre: Centre, permissions: frozenset[str], query: str) -> list[Found]:
    """Organisations by name, contacts by name or e-mail: two queries."""
    if "partners.view" not in permissions:
        return []
    terms = words(query)
    organisations, more_organisations = cut(
        list(
            Organisation.objects.filter(centre=centre)
            .filter(every_word_in(terms, "name"))
            .order_by("name", "pk")[: LIMIT + 1]
        )
    )
    contacts, more_contacts = cut(
        list(
            ContactPerson.objects.filter(centre=centre)
            .filter(every_word_in(terms, "first_name", "last_name", "email"))
            .select_related("organisation")
            .order_by("last_name", "first_name", "pk")[: LIMIT + 1]
        )
    )

    def url(pk: int) -> str:
        return reverse("partners:detail", kwargs={"centre": centre.slug, "pk": pk})

    return [
        Found(
            _("Partner organisations"),
            [Hit(o.name, url(o.pk), o.get_kind_display()) for o in organisations],
            more_organisations,
        ),
        Found(
            _("Contact persons"),
            [
                Hit(f"{c.first_name} {c.last_name}", url(c.organisation_id) + "#contacts", c.organisation.name)
                for c in contacts
            ],
            more_contacts,
        ),
    ]

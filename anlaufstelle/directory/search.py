"""Offers in the staff search (workspace): editors find every offer, other staff the published ones."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.models import Centre
from anlaufstelle.directory.models import Offer, OfferTranslation
from anlaufstelle.workspace.search import LIMIT, Found, Hit, cut, every_word_in, register_search, words


@register_search("directory.offers")
def search(*, user: Any, centre: Centre, permissions: frozenset[str], query: str) -> list[Found]:
    """Offers whose title (in any language) or provider holds the words: one query."""
    if "directory.view" not in permissions:
        return []
    editor = "directory.edit" in permissions
    rows = OfferTranslation.objects.filter(offer__centre=centre).filter(
        every_word_in(words(query), "title", "offer__organisation__name")
    )
    if not editor:
        rows = rows.filter(offer__status=Offer.Status.PUBLISHED)
    # One title per offer: German first, else the first language found.
    titles: dict[int, tuple[str, str, str]] = {}
    for offer_id, language, title, status in rows.order_by("offer_id", "language").values_list(
        "offer_id", "language", "title", "offer__status"
    )[: (LIMIT + 1) * 6]:
        if offer_id not in titles or language == "de":
            titles[offer_id] = (title, status, language)
    offers, more = cut(sorted(titles.items(), key=lambda item: item[1][0].casefold()))
    statuses = dict(Offer.Status.choices)
    name = "directory:staff_edit" if editor else "directory:offer"
    return [
        Found(
            _("Offers"),
            [
                Hit(
                    title or _("Offer %(number)s") % {"number": pk},
                    reverse(name, kwargs={"centre": centre.slug, "pk": pk}),
                    statuses.get(status, status),
                )
                for pk, (title, status, _language) in offers
            ],
            more,
        )
    ]

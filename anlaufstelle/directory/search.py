"""Offers in the staff search (workspace): editors find every offer, other staff the published ones."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.models import Centre
from anlaufstelle.directory import textsearch
from anlaufstelle.directory.models import Offer, OfferTranslation
from anlaufstelle.directory.selectors import matching
from anlaufstelle.workspace.search import LIMIT, MAX_WORDS, Found, Hit, cut, register_search, words


@register_search("directory.offers")
def search(*, user: Any, centre: Centre, permissions: frozenset[str], query: str) -> list[Found]:
    """Offers whose index (titles and summaries in every language, the provider) holds words that
    start with the query's words, through the directory's full-text index: two queries."""
    if "directory.view" not in permissions or not words(query):
        return []
    editor = "directory.edit" in permissions
    offers: QuerySet[Offer] = Offer.objects.filter(centre=centre)
    if not editor:
        offers = offers.filter(status=Offer.Status.PUBLISHED)
    for word in textsearch.parse_query(query)[:MAX_WORDS]:
        offers = matching(offers, textsearch.query_variants(word))
    found = list(offers.order_by("id").values_list("id", "status")[: LIMIT + 1])
    # One title per offer: German first, else the first language found.
    titles: dict[int, tuple[str, str, str]] = {pk: ("", status, "") for pk, status in found}
    for offer_id, language, title in OfferTranslation.objects.filter(offer_id__in=list(titles)).values_list(
        "offer_id", "language", "title"
    ):
        if not titles[offer_id][0] or language == "de":
            titles[offer_id] = (title, titles[offer_id][1], language)
    shown, more = cut(sorted(titles.items(), key=lambda item: item[1][0].casefold()))
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
                for pk, (title, status, _language) in shown
            ],
            more,
        )
    ]

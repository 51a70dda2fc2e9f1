"""Reads of the directory for the public search and offer pages."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    IntegerField,
    Max,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.utils import timezone

from anlaufstelle.core.geo import Point, bounding_box, distance_km
from anlaufstelle.core.models import Centre
from anlaufstelle.core.translation import SOURCE_LANGUAGE, Translated, pick_translation, translation_status
from anlaufstelle.directory import textsearch
from anlaufstelle.directory.models import Offer, OfferProposal, OfferTranslation, ProposalComment
from anlaufstelle.partners.models import Organisation


@dataclass
class OfferView:
    offer: Offer
    text: Translated
    distance: float | None = None  # km from the place searched near, when there is one


def published(*, centre: Centre) -> QuerySet[Offer]:
    return Offer.objects.filter(centre=centre, status=Offer.Status.PUBLISHED)


STAMP_SECONDS = 30  # a changed directory shows in search suggestions and filters within this time


def _stamp(centre: Centre) -> str:
    """Changes whenever the centre's published offers change (looked up at most every 30 s)."""
    key = f"directory:stamp:{centre.pk}"
    stamp = cache.get(key)
    if stamp is None:
        found = published(centre=centre).aggregate(n=Count("id"), changed=Max("updated_at"))
        changed = found["changed"].timestamp() if found["changed"] else 0
        stamp = f"{found['n']}:{changed:.6f}"
        cache.set(key, stamp, STAMP_SECONDS)
    return str(stamp)


def vocabulary(*, centre: Centre) -> set[str]:
    """Every indexed term of the centre's published offers (cached until an offer changes)."""
    key = f"directory:vocabulary:{centre.pk}:{_stamp(centre)}"
    terms = cache.get(key)
    if terms is None:
        terms = textsearch.vocabulary_of(published(centre=centre).values_list("search_index", flat=True))
        cache.set(key, terms, 3600)
    return set(terms)


@dataclass
class SearchResult:
    offers: QuerySet[Offer]
    corrected: dict[str, list[str]]  # query word -> the words it was read as
    distances: dict[int, float] = field(default_factory=dict)  # offer id -> km, when searching near a place
    # Offer ids nearest first, when searching near a place (paginate these, then fetch the page).
    ordered_ids: list[int] | None = None


def search(
    *,
    centre: Centre,
    text: str = "",
    area: str = "",
    age_group: str = "",
    language: str = "",
    district: str = "",
    free: bool = False,
    near: Point | None = None,
    radius_km: float = 10.0,
) -> SearchResult:
    """Published offers matching every query word (forms, synonyms, typos) and the filters."""
    everything = offers = published(centre=centre)
    if area:
        offers = offers.filter(areas__contains=f"|{area}|")
    if age_group:
        offers = offers.filter(age_groups__contains=f"|{age_group}|")
    if language:
        offers = offers.filter(languages__contains=f"|{language}|")
    if district:
        offers = offers.filter(address__district=district)
    if free:
        offers = offers.filter(is_free=True)
    corrected: dict[str, list[str]] = {}
    ranking: list[set[str]] = []  # per query word, what it matches
    for word in textsearch.parse_query(text):
        variants = textsearch.query_variants(word)
        if not _matching(everything, variants).exists():
            fixes = textsearch.corrections(word, vocabulary(centre=centre))
            if fixes:
                corrected[word] = fixes
                variants = set().union(*(textsearch.query_variants(fix) for fix in fixes))
        offers = _matching(offers, variants)
        ranking.append(variants)
    if near is None:
        return SearchResult(offers=_ranked(offers, ranking), corrected=corrected)
    min_lat, max_lat, min_lon, max_lon = bounding_box(near, radius_km)
    candidates = offers.filter(
        address__latitude__range=(min_lat, max_lat), address__longitude__range=(min_lon, max_lon)
    ).values_list("id", "address__latitude", "address__longitude")
    distances = {
        pk: distance_km(near, Point(float(lat), float(lon)))
        for pk, lat, lon in candidates
        if lat is not None and lon is not None
    }
    distances = {pk: km for pk, km in distances.items() if km <= radius_km}
    ordered = sorted(distances, key=lambda pk: (distances[pk], pk))
    return SearchResult(offers=offers, corrected=corrected, distances=distances, ordered_ids=ordered)


def _fts_query(variants: set[str]) -> str:
    """The variants as FTS5 prefix terms `"a"* OR "b"*`.

    Variants are folded `\\w` words (no quotes), so quoting them is safe; an empty query matches nothing.
    """
    return " OR ".join(f'"{variant}"*' for variant in sorted(variants) if '"' not in variant)


def _tsquery(variants: set[str]) -> str:
    return " | ".join(f"'{variant}':*" for variant in sorted(variants) if "'" not in variant) or "''"


def _full_text(offers: QuerySet[Offer], column: str, variants: set[str]) -> RawSQL | None:
    """A condition "a word of `column` (search_index or title_index) starts with one of `variants`"
    that uses the database's full-text index, or None where there is none."""
    vendor = connections[offers.db].vendor
    if vendor == "postgresql":
        if column == "title_index":
            return RawSQL(
                "directory_offer.title_vector @@ to_tsquery('simple', %s)",
                [_tsquery(variants)],
                output_field=BooleanField(),
            )
        return RawSQL(
            "directory_offer.search_vector @@ to_tsquery('simple', %s)",
            [_tsquery(variants)],
            output_field=BooleanField(),
        )
    if vendor == "sqlite":
        query = _fts_query(variants)
        if not query:
            return RawSQL("0", [], output_field=BooleanField())
        return RawSQL(
            "directory_offer.id IN (SELECT rowid FROM directory_offer_fts WHERE directory_offer_fts MATCH %s)",
            [f"{column} : ({query})"],
            output_field=BooleanField(),
        )
    return None


def _matching(offers: QuerySet[Offer], variants: set[str]) -> QuerySet[Offer]:
    """Offers with a word of the index that starts with one of `variants`.

    Through the full-text index (SQLite FTS5, PostgreSQL tsvector with GIN; migration 0007);
    on other databases `LIKE '% term%'`. All read the same index string, so they find the same
    offers (tested against the LIKE search for every term prefix).
    """
    condition = _full_text(offers, "search_index", variants)
    if condition is None:
        return _matching_portable(offers, variants)
    alias = f"fts_{len(offers.query.annotations)}"
    return offers.alias(**{alias: condition}).filter(**{alias: True})


def matching(offers: QuerySet[Offer], variants: set[str]) -> QuerySet[Offer]:
    """Offers with a word of the index that starts with one of `variants` (for the staff search too)."""
    return _matching(offers, variants)


def _matching_portable(offers: QuerySet[Offer], variants: set[str]) -> QuerySet[Offer]:
    return offers.filter(_starts_a_word("search_index", variants))


def _starts_a_word(index_field: str, variants: set[str]) -> Q:
    """A word of the index string in `index_field` starts with one of `variants`."""
    condition = Q()
    for variant in variants:
        condition |= Q(**{f"{index_field}__contains": f" {variant}"})
    return condition


def _ranked(offers: QuerySet[Offer], ranking: list[set[str]]) -> QuerySet[Offer]:
    """Offers whose titles hold more of the query words first, then in a stable order."""
    if not ranking:
        return offers.order_by("id")
    hits: Any = Value(0)
    for variants in ranking:
        in_title: Any = _full_text(offers, "title_index", variants) or _starts_a_word("title_index", variants)
        hits = hits + Case(When(in_title, then=Value(1)), default=Value(0))
    return offers.alias(title_hits=ExpressionWrapper(hits, output_field=IntegerField())).order_by("-title_hits", "id")


def with_texts(offers: QuerySet[Offer], *, language: str) -> QuerySet[Offer]:
    return offers.select_related("organisation", "address").prefetch_related(
        Prefetch(
            "translations",
            queryset=OfferTranslation.objects.filter(language__in={language, SOURCE_LANGUAGE}),
        )
    )


def offer_views(offers: list[Offer], *, language: str) -> list[OfferView]:
    return [
        OfferView(
            offer=offer, text=pick_translation(offer.translations.all(), language, OfferTranslation.translated_fields)
        )
        for offer in offers
    ]


def districts(*, centre: Centre) -> list[str]:
    """Districts that have published offers (cached until an offer changes)."""
    key = f"directory:districts:{centre.pk}:{_stamp(centre)}"
    found = cache.get(key)
    if found is None:
        rows = published(centre=centre).order_by().values_list("address__district", flat=True).distinct()
        found = sorted(d for d in rows if d)
        cache.set(key, found, 3600)
    return list(found)


def review_due_before(*, today: datetime.date | None = None) -> datetime.date:
    """Offers last reviewed before this date are due for review."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=settings.DIRECTORY_REVIEW_AFTER_DAYS)


def staff_offers(*, centre: Centre, status: str = "", due: bool = False, text: str = "") -> QuerySet[Offer]:
    """All of the centre's offers for the staff list, newest change first."""
    offers = Offer.objects.filter(centre=centre)
    if status:
        offers = offers.filter(status=status)
    if due:
        offers = offers.filter(Q(last_reviewed_on__lt=review_due_before()) | Q(last_reviewed_on__isnull=True))
    for word in textsearch.parse_query(text):
        offers = offers.filter(search_index__contains=f" {word}")
    return (
        offers.select_related("organisation")
        .prefetch_related("translations")  # every language: the list shows each one's status
        .order_by("-updated_at", "-id")
    )


@dataclass
class StaffOfferRow:
    offer: Offer
    source_text: OfferTranslation | None
    translation_states: list[tuple[str, str, str]]  # (code, language name, TranslationStatus)


def staff_rows(offers: Iterable[Offer]) -> list[StaffOfferRow]:
    """The staff list's rows: each offer with its German text and the state of every translation
    (from the prefetched translations: no query per row)."""
    languages = dict(settings.LANGUAGES)
    rows = []
    for offer in offers:
        texts = {row.language: row for row in offer.translations.all()}
        source = texts.get(SOURCE_LANGUAGE)
        states = [
            (code, languages[code], translation_status(texts.get(code), source))
            for code in settings.CONTENT_LANGUAGES
            if code != SOURCE_LANGUAGE
        ]
        rows.append(StaffOfferRow(offer=offer, source_text=source, translation_states=states))
    return rows


def partner_offers(*, centre: Centre, organisation: Organisation, language: str) -> list[OfferView]:
    """The offers a partner's organisation provides (not archived), in `language`."""
    offers = Offer.objects.filter(centre=centre, organisation=organisation).exclude(status=Offer.Status.ARCHIVED)
    return offer_views(list(with_texts(offers, language=language)), language=language)


def partner_proposals(*, centre: Centre, organisation: Organisation) -> QuerySet[OfferProposal]:
    """The organisation's latest proposals."""
    return OfferProposal.objects.filter(centre=centre, organisation=organisation)[:50]


def pending_proposals(*, centre: Centre) -> QuerySet[OfferProposal]:
    return OfferProposal.objects.filter(centre=centre, status=OfferProposal.Status.PENDING).select_related(
        "organisation", "proposed_by"
    )


def proposal_get(*, centre: Centre, pk: int, organisation: Organisation | None = None) -> OfferProposal:
    """One proposal of the centre (of `organisation`, for a partner); DoesNotExist otherwise."""
    proposals = OfferProposal.objects.filter(centre=centre, pk=pk)
    if organisation is not None:
        proposals = proposals.filter(organisation=organisation)
    return proposals.select_related("organisation", "offer", "proposed_by").get()


def proposal_comments(proposal: OfferProposal) -> list[ProposalComment]:
    """A proposal's conversation, oldest first."""
    return list(proposal.comments.select_related("author").order_by("created_at", "id"))

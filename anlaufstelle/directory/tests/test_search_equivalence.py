"""The directory search answers exactly as the word-prefix search over the index strings did.

The reference below is the search as it was before the full-text indexes (decision 0021): a
`LIKE '% word%'` condition per query word over `Offer.search_index`, the same over `title_index`
for the ranking, the same filters and typo corrections. For every prefix of every indexed term
(and for typos, several words and filters) the search must return the same offers in the same
order and read the same corrections, on SQLite (FTS5) and on PostgreSQL (tsvector with GIN).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Case, ExpressionWrapper, IntegerField, Q, QuerySet, Value, When
from django_scopes import scope

from anlaufstelle.core.languages import encode_codes
from anlaufstelle.directory import selectors, textsearch
from anlaufstelle.directory.models import Offer
from anlaufstelle.directory.tests.factories import make_offer

CORPUS = [
    # (German title, summary, English, Arabic, Ukrainian, Turkish, areas, free)
    (
        "Deutschkurs am Abend",
        "Lernen mit Kinderbetreuung",
        "German course",
        "دورة ألمانية مسائية",
        "",
        "",
        "language",
        True,
    ),
    (
        "Kindertagesstätte Sonnenschein",
        "Kita für Familien",
        "Daycare",
        "حضانة",
        "Дитячий садок",
        "Kreş",
        "kita_family",
        True,
    ),
    (
        "Migrationsberatung für Erwachsene",
        "Beratung und Begleitung",
        "Migration counselling",
        "استشارة الهجرة",
        "",
        "Göç danışmanlığı",
        "counselling",
        False,
    ),
    (
        "Straßenfußball 2026 für Mädchen",
        "Sport im Viertel",
        "Street football",
        "كرة القدم",
        "Вуличний футбол",
        "",
        "sport_leisure",
        True,
    ),
    (
        "Elterncafé im Familienzentrum Süd",
        "Treffpunkt für Eltern",
        "Parents' café",
        "مقهى الآباء",
        "Кафе для батьків",
        "Veli kafesi",
        "kita_family",
        True,
    ),
    (
        "Ukrainisch-Treff (Київ)",
        "Begegnung auf Ukrainisch",
        "Ukrainian meeting",
        "لقاء",
        "Зустріч українців",
        "",
        "counselling",
        True,
    ),
    (
        "Türkçe Sohbet",
        "Gesprächskreis auf Türkisch",
        "Turkish conversation",
        "",
        "",
        "İstanbul çay saati",
        "language",
        False,
    ),
    (
        "Bewerbungstraining",
        "Beratung zu Arbeit und Beruf",
        "Job training",
        "تدريب على العمل",
        "",
        "İş eğitimi",
        "work",
        False,
    ),
    (
        "Sprachkurs für Frauen",
        "Deutsch lernen in kleinen Gruppen",
        "Language course",
        "دورة لغة",
        "Мовний курс",
        "Dil kursu",
        "language",
        True,
    ),
    (
        "Hausaufgabenhilfe",
        "Deutschkurs-Vorbereitung und Lernhilfe",
        "Homework help",
        "مساعدة في الواجبات",
        "",
        "",
        "school",
        True,
    ),
]


def reference_search(*, centre: Any, text: str = "", area: str = "", free: bool = False, language: str = "") -> Any:
    """The search as it was before the full-text indexes (kept here, unchanged, as the yardstick)."""

    def starts_a_word(index_field: str, variants: set[str]) -> Q:
        condition = Q()
        for variant in variants:
            condition |= Q(**{f"{index_field}__contains": f" {variant}"})
        return condition

    everything = offers = Offer.objects.filter(centre=centre, status=Offer.Status.PUBLISHED)
    if area:
        offers = offers.filter(areas__contains=f"|{area}|")
    if language:
        offers = offers.filter(languages__contains=f"|{language}|")
    if free:
        offers = offers.filter(is_free=True)
    corrected: dict[str, list[str]] = {}
    ranking: list[set[str]] = []
    for word in textsearch.parse_query(text):
        variants = textsearch.query_variants(word)
        if not everything.filter(starts_a_word("search_index", variants)).exists():
            fixes = textsearch.corrections(word, selectors.vocabulary(centre=centre))
            if fixes:
                corrected[word] = fixes
                variants = set().union(*(textsearch.query_variants(fix) for fix in fixes))
        offers = offers.filter(starts_a_word("search_index", variants))
        ranking.append(variants)
    if not ranking:
        ordered: QuerySet[Offer] = offers.order_by("id")
    else:
        hits: Any = Value(0)
        for variants in ranking:
            hits = hits + Case(When(starts_a_word("title_index", variants), then=Value(1)), default=Value(0))
        ordered = offers.alias(title_hits=ExpressionWrapper(hits, output_field=IntegerField())).order_by(
            "-title_hits", "id"
        )
    return list(ordered.values_list("pk", flat=True)), corrected


def make_corpus(centre: Any) -> None:
    for de, summary, en, ar, uk, tr, area, free in CORPUS:
        texts: dict[str, dict[str, str]] = {"de": {"title": de, "summary": summary}, "en": {"title": en}}
        for code, title in (("ar", ar), ("uk", uk), ("tr", tr)):
            if title:
                texts[code] = {"title": title}
        make_offer(
            centre,
            de,
            texts=texts,
            areas=encode_codes([area]),
            languages=encode_codes(["de", *(code for code in ("ar", "uk", "tr") if texts.get(code))]),
            is_free=free,
        )
    make_offer(centre, "Entwurf Deutschkurs", status="draft")


def new_search(centre: Any, **params: Any) -> Any:
    result = selectors.search(centre=centre, **params)
    return list(result.offers.values_list("pk", flat=True)), result.corrected


def every_prefix(centre: Any) -> list[str]:
    terms = textsearch.vocabulary_of(selectors.published(centre=centre).values_list("search_index", flat=True))
    return sorted({term[:size] for term in terms for size in range(2, len(term) + 1)})


def test_every_term_prefix_finds_the_same_offers_in_the_same_order(centre, other_centre) -> None:  # type: ignore[no-untyped-def]
    make_corpus(centre)
    make_offer(other_centre, "Deutschkurs anderswo")
    with scope(centre=centre):
        queries = every_prefix(centre)
        assert len(queries) > 300
        for query in queries:
            assert new_search(centre, text=query) == reference_search(centre=centre, text=query), query


def test_typos_several_words_and_filters_answer_the_same(centre) -> None:  # type: ignore[no-untyped-def]
    make_corpus(centre)
    queries = [
        "Deutschkurz",
        "Beratnugen",
        "Kindertagesstatte Sonnenschien",
        "Deutsch lernen",
        "sprachkurs",
        "kita",
        "job",
        "Straßenfussball 2026",
        "Elterncafe Süd",
        "Київ зустріч",
        "İstanbul",
        "türkçe",
        "مقهى",
        "xyz",
        "ß",
        "a b",
        "",
    ]
    filters: list[dict[str, Any]] = [
        {},
        {"area": "language"},
        {"free": True},
        {"area": "kita_family", "free": True},
        {"language": "ar"},
        {"language": "uk", "free": True},
    ]
    with scope(centre=centre):
        for query in queries:
            for params in filters:
                expected = reference_search(centre=centre, text=query, **params)
                assert new_search(centre, text=query, **params) == expected, (query, params)


def test_the_full_text_index_follows_every_write(centre) -> None:  # type: ignore[no-untyped-def]
    """Triggers (SQLite) and generated columns (PostgreSQL) keep the index current: a new, a
    changed, a bulk-created and a deleted offer are found or not found at once.

    On SQLite a later migration that rebuilds directory_offer (Django does that for many
    column changes) drops the triggers: this test then fails, and the migration must create
    them again (migration 0007's statements)."""
    from django.db import connection

    offer = make_offer(centre, "Deutschkurs")
    with scope(centre=centre):
        assert new_search(centre, text="deutschkurs")[0] == [offer.pk]
        Offer.objects.filter(pk=offer.pk).update(search_index=" fahrrad ", title_index=" fahrrad ")
        assert new_search(centre, text="deutschkurs")[0] == []
        assert new_search(centre, text="fahrrad")[0] == [offer.pk]
        bulk = Offer.objects.bulk_create(
            [Offer(centre=centre, organisation=offer.organisation, status="published", search_index=" fahrradkurs ")]
        )
        assert sorted(new_search(centre, text="fahrrad")[0]) == sorted([offer.pk, bulk[0].pk])
        Offer.objects.filter(pk=offer.pk).delete()
        assert new_search(centre, text="fahrrad")[0] == [bulk[0].pk]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'directory_offer'")
            assert {row[0] for row in cursor.fetchall()} >= {
                "directory_offer_fts_insert",
                "directory_offer_fts_update",
                "directory_offer_fts_delete",
            }

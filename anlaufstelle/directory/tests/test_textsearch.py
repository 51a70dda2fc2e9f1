"""The pure search module: word forms, compounds, synonyms and typos."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from anlaufstelle.directory import textsearch


def finds(query: str, text: str, language: str = "de") -> bool:
    index = textsearch.index_string({language: [text]})
    vocabulary = textsearch.vocabulary_of([index])
    for word in textsearch.parse_query(query):
        variants = textsearch.query_variants(word)
        if not textsearch.matches_vocabulary(variants, vocabulary):
            fixes = textsearch.corrections(word, vocabulary)
            variants = set().union(*(textsearch.query_variants(f) for f in fixes)) if fixes else variants
        if not any(f" {variant}" in index for variant in variants):
            return False
    return True


def test_word_forms_and_case() -> None:
    for query in ["Deutschkurs", "deutschkurs", "Deutschkurse", "DEUTSCHKURSEN"]:
        assert finds(query, "Deutschkurs am Abend"), query


def test_compounds_and_synonyms() -> None:
    assert finds("Beratung", "Migrationsberatungsstelle der Caritas") is False  # not a prefix of the compound
    assert finds("Beratung", "Beratungsstelle der Caritas")
    assert finds("Sprachkurs", "Deutschkurs am Abend")
    assert finds("Kindergarten", "Kita Sonnenschein")


def test_typos_are_corrected_against_the_vocabulary() -> None:
    assert finds("Deutschkurz", "Deutschkurs am Abend")
    assert finds("Beratnug", "Beratung für Familien")
    assert not finds("Fahrrad", "Deutschkurs am Abend")


def test_umlauts_fold() -> None:
    assert finds("Fussball", "Fußball für alle")
    assert finds("Familienzentrum", "Familienzentrum Kunterbunt")
    assert finds("muenchen", "München")  # "ue" spelling reaches "ü" through typo tolerance


def test_other_languages_match_whole_words() -> None:
    assert finds("العائلات", "لقاء العائلات المفتوح", language="ar")
    assert finds("курс", "Курс німецької мови", language="uk")
    assert finds("German course", "Integration course German", language="en")


@given(st.text(min_size=1, max_size=40))
def test_index_and_query_never_fail(text: str) -> None:
    index = textsearch.index_string({"de": [text], "ar": [text]})
    assert index.startswith(" ") and index.endswith(" ")
    for word in textsearch.parse_query(text):
        assert all(variant for variant in textsearch.query_variants(word))

"""Database-independent word search for offers: folding, stemming, synonyms, typo tolerance.

Pure Python (no Django): the save action builds an index string of words and stems from
every language's texts; a query word matches when one of its variants starts a word of the
index, so German word forms and compounds match ("Deutschkurse" finds "Deutschkurs",
"Beratung" finds "Beratungsstelle"). Words that match nothing are corrected against the
centre's vocabulary ("Deutschkurz" -> "deutschkurs"). See docs/decisions/0008-directory-search.md.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping

import snowballstemmer

WORD = re.compile(r"\w+", re.UNICODE)
STEMMERS = {"de": snowballstemmer.stemmer("german"), "en": snowballstemmer.stemmer("english")}
MIN_PREFIX = 3

# Query-time synonyms, keyed by folded word stems: a search for the key also finds the values.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "sprachkur": ("deutschkur", "integrationskur", "sprachkurs"),
    "sprachkurs": ("deutschkur", "integrationskur"),
    "deutsch": ("deutschkur", "sprachkur"),
    "kindergart": ("kita",),
    "kindertagesstatt": ("kita",),
    "kita": ("kindertagesstatt", "kindergart"),
    "arzt": ("gesundheit", "medizin"),
    "job": ("arbeit", "beruf", "ausbild"),
    "arbeit": ("job", "beruf"),
    "wohnung": ("wohn",),
    "language": ("sprach", "deutschkur"),
    "german": ("deutsch", "deutschkur"),
    "counselling": ("berat",),
    "advice": ("berat",),
}


def fold(word: str) -> str:
    """Lower-case, strip accents and fold German special letters (ä→a, ß→ss)."""
    word = word.casefold().replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    return [fold(match) for match in WORD.findall(text or "") if len(match) >= 2]


def stems(word: str) -> set[str]:
    return {STEMMERS["de"].stemWord(word), STEMMERS["en"].stemWord(word)}


def index_terms(texts: Mapping[str, Iterable[str]]) -> set[str]:
    """All words and stems of texts given per language code."""
    terms: set[str] = set()
    for language, parts in texts.items():
        for part in parts:
            for word in words(part):
                terms.add(word)
                if language in STEMMERS:
                    terms.add(STEMMERS[language].stemWord(word))
    return {term for term in terms if len(term) >= 2}


def index_string(texts: Mapping[str, Iterable[str]]) -> str:
    """The stored index: space-separated terms with a leading and trailing space."""
    return " " + " ".join(sorted(index_terms(texts))) + " "


def query_variants(word: str) -> set[str]:
    """What one query word may match: itself, its stems and their synonyms."""
    base = {word, *stems(word)}
    variants = set(base)
    for term in base:
        variants.update(SYNONYMS.get(term, ()))
    return {variant for variant in variants if len(variant) >= min(MIN_PREFIX, len(word))}


def parse_query(text: str, limit: int = 8) -> list[str]:
    return words(text)[:limit]


def vocabulary_of(indexes: Iterable[str]) -> set[str]:
    vocabulary: set[str] = set()
    for index in indexes:
        vocabulary.update(index.split())
    return vocabulary


def matches_vocabulary(variants: set[str], vocabulary: set[str]) -> bool:
    return any(term.startswith(variant) for variant in variants for term in vocabulary)


def corrections(word: str, vocabulary: Iterable[str], limit: int = 3) -> list[str]:
    """Close words of the vocabulary for a word that matches nothing (typos)."""
    if len(word) < 4:
        return []
    return difflib.get_close_matches(word, list(vocabulary), n=limit, cutoff=0.78)

"""Dialects of interpreting languages: free text normalised to a known dialect, and dialect groups.

A pure module (no Django), used by the matcher and the forms; decision 0014 says which
varieties form a group and where that comes from. A request for a dialect is served by a
volunteer who speaks any dialect of the same group (Syrian and Lebanese are both Levantine
Arabic); varieties that are related but not readily understood by each other's speakers (the
Kurdish varieties; Farsi, Dari and Tajik) are groups of their own. Text that names no known
dialect is compared as written, ignoring case, accents and punctuation.
"""

from __future__ import annotations

import re
import unicodedata

# key -> (group key, English name, other names: German and English, spellings, country names)
DIALECTS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    # Arabic
    "levantine": ("levantine", "Levantine", ("levantinisch", "levante", "shami", "schami", "levantine arabic")),
    "syrian": ("levantine", "Syrian", ("syrisch", "syrien", "syria")),
    "lebanese": ("levantine", "Lebanese", ("libanesisch", "libanon", "lebanon")),
    "palestinian": ("levantine", "Palestinian", ("palaestinensisch", "palästinensisch", "palaestina", "palestine")),
    "jordanian": ("levantine", "Jordanian", ("jordanisch", "jordanien", "jordan")),
    "gulf": ("gulf", "Gulf", ("golf", "golfarabisch", "khaleeji", "khaliji", "kuwaiti", "kuwaitisch", "emirati")),
    "iraqi": ("iraqi", "Iraqi", ("irakisch", "irak", "iraq", "mesopotamian", "mesopotamisch")),
    "egyptian": ("egyptian", "Egyptian", ("ägyptisch", "aegyptisch", "ägypten", "aegypten", "egypt", "masri")),
    "maghrebi": ("maghrebi", "Maghrebi", ("maghrebinisch", "maghreb", "darija", "darja")),
    "moroccan": ("maghrebi", "Moroccan", ("marokkanisch", "marokko", "morocco")),
    "algerian": ("maghrebi", "Algerian", ("algerisch", "algerien", "algeria")),
    "tunisian": ("maghrebi", "Tunisian", ("tunesisch", "tunesien", "tunisia")),
    "libyan": ("libyan", "Libyan", ("libysch", "libyen", "libya")),
    "sudanese": ("sudanese", "Sudanese", ("sudanesisch", "sudan")),
    "yemeni": ("yemeni", "Yemeni", ("jemenitisch", "jemen", "yemen")),
    "standard-arabic": (
        "standard-arabic",
        "Modern Standard Arabic",
        ("hocharabisch", "standardarabisch", "msa", "fusha", "fusha arabic", "modern standard"),
    ),
    # Kurdish: not readily understood across these varieties, so no two share a group.
    "kurmanji": ("kurmanji", "Kurmanji", ("kurmancî", "kurmanci", "kurmandschi", "nordkurdisch", "northern kurdish")),
    "badini": ("kurmanji", "Badini", ("badînî", "behdini", "bahdini")),  # Kurmanji of Duhok
    "sorani": ("sorani", "Sorani", ("soranî", "zentralkurdisch", "central kurdish")),
    "southern-kurdish": (
        "southern-kurdish",
        "Southern Kurdish",
        ("südkurdisch", "suedkurdisch", "southern kurdish", "kelhuri", "kalhori", "feyli", "faili"),
    ),
    "zazaki": ("zazaki", "Zazaki", ("zaza", "dimli", "kirmancki")),
    "gorani": ("gorani", "Gorani", ("hawrami", "hewrami")),
    # Persian: three standard varieties, kept apart for official and medical interpreting.
    "farsi": ("farsi", "Farsi (Iran)", ("persisch", "persian", "iranian persian", "iranisches persisch")),
    "dari": ("dari", "Dari (Afghanistan)", ("dari persisch", "afghan persian", "afghanisches persisch")),
    "tajik": ("tajik", "Tajik", ("tadschikisch", "tajiki", "tojiki")),
}

# Words that say "Arabic", "dialect" and the like: they do not tell dialects apart.
FILLER = frozenset(
    {
        "arabisch",
        "arabische",
        "arabisches",
        "arabic",
        "dialekt",
        "dialect",
        "kurdisch",
        "kurdish",
        "sprache",
        "language",
        "aus",
        "von",
        "der",
        "des",
        "from",
        "of",
        "the",
    }
)


def _clean(text: str) -> str:
    """Case, accents and punctuation removed, spaces collapsed."""
    for _round in range(3):  # until nothing changes (casefolding can expose new accents)
        folded = unicodedata.normalize("NFKD", text.casefold())
        folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
        folded = " ".join(re.sub(r"[\W_]+", " ", folded).split())
        if folded == text:
            break
        text = folded
    return text


_ALIASES: dict[str, str] = {}
for _key, (_group, _name, _others) in DIALECTS.items():
    for _alias in (_key, _name, *_others):
        _ALIASES.setdefault(_clean(_alias), _key)


def _stems(word: str) -> list[str]:
    """The word and the German adjective without its ending (syrisches -> syrisch)."""
    stems = [word]
    for ending in ("es", "er", "en", "em", "e"):
        if word.endswith(ending) and len(word) > len(ending) + 3:
            stems.append(word[: -len(ending)])
    return stems


def normalise(text: str) -> str:
    """The key of the dialect the text names ("Syrisch-Arabisch" -> "syrian"), else the cleaned text."""
    if text in DIALECTS:
        return text
    cleaned = _clean(text or "")
    if cleaned in _ALIASES:
        return _ALIASES[cleaned]
    words = [word for word in cleaned.split() if word not in FILLER]
    if " ".join(words) in _ALIASES:
        return _ALIASES[" ".join(words)]
    for word in words:
        for stem in _stems(word):
            if stem in _ALIASES:
                return _ALIASES[stem]
    return cleaned


def group(key: str) -> str | None:
    """The group of a known dialect key (None for text that names no known dialect)."""
    known = DIALECTS.get(key)
    return known[0] if known else None


def label_source(key: str) -> str:
    """The English name of a known dialect (the interface translates it), else the text as given."""
    known = DIALECTS.get(key)
    return known[1] if known else key


def matches(wanted: str, spoken: str) -> bool:
    """Whether a volunteer's dialect serves a request for `wanted` (no dialect asked: always)."""
    want = normalise(wanted)
    if not want:
        return True
    have = normalise(spoken)
    if not have:
        return False
    return (group(want) or want) == (group(have) or have)

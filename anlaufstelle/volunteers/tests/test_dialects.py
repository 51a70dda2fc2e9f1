"""Dialects: free text is normalised to a known dialect, and the matcher compares dialect groups."""

from __future__ import annotations

import datetime

from hypothesis import given
from hypothesis import strategies as st

from anlaufstelle.volunteers import dialects, matching

KNOWN = sorted(dialects.DIALECTS)
MONDAY = datetime.datetime(2030, 1, 7, 10)


def test_german_and_english_names_and_spellings_reach_one_dialect() -> None:
    for text in ("syrisch", "Syrisch", " SYRIAN ", "Syrisch-Arabisch", "Arabisch (Syrien)", "syrian arabic"):
        assert dialects.normalise(text) == "syrian", text
    for text in ("Levantinisch", "levantine", "Levantinisches Arabisch"):
        assert dialects.normalise(text) == "levantine", text
    assert dialects.normalise("Kurmancî") == dialects.normalise("kurmandschi") == "kurmanji"
    assert dialects.normalise("Soranî") == dialects.normalise("Zentralkurdisch") == "sorani"
    assert dialects.normalise("Ägyptisch") == dialects.normalise("aegyptisch") == "egyptian"
    assert dialects.normalise("Darija") == "maghrebi"
    assert dialects.normalise("Marokkanisch") == "moroccan"


def test_unknown_text_is_kept_cleaned() -> None:
    assert dialects.normalise("  Hassaniya ") == "hassaniya"
    assert dialects.normalise("") == ""
    assert dialects.group("hassaniya") is None


def test_the_reported_case_syrian_and_levantine_match() -> None:
    assert dialects.matches("Levantinisch", "syrisch")
    assert dialects.matches("syrisch", "Levantinisch")
    assert dialects.matches("libanesisch", "Palästinensisch")
    assert dialects.matches("Marokkanisch", "algerisch")


def test_distinct_varieties_do_not_match() -> None:
    assert not dialects.matches("Levantinisch", "irakisch")
    assert not dialects.matches("ägyptisch", "sudanesisch")
    # Related but distinct: Kurdish varieties, and the three standard varieties of Persian.
    assert not dialects.matches("Sorani", "Kurmanji")
    assert not dialects.matches("Farsi", "Dari")
    assert not dialects.matches("Dari", "Tadschikisch")


def test_every_group_and_every_alias_is_consistent() -> None:
    for key, (group_key, _label, aliases) in dialects.DIALECTS.items():
        assert dialects.normalise(key) == key
        assert group_key in dialects.DIALECTS, key
        for alias in aliases:
            assert dialects.normalise(alias) == key, alias


@given(st.sampled_from(KNOWN), st.sampled_from(KNOWN))
def test_match_is_symmetric_and_follows_the_groups(a: str, b: str) -> None:
    assert dialects.matches(a, b) == dialects.matches(b, a)
    assert dialects.matches(a, b) == (dialects.group(a) == dialects.group(b))


@given(st.text(max_size=30))
def test_normalise_is_idempotent_and_case_blind(text: str) -> None:
    once = dialects.normalise(text)
    assert dialects.normalise(once) == once
    assert dialects.normalise(text.upper()) == dialects.normalise(text.lower()) or not text.isascii()


@given(st.text(min_size=1, max_size=30).filter(lambda t: dialects.normalise(t) != ""))
def test_every_dialect_matches_itself_in_any_case(text: str) -> None:
    assert dialects.matches(text, text)
    assert dialects.matches(text.casefold(), text)


@given(st.sampled_from(KNOWN), st.sampled_from(KNOWN))
def test_the_matcher_excludes_for_the_dialect_exactly_when_the_groups_differ(wanted: str, spoken: str) -> None:
    volunteer = matching.Volunteer(
        id="1",
        languages=(matching.Language("ar", "native", dialects.label_source(spoken)),),
        windows=(matching.Window(0, datetime.time(8), datetime.time(18)),),
    )
    request = matching.Request(
        language="ar",
        dialect=dialects.label_source(wanted),
        start=MONDAY,
        end=MONDAY + datetime.timedelta(hours=1),
        setting=matching.PHONE,
    )
    reason = matching.check(volunteer, request)
    same_group = dialects.group(wanted) == dialects.group(spoken)
    assert (reason == matching.NO_DIALECT) == (not same_group)
    if same_group:
        assert reason == ""


def test_every_known_dialect_has_a_translatable_name() -> None:
    from anlaufstelle.volunteers.dialect_names import NAMES, dialect_label

    assert set(NAMES) == set(dialects.DIALECTS)
    assert dialect_label("hassaniya") == "hassaniya"

"""The shared vocabulary in core: language codes, order statistics, the geocoder's address sources."""

from __future__ import annotations

from anlaufstelle.core import geo
from anlaufstelle.core.languages import OFFER_LANGUAGES, decode_codes, encode_codes
from anlaufstelle.core.statistics import median, percentile


def test_codes_round_trip_sorted_and_deduplicated() -> None:
    assert encode_codes(["de", "ar", "de", ""]) == "|ar|de|"
    assert decode_codes("|ar|de|") == ["ar", "de"]
    assert encode_codes([]) == "" and decode_codes("") == []


def test_every_language_code_is_unique() -> None:
    codes = [code for code, _name in OFFER_LANGUAGES]
    assert len(codes) == len(set(codes)) and "de" in codes


def test_median_and_nearest_rank_percentile() -> None:
    assert median([]) is None and percentile([], 0.5) is None
    assert median([3, 1, 2]) == 2.0
    assert median([4, 1, 3, 2]) == 2.5
    assert percentile(list(range(1, 11)), 0.9) == 9.0


def test_partners_registers_its_addresses_with_the_geocoder_once() -> None:
    modules = [source.__module__ for source in geo.ADDRESS_SOURCES]
    assert modules == ["anlaufstelle.partners.selectors"]
    source = geo.ADDRESS_SOURCES[0]
    assert geo.register_address_source(source) is source
    assert [source] == geo.ADDRESS_SOURCES


def test_core_geo_imports_no_app() -> None:
    import ast
    from pathlib import Path

    tree = ast.parse(Path(geo.__file__).read_text())
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    assert not {name for name in imported if name.startswith("anlaufstelle.") and name != "anlaufstelle.core"}

"""Bidi isolation of inserted values (core.bidi and the `isolate` template filter)."""

from __future__ import annotations

from django.template import Context, Template

from anlaufstelle.core.bidi import FSI, LRI, PDI, address_line, direction_of, isolate, isolate_html, isolates_as_html


def test_direction_is_the_first_strong_letter_and_numbers_are_left_to_right() -> None:
    assert direction_of("Yusuf Al-Masri") == "ltr"
    assert direction_of("٣ ديسمبر 2026") == "rtl"
    assert direction_of("02151 86-0") == "ltr"  # no letters: never reversed


def test_plain_text_isolates() -> None:
    assert isolate("Yusuf Al-Masri") == f"{FSI}Yusuf Al-Masri{PDI}"
    assert isolate("02151 86-0") == f"{LRI}02151 86-0{PDI}"
    assert isolate("Krefeld", "ltr") == f"{LRI}Krefeld{PDI}"
    assert isolate("") == "" and isolate(None) == ""


def test_html_isolates_escape_and_set_the_direction() -> None:
    assert isolate_html("<b>Ana & Bo</b>") == '<bdi dir="ltr">&lt;b&gt;Ana &amp; Bo&lt;/b&gt;</bdi>'
    assert isolate_html("محمد") == '<bdi dir="rtl">محمد</bdi>'
    rendered = Template('{% load anlaufstelle %}{{ phone|isolate:"ltr" }} {{ name|isolate }}').render(
        Context({"phone": "02151 86-0", "name": "Yusuf"})
    )
    assert rendered == '<bdi dir="ltr">02151 86-0</bdi> <bdi dir="ltr">Yusuf</bdi>'
    text = f"مدرسة {isolate('Yusuf & Co')}: {isolate('02151 86-0')}"
    assert isolates_as_html(text) == (
        'مدرسة <bdi dir="ltr">Yusuf &amp; Co</bdi>: <bdi dir="ltr" class="nowrap">02151 86-0</bdi>'
    )


def test_address_line_leaves_out_missing_parts() -> None:
    assert address_line("Hauptstraße 1", "47798", "Krefeld") == "Hauptstraße 1, 47798 Krefeld"
    assert address_line("", "47798", "Krefeld") == "47798 Krefeld"
    assert address_line("Hauptstraße 1", "", "") == "Hauptstraße 1"

"""The one include that draws every table of the figures pages."""

from __future__ import annotations

import datetime

from django.template.loader import render_to_string
from django.utils import translation

from anlaufstelle.core.figures_table import Column, FiguresTable, day, decimal, numbers

TEMPLATE = "core/includes/figures_table.html"


def test_a_table_has_a_caption_headers_with_scope_and_right_aligned_numbers() -> None:
    table = FiguresTable(
        id="table-x",
        caption="Requests per language",
        columns=[Column("Language"), Column("Kind"), *numbers("Requests")],
        rows=[["Arabisch", "Arzt", 3], ["Türkisch", "Schule", 1]],
        row_langs=["ar", ""],
    )
    html = render_to_string(TEMPLATE, {"table": table})
    assert 'role="region" aria-labelledby="table-x"' in html and 'tabindex="0"' in html
    assert '<caption id="table-x" class="kern-heading-small">Requests per language</caption>' in html
    assert 'class="kern-table kern-table--striped"' in html
    assert html.count('scope="col"') == 3 and html.count('scope="row"') == 2
    assert html.count("kern-table__header--numeric") == 1 and html.count("kern-table__cell--numeric") == 2
    assert '<span lang="ar" dir="auto">Arabisch</span>' in html
    assert '<th scope="row" class="kern-table__cell">Türkisch</th>' in html
    assert '<td class="kern-table__cell">Arzt</td>' in html


def test_an_empty_table_says_so_across_all_columns_or_shows_no_row() -> None:
    columns = [Column("Pool"), *numbers("Volunteers", "Hours")]
    empty = render_to_string(TEMPLATE, {"table": FiguresTable(id="t", caption="c", columns=columns, empty="None yet.")})
    assert '<td class="kern-table__cell" colspan="3">None yet.</td>' in empty
    silent = render_to_string(TEMPLATE, {"table": FiguresTable(id="t", caption="c", columns=columns, striped=False)})
    assert "<tbody" in silent and "kern-table__row" not in silent.split("<tbody")[1].split("</tbody>")[0]
    assert "kern-table--striped" not in silent


def test_values_are_escaped_and_numbers_and_dates_follow_the_language() -> None:
    table = FiguresTable(id="t", caption="<b>", columns=[Column("A")], rows=[["<script>"]])
    html = render_to_string(TEMPLATE, {"table": table})
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;" in html
    with translation.override("de"):
        assert decimal(12.25) == "12,2" or decimal(12.25) == "12,3"
        assert decimal(None) == "–" and decimal(7, 0) == "7"
        assert day(datetime.date(2025, 3, 9)) == "09.03.2025"
    with translation.override("en"):
        assert decimal(1.5) == "1.5"

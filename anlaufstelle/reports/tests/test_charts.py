"""Charts as SVG: structure, accessible names, values, and right-to-left pages."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from django.utils import translation

from anlaufstelle.reports.charts import bar_chart, figure, line_chart, target_chart

NS = {"svg": "http://www.w3.org/2000/svg"}


def parse(chart):  # type: ignore[no-untyped-def]
    return ET.fromstring(str(chart.svg))  # noqa: S314 - our own output


def test_bar_chart_is_a_named_image_with_a_bar_per_value_and_its_table() -> None:
    chart = bar_chart(
        id="c1",
        title="Anfragen je Sprache",
        header="Sprache",
        labels=["Arabisch", "Ukrainisch"],
        values=[12, 3],
        unit="Anfragen",
    )
    root = parse(chart)
    assert root.get("role") == "img" and root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find("svg:title", NS).text == "Anfragen je Sprache"
    bars = root.findall(".//svg:rect", NS)
    assert [bar.get("data-value") for bar in bars] == ["12", "3"]
    assert float(bars[0].get("width")) == 4 * float(bars[1].get("width"))
    assert [g.find("svg:title", NS).text for g in root.findall("svg:g", NS)] == [
        "Arabisch: 12 Anfragen",
        "Ukrainisch: 3 Anfragen",
    ]
    assert list(chart.table.rows) == [["Arabisch", "12"], ["Ukrainisch", "3"]]
    assert chart.table.caption == chart.title and chart.table.columns[1].numeric


def test_a_suppressed_value_draws_nothing_and_reads_as_a_dash() -> None:
    chart = bar_chart(id="c2", title="T", header="H", labels=["A", "B"], values=[None, 7], unit="u")
    bars = parse(chart).findall(".//svg:rect", NS)
    assert bars[0].get("width") == "0.0" and bars[0].get("data-value") == "–"
    assert next(iter(chart.table.rows)) == ["A", "–"]


def test_labels_are_escaped() -> None:
    chart = bar_chart(id="c3", title="<b>x</b>", header="H", labels=["<script>"], values=[1], unit="u")
    assert "<script>" not in str(chart.svg) and "&lt;script&gt;" in str(chart.svg)
    parse(chart)  # still well-formed


def test_line_chart_has_a_point_per_known_value_in_time_order() -> None:
    chart = line_chart(
        id="t",
        title="Verlauf",
        header="Jahr",
        periods=["2024", "2025", "2026"],
        series=[("Kinder", [4, None, 10])],
        unit="Kinder",
    )
    root = parse(chart)
    circles = root.findall(".//svg:circle", NS)
    assert [c.get("data-value") for c in circles] == ["4", "10"]
    assert float(circles[0].get("cx")) < float(circles[1].get("cx"))  # time runs left to right
    assert float(circles[0].get("cy")) > float(circles[1].get("cy"))  # larger is higher
    assert circles[1].find("svg:title", NS).text == "Kinder, 2026: 10 Kinder"
    assert list(chart.table.rows) == [["2024", "4"], ["2025", "–"], ["2026", "10"]]


def test_target_chart_marks_each_target_on_the_rows_own_scale() -> None:
    chart = target_chart(
        id="g",
        title="Ziel und Ist",
        header="Indikator",
        labels=["Stunden", "Familien"],
        actual=[50, 30],
        target=[100, 20],
        units=["Stunden", "Familien"],
    )
    root = parse(chart)
    bars, goals = root.findall(".//svg:rect", NS), root.findall(".//svg:line", NS)
    assert [g.get("data-value") for g in goals] == ["100", "20"]
    assert float(goals[0].get("x1")) == float(bars[0].get("x")) + 2 * float(bars[0].get("width"))
    assert float(bars[1].get("width")) > float(goals[1].get("x1")) - float(bars[1].get("x"))  # above target
    assert list(chart.table.rows) == [["Stunden", "50", "100", "Stunden"], ["Familien", "30", "20", "Familien"]]


def test_right_to_left_keeps_the_axes_and_isolates_the_labels() -> None:
    with translation.override("ar"):
        chart = bar_chart(id="r", title="الطلبات", header="اللغة", labels=["العربية"], values=[1234.5], unit="ساعات")
    root = parse(chart)
    assert root.get("direction") == "ltr"
    texts = root.findall(".//svg:text", NS)
    assert texts and all(t.get("unicode-bidi") == "isolate" for t in texts)
    assert texts[0].text == "العربية" and texts[0].get("text-anchor") == "end"


def test_numbers_follow_the_language() -> None:
    with translation.override("de"):
        assert figure(1234.5) == "1.234,5" and figure(3.0) == "3" and figure(None) == "–"
    with translation.override("en"):
        assert figure(1234.5) == "1,234.5"

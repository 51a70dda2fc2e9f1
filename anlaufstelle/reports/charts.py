"""Charts drawn on the server as SVG (no script, the CSP stays strict), each paired with its data table.

A chart is decoration for sighted readers; the table beside it is its text alternative and holds
every number. The SVG is an image (`role="img"`) named by its `<title>`, with a `<desc>` pointing to
the table, and every bar or point carries its own `<title>` ("label: value") for a pointer's tooltip.
Axes keep their order in right-to-left pages (the SVG sets `direction="ltr"`, as the table's columns
keep theirs); labels are bidi-isolated so an Arabic or Hebrew name next to a number stays readable.
Missing or suppressed values (None) draw nothing and read "–".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from anlaufstelle.core.figures_table import NO_VALUE, Column, FiguresTable

WIDTH = 640
BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 200
PALETTE = ("#0b5394", "#b45f06", "#38761d", "#741b47", "#134f5c")


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    svg: SafeString
    table: FiguresTable


def figure(value: float | int | None, places: int = 1) -> str:
    """A value as the chart and table show it: localised, whole numbers without decimals, or a dash."""
    if value is None:
        return NO_VALUE
    if float(value).is_integer():
        return number_format(int(value), force_grouping=True)
    return number_format(round(float(value), places), places, force_grouping=True)


def _text(x: float, y: float, content: str, *, anchor: str = "start", css: str = "") -> str:
    extra = f' class="{css}"' if css else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" unicode-bidi="isolate"{extra}>{escape(content)}</text>'
    )


def _frame(id: str, title: str, height: float, body: list[str]) -> SafeString:
    desc = _("The table with the figures follows the chart.")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" id="{escape(id)}" role="img" '
        f'viewBox="0 0 {WIDTH} {height:.0f}" width="100%" direction="ltr" '
        f'aria-labelledby="{escape(id)}-title {escape(id)}-desc" font-size="13" font-family="sans-serif">',
        f'<title id="{escape(id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(id)}-desc">{escape(desc)}</desc>',
        *body,
        "</svg>",
    ]
    return mark_safe("".join(parts))  # every inserted text is escaped above


def _scale(values: Sequence[float | int | None]) -> float:
    top = max((float(v) for v in values if v is not None), default=0.0)
    return top if top > 0 else 1.0


def bar_chart(
    *, id: str, title: str, header: str, labels: Sequence[str], values: Sequence[float | int | None], unit: str
) -> Chart:
    """Horizontal bars, one per label (a breakdown: per language, per area of life, per centre)."""
    top = _scale(values)
    span = WIDTH - LABEL_WIDTH - 80
    body = []
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = GAP + index * (BAR_HEIGHT + GAP)
        shown = figure(value)
        body.append(f'<g class="bar"><title>{escape(label)}: {escape(shown)} {escape(unit)}</title>')
        body.append(_text(LABEL_WIDTH - 8, y + BAR_HEIGHT * 0.7, label, anchor="end"))
        width = 0.0 if value is None else span * float(value) / top
        body.append(
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" fill="{PALETTE[0]}" '
            f'data-value="{escape(shown)}"/>'
        )
        body.append(_text(LABEL_WIDTH + width + 6, y + BAR_HEIGHT * 0.7, shown))
        body.append("</g>")
    height = GAP + max(len(labels), 1) * (BAR_HEIGHT + GAP)
    table = FiguresTable(
        id=f"{id}-table",
        caption=title,
        columns=[Column(header), Column(f"{_('Value')} ({unit})", numeric=True)],
        rows=[[label, figure(value)] for label, value in zip(labels, values, strict=True)],
        empty=_("No figures for this selection."),
    )
    return Chart(id=id, title=title, svg=_frame(id, title, height, body), table=table)


def line_chart(
    *,
    id: str,
    title: str,
    header: str,
    periods: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | int | None]]],
    unit: str,
) -> Chart:
    """A trend: one line per series over the periods (left to right in time, as the table's rows run down)."""
    height, left, bottom, top_margin = 260, 56, 40, 16
    plot_width, plot_height = WIDTH - left - 16, height - bottom - top_margin
    top = _scale([v for _name, values in series for v in values])
    step = plot_width / max(len(periods) - 1, 1)

    def point(index: int, value: float | int) -> tuple[float, float]:
        return left + index * step, top_margin + plot_height * (1 - float(value) / top)

    body = [
        f'<line x1="{left}" y1="{top_margin + plot_height}" x2="{WIDTH - 16}" y2="{top_margin + plot_height}" '
        'stroke="#666"/>',
        _text(left - 6, top_margin + 10, figure(top), anchor="end"),
        _text(left - 6, top_margin + plot_height, "0", anchor="end"),
    ]
    for index, period in enumerate(periods):
        if len(periods) <= 12 or index % max(len(periods) // 12, 1) == 0:
            body.append(_text(left + index * step, height - bottom + 18, period, anchor="middle"))
    for number, (name, values) in enumerate(series):
        colour = PALETTE[number % len(PALETTE)]
        known = [(i, v) for i, v in enumerate(values) if v is not None]
        if len(known) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, v) for i, v in known))
            body.append(f'<polyline class="series" fill="none" stroke="{colour}" stroke-width="2" points="{path}"/>')
        for i, v in known:
            x, y = point(i, v)
            body.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}" data-value="{escape(figure(v))}">'
                f"<title>{escape(name)}, {escape(periods[i])}: {escape(figure(v))} {escape(unit)}</title></circle>"
            )
    if len(series) > 1:
        for number, (name, _values) in enumerate(series):
            x = left + number * 150
            colour = PALETTE[number % len(PALETTE)]
            body.append(f'<rect x="{x}" y="{height - 14}" width="10" height="10" fill="{colour}"/>')
            body.append(_text(x + 14, height - 5, name))
    table = FiguresTable(
        id=f"{id}-table",
        caption=title,
        columns=[Column(header), *(Column(f"{name} ({unit})", numeric=True) for name, _values in series)],
        rows=[[period, *(figure(values[i]) for _name, values in series)] for i, period in enumerate(periods)],
        empty=_("No figures for this selection."),
    )
    return Chart(id=id, title=title, svg=_frame(id, title, height, body), table=table)


def target_chart(
    *,
    id: str,
    title: str,
    header: str,
    labels: Sequence[str],
    actual: Sequence[float | int | None],
    target: Sequence[float | int | None],
    units: Sequence[str],
) -> Chart:
    """Actual against target: a bar per indicator with a marker at its target. Indicators have units of
    their own, so each row has its own scale (the larger of actual and target fills the row)."""
    span = WIDTH - LABEL_WIDTH - 120
    body = []
    for index, (label, value, goal, unit) in enumerate(zip(labels, actual, target, units, strict=True)):
        top = _scale([value, goal])
        y = GAP + index * (BAR_HEIGHT + GAP)
        shown, wanted = figure(value), figure(goal)
        body.append(
            f'<g class="target"><title>{escape(label)}: {escape(shown)}, '
            f"{escape(_('target'))} {escape(wanted)} {escape(unit)}</title>"
        )
        body.append(_text(LABEL_WIDTH - 8, y + BAR_HEIGHT * 0.7, label, anchor="end"))
        width = 0.0 if value is None else span * float(value) / top
        body.append(
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" fill="{PALETTE[0]}" '
            f'data-value="{escape(shown)}"/>'
        )
        if goal is not None:
            x = LABEL_WIDTH + span * float(goal) / top
            body.append(
                f'<line class="goal" x1="{x:.1f}" y1="{y - 3}" x2="{x:.1f}" y2="{y + BAR_HEIGHT + 3}" '
                f'stroke="#000" stroke-width="3" data-value="{escape(wanted)}"/>'
            )
        body.append(_text(WIDTH - 4, y + BAR_HEIGHT * 0.7, f"{shown} / {wanted}", anchor="end"))
        body.append("</g>")
    height = GAP + max(len(labels), 1) * (BAR_HEIGHT + GAP)
    table = FiguresTable(
        id=f"{id}-table",
        caption=title,
        columns=[
            Column(header),
            Column(_("Actual"), numeric=True),
            Column(_("Target"), numeric=True),
            Column(_("Unit")),
        ],
        rows=[
            [label, figure(a), figure(t), unit] for label, a, t, unit in zip(labels, actual, target, units, strict=True)
        ],
        empty=_("No figures for this selection."),
    )
    return Chart(id=id, title=title, svg=_frame(id, title, height, body), table=table)

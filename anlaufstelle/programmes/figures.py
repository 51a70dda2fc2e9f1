"""The figures of a programme year for the state coordination: every indicator of the programme's
template, per site and in total, computed from the recorded sessions (indicators.py); as tables
for the page, sheets for the XLSX and the PDF.

What counts: a group belongs to the year it was set up for and to the site it is at now (a group
that moved counts at its new site). Sessions count by status; people and languages only from held
sessions. "Families reached" and "children reached" are, per group, the largest number of adults or
children at one held session, added over the groups (counts only, no names are kept).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from anlaufstelle.core.bidi import isolate
from anlaufstelle.core.figures_table import Column, FiguresTable, numbers
from anlaufstelle.core.pdf import html_to_pdf, page_footer
from anlaufstelle.programmes import indicators as calc
from anlaufstelle.programmes.schedule import year_label
from anlaufstelle.programmes.selectors import FigureFacts


@dataclass
class Figures:
    facts: FigureFacts
    total: dict[str, int]
    sites: list[tuple[str, dict[str, int]]]  # (site name, values), by name

    @property
    def year_label(self) -> str:
        return year_label(self.facts.year)


def compute(facts: FigureFacts) -> Figures:
    """Total and per-site values of every indicator (pure computation over the facts)."""
    buckets = calc.buckets_of(facts.sessions)
    total = calc.evaluate(facts.indicators, facts.groups, buckets)
    site_groups: dict[int, list[calc.GroupFact]] = {}
    for group in facts.groups:
        site_groups.setdefault(group.site_id, []).append(group)
    by_site = {site: calc.evaluate(facts.indicators, chosen, buckets) for site, chosen in site_groups.items()}
    sites = sorted(((facts.sites.get(site, "?"), values) for site, values in by_site.items()), key=lambda r: r[0])
    return Figures(facts, total, sites)


def tables(figures: Figures) -> list[FiguresTable]:
    labels = [indicator.label for indicator in figures.facts.indicators]
    keys = [indicator.key for indicator in figures.facts.indicators]
    total = FiguresTable.numeric(
        "figures-total",
        _("In total"),
        _("Indicator"),
        [_("Value")],
        [[label, figures.total[key]] for label, key in zip(labels, keys, strict=True)],
        empty=_("The programme has no indicators."),
    )
    per_site = FiguresTable(
        id="figures-sites",
        caption=_("Per site"),
        columns=[Column(_("Site")), *numbers(*labels)],
        rows=[[name, *(values[key] for key in keys)] for name, values in figures.sites],
        empty=_("No groups in this year."),
    )
    return [total, per_site]


def sheets(figures: Figures) -> list[tuple[str, Sequence[str], list[list[Any]]]]:
    """The XLSX sheets: the totals, and one row per site."""
    indicators = figures.facts.indicators
    head = [_("Programme"), _("Year"), _("Indicator"), _("Value")]
    name, year = figures.facts.programme.name, figures.year_label
    total_rows = [[name, year, i.label, figures.total[i.key]] for i in indicators]
    site_rows = [[site, *(values[i.key] for i in indicators)] for site, values in figures.sites]
    return [
        (_("In total"), head, total_rows),
        (_("Per site"), [_("Site"), *(i.label for i in indicators)], site_rows),
    ]


def pdf(figures: Figures, *, centre_name: str) -> bytes:
    """The figures as a PDF for the state coordination (in the active language)."""
    title = _("%(programme)s: figures %(year)s") % {
        "programme": isolate(figures.facts.programme.name),
        "year": figures.year_label,
    }
    html = render_to_string(
        "programmes/figures_pdf.html",
        {
            "title": title,
            "centre_name": centre_name,
            "figures": figures,
            "tables": tables(figures),
            "footer": page_footer(f"{centre_name} – {title}"),
            "today": timezone.localdate(),
        },
    )
    return html_to_pdf(html)

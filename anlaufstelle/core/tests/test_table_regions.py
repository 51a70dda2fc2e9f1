"""Every table of a screen scrolls inside its own region (WCAG 1.4.10 reflow, 2.1.1 keyboard).

A table wider than a phone must not widen the page: it sits in a `kern-table-responsive` box
that scrolls sideways. Such a box must be reachable by keyboard and named (axe-core's
`scrollable-region-focusable`), so it is a focusable region labelled by the table's caption.
The browser test (test_browser_staff_reflow) checks the pages; this checks every template, so a
table on a page the demo does not fill (a job's problem list) is covered too.
"""

from __future__ import annotations

import re
from pathlib import Path

import anlaufstelle

ROOT = Path(anlaufstelle.__file__).parent
# Templates for PDFs (WeasyPrint lays tables out on paper; nothing scrolls there).
PRINTED = {"events/day/sign_in_pdf.html", "volunteers/statement_pdf.html"}
WRAPPER = re.compile(
    r'<div class="kern-table-responsive" tabindex="0" role="region" aria-labelledby="(?P<id>[^"]+)">\s*'
    r'<table[^>]*>\s*<caption id="(?P<caption>[^"]+)"'
)


def screen_templates() -> list[Path]:
    found = []
    for path in sorted(ROOT.glob("*/templates/**/*.html")):
        name = str(path).split("/templates/", 1)[1]
        printed = name in PRINTED or "/pdf/" in name or name.endswith("_pdf.html")
        if not printed and "<table" in path.read_text(encoding="utf-8"):
            found.append(path)
    return found


def test_every_screen_table_scrolls_in_a_named_focusable_region() -> None:
    templates = screen_templates()
    assert len(templates) > 20
    problems = []
    for path in templates:
        text = path.read_text(encoding="utf-8")
        tables = text.count("<table")
        wrapped = list(WRAPPER.finditer(text))
        if len(wrapped) != tables:
            problems.append(f"{path.relative_to(ROOT)}: {tables} tables, {len(wrapped)} in a named scrolling region")
        for match in wrapped:
            if match["id"] != match["caption"]:
                problems.append(f"{path.relative_to(ROOT)}: region {match['id']}, caption {match['caption']}")
    assert not problems, "\n".join(problems)

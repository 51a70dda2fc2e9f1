"""Reading generated PDFs back in tests: the text of each page and where each line is drawn.

pdfminer.six reads the glyphs as they are placed on the page, so a phone number printed
reversed in right-to-left text reads back reversed, and text drawn past the page edge shows
in its position.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTTextContainer, LTTextLine

# Bidi controls and invisible joiners: they print nothing.
INVISIBLE = re.compile("[\u2066-\u2069\u200e\u200f\u202a-\u202e\u2060]")


@dataclass(frozen=True)
class Line:
    """A line of text as drawn: page (from 0), its box in points (x from the left, y from the bottom)."""

    page: int
    x0: float
    x1: float
    y0: float
    text: str
    page_width: float


def pdf_lines(pdf: bytes) -> list[Line]:
    """Every line of text of every page, top to bottom, with its box."""
    lines: list[Line] = []
    # Small line margin and char margin: table cells stay separate lines.
    params = LAParams(char_margin=1.0, line_margin=0.2)
    for number, page in enumerate(extract_pages(io.BytesIO(pdf), laparams=params)):
        found = []
        for element in page:
            if not isinstance(element, LTTextContainer):
                continue
            for line in element:
                if isinstance(line, LTTextLine):
                    text = re.sub(r"[ \t\u00a0]+", " ", INVISIBLE.sub("", line.get_text())).strip()
                    if text:
                        found.append(Line(number, line.x0, line.x1, line.y0, text, page.width))
        lines.extend(sorted(found, key=lambda line: (-round(line.y0), line.x0)))
    return lines


def pdf_pages(pdf: bytes) -> list[str]:
    """The text of each page, a line per drawn line."""
    pages: dict[int, list[str]] = {}
    for line in pdf_lines(pdf):
        pages.setdefault(line.page, []).append(line.text)
    count = max(pages) + 1 if pages else 0
    return ["\n".join(pages.get(number, [])) for number in range(count)]


def pdf_text(pdf: bytes) -> str:
    """All pages' text, one after another."""
    return "\n".join(pdf_pages(pdf))

"""Reading generated PDFs back in tests: the text of each page, for checks of order and layout."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

# Bidi controls and the invisible joiners a PDF may carry; they print nothing.
INVISIBLE = re.compile("[\u2066-\u2069\u200e\u200f\u202a-\u202e\u2060]")


def pdf_pages(pdf: bytes) -> list[str]:
    """The extracted text of each page, invisible controls removed and white space made single spaces."""
    reader = PdfReader(io.BytesIO(pdf))
    pages = []
    for page in reader.pages:
        text = INVISIBLE.sub("", page.extract_text() or "")
        pages.append(re.sub(r"[ \t\u00a0]+", " ", text))
    return pages


def pdf_text(pdf: bytes) -> str:
    """All pages' text, one after another."""
    return "\n".join(pdf_pages(pdf))

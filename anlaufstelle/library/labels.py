"""Barcode labels to print (PDF): an A4 sheet of 3 × 8 labels, each with the copy's barcode as
Code 128 (python-barcode's SVG writer, embedded as a data: image since the PDF renderer fetches
nothing else), the barcode in plain text, the shelf mark and the short title."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from anlaufstelle.core.pdf import html_to_pdf
from anlaufstelle.library.models import Copy

COLUMNS, ROWS = 3, 8
PER_SHEET = COLUMNS * ROWS
MAX_LABELS = 2000  # a title with more copies than this is printed in parts (?copy=…)


@dataclass(frozen=True)
class Label:
    barcode: str
    shelf_mark: str
    title: str
    image: str  # data: URI of the Code 128 SVG, or "" if the barcode cannot be encoded (not ASCII)


def short_title(text: str, limit: int = 60) -> str:
    text = text.split(" : ")[0].strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def code128_svg(value: str) -> str:
    """The Code 128 symbol of `value` as a data: URI (SVG), "" if Code 128 cannot encode it."""
    import barcode
    from barcode.errors import BarcodeError
    from barcode.writer import SVGWriter

    try:
        svg = barcode.get("code128", value, writer=SVGWriter()).render(
            {"write_text": False, "module_height": 9.0, "module_width": 0.25, "quiet_zone": 2.0}
        )
    except (BarcodeError, ValueError):
        return ""
    # The XML prolog and DOCTYPE (an external DTD) are not needed; the SVG element is.
    svg = re.sub(rb"^.*?(?=<svg)", b"", svg, flags=re.DOTALL)
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def labels_html(copies: list[Copy], *, skip: int = 0) -> str:
    labels = [
        Label(copy.barcode, copy.shelf_mark, short_title(copy.title.title), code128_svg(copy.barcode))
        for copy in copies
    ]
    return render_to_string(
        "library/labels_pdf.html",
        {"blanks": range(skip % PER_SHEET), "labels": labels, "document_title": _("Barcode labels")},
    )


def labels_pdf(copies: list[Copy], *, skip: int = 0) -> bytes:
    """The label sheets of `copies`; `skip` leaves that many labels free on a sheet used before."""
    return html_to_pdf(labels_html(copies, skip=skip))

"""PDF documents with WeasyPrint that never touch the network, and a safe page footer."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _


def css_string(text: str) -> str:
    """`text` as the body of a double-quoted CSS string, safe inside a <style> element."""
    out = []
    for char in text:
        if char in '"\\<>&' or ord(char) < 0x20:
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return "".join(out)


def css_text(text: str) -> SafeString:
    """`text` as a quoted CSS string for `content:` in a <style> element (names with & or " print as they are)."""
    return mark_safe(f'"{css_string(text)}"')


def page_footer(label: str) -> dict[str, SafeString]:
    """CSS `content` values for a page footer: `label` on the left, "page x of y" on the right."""
    counters = {"%(page)s": "counter(page)", "%(pages)s": "counter(pages)"}
    parts = []
    for piece in re.split(r"(%\(pages?\)s)", _("Page %(page)s of %(pages)s")):
        if piece in counters:
            parts.append(counters[piece])
        elif piece:
            parts.append(f'"{css_string(piece)}"')
    return {
        # Built from escaped strings only, so they may go into the <style> element as they are.
        "left": css_text(label),
        "right": mark_safe(" ".join(parts) or "counter(page)"),
    }


def offline_fetcher() -> Any:
    """A URL fetcher that refuses the network: documents use local fonts, inline styles and data: images."""
    try:
        from weasyprint.urls import URLFetcher
    except ImportError:  # older WeasyPrint: a plain function
        from weasyprint import default_url_fetcher

        def refuse(url: str, *args: object, **kwargs: object) -> dict[str, Any]:
            if url.startswith("data:"):  # inline images (QR codes) are part of the document
                return default_url_fetcher(url)  # type: ignore[no-any-return]
            raise ValueError(f"Not fetched: {url}")

        return refuse
    return URLFetcher(allowed_protocols=("data",))


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    pdf: bytes = HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=offline_fetcher()).write_pdf()
    return pdf

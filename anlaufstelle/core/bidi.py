"""Bidirectional text: inserted values (names, numbers, addresses, dates) isolated from the text around them.

A Latin name, a phone number or a postcode put into Arabic text takes part in the Unicode
bidi algorithm with its neighbours unless it is isolated: "02151 86-0" then prints as
"0-86 02151" and a hyphenated name breaks apart at the line end. Every value inserted into
text that may run right to left goes through one of these helpers:

- `isolate` for plain text (letter texts with placeholders, CSS strings): U+2068 FSI … U+2069 PDI,
  or U+2066 LRI … PDI for values that must read left to right;
- `isolate_html` (template filter `isolate`) for HTML and PDFs: <bdi dir="…">.

The direction is decided here, not left to dir="auto": WeasyPrint does not resolve dir="auto"
on <bdi>. A value's direction is that of its first strong letter; a value without letters
(a phone number, a date in digits, an amount) is always left to right, so it never reverses.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

FSI = "\u2068"  # first strong isolate
LRI = "\u2066"  # left-to-right isolate
RLI = "\u2067"  # right-to-left isolate
PDI = "\u2069"  # pop directional isolate

Direction = Literal["auto", "ltr", "rtl"]


def direction_of(text: str) -> Literal["ltr", "rtl"]:
    """The direction of the first strong character; left to right when there is none (digits, signs)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return "ltr"


def _has_strong(text: str) -> bool:
    return any(unicodedata.bidirectional(char) in ("L", "R", "AL") for char in text)


def isolate(value: object, direction: Direction = "auto") -> str:
    """`value` as plain text in a bidi isolate; "" stays "" (nothing to isolate)."""
    text = "" if value is None else str(value)
    if not text:
        return ""
    if direction == "ltr" or (direction == "auto" and not _has_strong(text)):
        start = LRI
    elif direction == "rtl":
        start = RLI
    else:
        start = FSI
    return f"{start}{text}{PDI}"


def isolate_html(value: object, direction: Direction = "auto") -> SafeString:
    """`value` escaped in a <bdi> with its direction set; "" stays ""."""
    text = "" if value is None else str(value)
    if not text:
        return mark_safe("")
    resolved = direction_of(text) if direction == "auto" else direction
    return format_html('<bdi dir="{}">{}</bdi>', resolved, text)


_ISOLATED = re.compile(f"([{LRI}{RLI}{FSI}])([^{LRI}{RLI}{FSI}{PDI}]*){PDI}")


def isolates_as_html(text: str) -> SafeString:
    """Plain text with isolates (from `isolate`) as escaped HTML, each isolate a <bdi>.

    A value without letters (phone number, time, date in digits) gets class "nowrap": printed
    on one line, it cannot be misread across a line break.
    """

    def bdi(match: re.Match[str]) -> str:
        start, value = match.group(1), match.group(2)
        direction = {LRI: "ltr", RLI: "rtl"}.get(start) or direction_of(value)
        nowrap = "" if _has_strong(value) else ' class="nowrap"'
        return f'<bdi dir="{direction}"{nowrap}>{value}</bdi>'

    return mark_safe(_ISOLATED.sub(bdi, str(escape(text))))  # escape() leaves the bidi controls alone


def join_present(parts: list[object] | tuple[object, ...], separator: str = ", ") -> str:
    """The non-empty parts joined: no leading, trailing or doubled separators when a part is missing."""
    return separator.join(str(part).strip() for part in parts if part is not None and str(part).strip())


def address_line(street: str, postcode: str, city: str) -> str:
    """ "Street 1, 12345 City", leaving out what is missing."""
    return join_present([street, join_present([postcode, city], " ")])

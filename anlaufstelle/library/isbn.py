"""ISBNs checked and hyphenated offline (python-stdnum ships the ISBN agency ranges)."""

from __future__ import annotations

from stdnum import isbn as stdnum_isbn
from stdnum.exceptions import ValidationError


def normalise(raw: str) -> str:
    """The ISBN-13 of `raw` (ISBN-10 or -13, with or without hyphens and spaces) without separators;
    "" for an empty value. Raises ValueError for a wrong length or check digit."""
    text = (raw or "").strip()
    if not text:
        return ""
    try:
        compact = stdnum_isbn.validate(text)
    except ValidationError as exc:
        raise ValueError(str(exc)) from exc
    return stdnum_isbn.to_isbn13(compact)


def hyphenated(compact: str) -> str:
    """978-3-16-148410-0 for 9783161484100; the digits as they are where the range is unknown."""
    if not compact:
        return ""
    try:
        return str(stdnum_isbn.format(compact))
    except ValidationError:
        return compact

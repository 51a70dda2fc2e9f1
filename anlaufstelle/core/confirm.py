"""Ask first: the confirmation page of a destructive or outward-going action, without JavaScript.

Such an endpoint answers GET with `ask_first(...)` (nothing changes: the page says what will
happen and to whom, and carries the choices made on the page before as hidden fields) and POST
with the action itself. The page's own button is a link or a GET form to the same URL, so a
person always sees the question before the POST; tests and other callers may still POST at once.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise


def ask_first(
    request: object,
    *,
    title: str | Promise,
    what: str | Promise,
    button: str | Promise,
    back: str,
    whom: Iterable[str | Promise] = (),
    carry: Iterable[str] = (),
    public: bool = False,
) -> HttpResponse:
    """The question page: `what` will happen, to `whom` (names, one per line), `button` does it, `back` leads away."""
    get = request.GET  # type: ignore[attr-defined]
    hidden = [(name, value) for name in carry for value in get.getlist(name)]
    return render(
        request,  # type: ignore[arg-type]
        "core/confirm.html",
        {
            "title": title,
            "what": what,
            "whom": [str(w) for w in whom],
            "button": button,
            "back": back,
            "hidden": hidden,
            "action": request.path,  # type: ignore[attr-defined]
            "base": "base.html" if public else "core/internal/base.html",
        },
    )

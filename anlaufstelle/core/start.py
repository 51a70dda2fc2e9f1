"""The staff start page (`core:dashboard`) is drawn by the workspace app, which registers its view here.

Core imports no domain app; without a registered view the dashboard shows only the greeting.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpResponse

from anlaufstelle.core.http import CentreRequest

StartView = Callable[[CentreRequest], HttpResponse]
_views: list[StartView] = []


def register_start_page(view: StartView) -> None:
    """Let `view(request)` draw the start page (the last registration wins)."""
    _views.append(view)


def start_page(request: CentreRequest) -> HttpResponse | None:
    return _views[-1](request) if _views else None

"""The refusals of the reports module."""

from __future__ import annotations

from django.utils.functional import Promise

from anlaufstelle.core.errors import Refused


class ReportsError(Refused):
    """A rule of the integration concept or its indicators said no."""


class ImportRefused(ReportsError):
    """An import file with errors: nothing was imported; `problems` lists them as (row, message)."""

    def __init__(self, message: str | Promise, *, problems: list[tuple[int, str]]) -> None:
        super().__init__(message)
        self.problems = problems

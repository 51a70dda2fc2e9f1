"""Chainable read filters for newcomer children."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from anlaufstelle.newcomers.models import Child  # noqa: F401 - named (as a string) in the base class


class ChildQuerySet(models.QuerySet["Child"]):
    def open(self) -> ChildQuerySet:
        """Children still on their way (not attending school, withdrawn or moved away)."""
        return self.exclude(stage__in=["attending", "withdrawn", "moved_away"])

    def waiting(self) -> ChildQuerySet:
        """Children who still need a school place (nothing approved yet)."""
        return self.open().exclude(stage__in=["approved", "accepted"])

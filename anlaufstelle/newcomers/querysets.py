"""Chainable read filters for newcomer children."""

from __future__ import annotations

from django.db import models


class ChildQuerySet(models.QuerySet):  # type: ignore[type-arg]
    def open(self) -> ChildQuerySet:
        """Children still on their way (not attending school, withdrawn or moved away)."""
        return self.exclude(stage__in=["attending", "withdrawn", "moved_away"])

    def waiting(self) -> ChildQuerySet:
        """Children who still need a school place (nothing approved yet)."""
        return self.open().exclude(stage__in=["approved", "accepted"])

"""Chainable read filters for the partner register."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from anlaufstelle.core.models import Centre
    from anlaufstelle.partners.models import Organisation  # noqa: F401 - named (as a string) in the base class


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def for_centre(self, centre: Centre) -> OrganisationQuerySet:
        return self.filter(centre=centre)

    def active(self) -> OrganisationQuerySet:
        return self.filter(is_active=True)

    def search(self, text: str) -> OrganisationQuerySet:
        """Every word must appear in the name, description, e-mail, school number, city or a tag."""
        query = self
        for word in text.split()[:8]:
            query = query.filter(
                Q(name__icontains=word)
                | Q(description__icontains=word)
                | Q(email__icontains=word)
                | Q(school_number=word)
                | Q(addresses__city__icontains=word)
                | Q(addresses__district__icontains=word)
                | Q(tags__name__iexact=word)
            )
        return query.distinct() if text.split() else query

"""Chainable read filters of the events module."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from anlaufstelle.core.models import Centre
    from anlaufstelle.events.models import Event, Registration  # noqa: F401 - named (as a string) in a base class


class EventQuerySet(models.QuerySet["Event"]):
    def for_centre(self, centre: Centre) -> EventQuerySet:
        return self.filter(centre=centre)

    def shown_publicly(self) -> EventQuerySet:
        """Published events, and cancelled ones (shown as such)."""
        return self.filter(status__in=["published", "cancelled"])


class RegistrationQuerySet(models.QuerySet["Registration"]):
    def of_event(self, event: Event) -> RegistrationQuerySet:
        return self.filter(session__event=event)

    def confirmed(self) -> RegistrationQuerySet:
        return self.filter(status="confirmed")

    def not_cancelled(self) -> RegistrationQuerySet:
        return self.exclude(status="cancelled")

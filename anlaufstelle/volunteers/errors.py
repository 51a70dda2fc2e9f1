"""The refusals of the volunteers module: a rule said no, with a translated sentence for the person."""

from __future__ import annotations

from anlaufstelle.core.errors import Refused


class VolunteerError(Refused):
    """A change to a volunteer, their absences or the pools that cannot be made."""


class BookingError(Refused):
    """A request, offer, assignment or hours entry that cannot be taken."""

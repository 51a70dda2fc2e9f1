"""Refusals of the events module: each a `Refused` with a translated sentence for the person asking."""

from __future__ import annotations

from anlaufstelle.core.errors import Refused


class EventError(Refused):
    """A change to an event that cannot be made; the message is for the organiser."""


class RegistrationError(Refused):
    """The registration cannot be taken, confirmed, cancelled or moved; the message is for the person asking."""


class CheckInError(Refused):
    """The person cannot be checked in (or out); the message is for the organiser."""


class CertificateError(Refused):
    """Certificates cannot be sent (yet); the message is for the organiser."""


class FeedbackError(Refused):
    """The feedback cannot be taken; the message is for the participant."""

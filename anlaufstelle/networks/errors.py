"""The refusals of the networks module."""

from anlaufstelle.core.errors import Refused


class NetworkError(Refused):
    """A rule of networks, members, meetings, action items or consultations said no."""

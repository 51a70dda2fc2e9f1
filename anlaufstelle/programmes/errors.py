"""The refusals of the programmes module."""

from anlaufstelle.core.errors import Refused


class ProgrammeError(Refused):
    """A rule of programmes, sites, groups or sessions said no."""

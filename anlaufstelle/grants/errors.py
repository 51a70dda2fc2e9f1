"""The grants app's refusals."""

from anlaufstelle.core.errors import Refused


class GrantsRefused(Refused):
    """A rule of the grants module said no."""


class TransitionRefused(GrantsRefused):
    """The state table has no such step for this application now."""

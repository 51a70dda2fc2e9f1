"""The refusals of the library module."""

from anlaufstelle.core.errors import Refused


class LibraryError(Refused):
    """A rule of the catalogue or of circulation said no."""

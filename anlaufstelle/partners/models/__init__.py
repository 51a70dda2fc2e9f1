"""Partner register models."""

from .organisation import Address, ContactPerson, Organisation, Tag

__all__ = ["Address", "ContactPerson", "Organisation", "Tag"]

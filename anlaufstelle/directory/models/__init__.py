"""Directory models."""

from .offer import Offer, OfferTranslation

__all__ = ["Offer", "OfferTranslation"]

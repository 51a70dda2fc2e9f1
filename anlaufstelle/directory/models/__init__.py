"""Directory models."""

from .offer import Offer, OfferTranslation
from .proposal import OfferProposal

__all__ = ["Offer", "OfferProposal", "OfferTranslation"]

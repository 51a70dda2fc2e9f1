"""Directory models."""

from .offer import Offer, OfferTranslation
from .proposal import OfferProposal, ProposalComment

__all__ = ["Offer", "OfferProposal", "OfferTranslation", "ProposalComment"]

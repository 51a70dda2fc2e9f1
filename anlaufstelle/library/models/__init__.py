"""The library module's models."""

from anlaufstelle.library.models.catalogue import Copy, KitComponent, MediaType, Title, TitleText, Topic
from anlaufstelle.library.models.circulation import Borrower, Hold, LibrarySettings, Loan, LoanRule

__all__ = [
    "Borrower",
    "Copy",
    "Hold",
    "KitComponent",
    "LibrarySettings",
    "Loan",
    "LoanRule",
    "MediaType",
    "Title",
    "TitleText",
    "Topic",
]

"""The grants app's models, one module per aggregate."""

from anlaufstelle.grants.models.applications import Application, ApplicationVersion, CostLine, Question, Review
from anlaufstelle.grants.models.funding import Call, FundingSource, LetterTemplate, SourceBudget
from anlaufstelle.grants.models.payments import Drawdown, PaymentOrder

__all__ = [
    "Application",
    "ApplicationVersion",
    "Call",
    "CostLine",
    "Drawdown",
    "FundingSource",
    "LetterTemplate",
    "PaymentOrder",
    "Question",
    "Review",
    "SourceBudget",
]

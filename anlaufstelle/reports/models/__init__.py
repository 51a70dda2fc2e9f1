"""The integration concept (concept.py) and imported indicator values (imported.py)."""

from anlaufstelle.reports.models.concept import Concept, ConceptIndicator, FieldOfAction, Goal, Measure, Sharing
from anlaufstelle.reports.models.imported import ExternalValue, ImportBatch

__all__ = [
    "Concept",
    "ConceptIndicator",
    "ExternalValue",
    "FieldOfAction",
    "Goal",
    "ImportBatch",
    "Measure",
    "Sharing",
]

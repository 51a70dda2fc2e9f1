"""Newcomer models: families and children, appointments, seats and rules, placements."""

from .appointments import AppointmentSlot, InterpreterNeed
from .family import Child, Family, Guardian, StageEvent
from .letters import LetterKind, LetterTemplate
from .placement import Placement, PlacementRun, PlacementSettings, Policy
from .schools import EligibilityRule, SeatQuota

__all__ = [
    "AppointmentSlot",
    "Child",
    "EligibilityRule",
    "Family",
    "Guardian",
    "InterpreterNeed",
    "LetterKind",
    "LetterTemplate",
    "Placement",
    "PlacementRun",
    "PlacementSettings",
    "Policy",
    "SeatQuota",
    "StageEvent",
]

"""Volunteer models: pools, volunteers with languages, availability and onboarding."""

from .requests import Assignment, InterpretingRequest, Offer
from .volunteer import Absence, AvailabilityWindow, Pool, Volunteer, VolunteerLanguage

__all__ = [
    "Absence",
    "Assignment",
    "AvailabilityWindow",
    "InterpretingRequest",
    "Offer",
    "Pool",
    "Volunteer",
    "VolunteerLanguage",
]

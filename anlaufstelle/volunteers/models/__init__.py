"""Volunteer models: pools, volunteers with languages, availability and onboarding."""

from .requests import Assignment, InterpretingRequest, InterpretingSettings, Offer
from .volunteer import Absence, AvailabilityWindow, Pool, Volunteer, VolunteerLanguage

__all__ = [
    "Absence",
    "Assignment",
    "AvailabilityWindow",
    "InterpretingRequest",
    "InterpretingSettings",
    "Offer",
    "Pool",
    "Volunteer",
    "VolunteerLanguage",
]

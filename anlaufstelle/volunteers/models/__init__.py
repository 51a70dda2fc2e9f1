"""Volunteer models: pools, volunteers with languages, availability and onboarding."""

from .requests import Assignment, InterpretingRequest, InterpretingSettings, Offer
from .volunteer import Absence, AvailabilityWindow, Pool, Qualification, Volunteer, VolunteerLanguage

__all__ = [
    "Absence",
    "Assignment",
    "AvailabilityWindow",
    "InterpretingRequest",
    "InterpretingSettings",
    "Offer",
    "Pool",
    "Qualification",
    "Volunteer",
    "VolunteerLanguage",
]

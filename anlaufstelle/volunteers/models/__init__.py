"""Volunteer models: pools, volunteers with languages, availability and onboarding."""

from .volunteer import Absence, AvailabilityWindow, Pool, Volunteer, VolunteerLanguage

__all__ = ["Absence", "AvailabilityWindow", "Pool", "Volunteer", "VolunteerLanguage"]

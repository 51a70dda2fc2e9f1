"""Council models: the body and its people, meetings with their agenda, papers with their files."""

from .body import Committee, LegislativeTerm, ListCandidate, Membership, Person
from .meeting import AgendaItem, FollowUp, Location, Meeting
from .paper import Consultation, File, Paper

__all__ = [
    "AgendaItem",
    "Committee",
    "Consultation",
    "File",
    "FollowUp",
    "LegislativeTerm",
    "ListCandidate",
    "Location",
    "Meeting",
    "Membership",
    "Paper",
    "Person",
]

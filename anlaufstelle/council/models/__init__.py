"""Council models: the body and its people, meetings with their agenda, papers with their files."""

from .body import Committee, LegislativeTerm, ListCandidate, Membership, Person
from .meeting import AgendaItem, FollowUp, Location, Meeting
from .office import Attendance, CouncilSettings, ExternalObject, Forwarding
from .paper import Consultation, File, Paper

__all__ = [
    "AgendaItem",
    "Attendance",
    "Committee",
    "Consultation",
    "CouncilSettings",
    "ExternalObject",
    "File",
    "FollowUp",
    "Forwarding",
    "LegislativeTerm",
    "ListCandidate",
    "Location",
    "Meeting",
    "Membership",
    "Paper",
    "Person",
]

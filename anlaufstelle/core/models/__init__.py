"""Core models: the tenant (Centre), accounts and memberships, audit trail, jobs, public page."""

from .accounts import Invitation, Membership, User
from .audit import AuditEntry
from .centre import Centre, CentreContent, Funder, TeamMember, TeamMemberTranslation
from .jobs import BackgroundJob

__all__ = [
    "AuditEntry",
    "BackgroundJob",
    "Centre",
    "CentreContent",
    "Funder",
    "Invitation",
    "Membership",
    "TeamMember",
    "TeamMemberTranslation",
    "User",
]

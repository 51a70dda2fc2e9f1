"""Core models: the tenant (Centre), accounts and memberships, audit trail, jobs, public page."""

from .accounts import Invitation, Membership, User
from .audit import AuditEntry
from .centre import Centre, CentreContent, Funder, NoticeState, TeamMember, TeamMemberTranslation, notice_state
from .jobs import BackgroundJob
from .security import LoginThrottle

__all__ = [
    "AuditEntry",
    "BackgroundJob",
    "Centre",
    "CentreContent",
    "Funder",
    "Invitation",
    "LoginThrottle",
    "Membership",
    "NoticeState",
    "TeamMember",
    "TeamMemberTranslation",
    "User",
    "notice_state",
]

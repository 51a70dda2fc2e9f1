"""Core models: the tenant (Centre), accounts and memberships, audit trail, jobs, public page."""

from .accounts import Membership, User
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
    "LoginThrottle",
    "Membership",
    "NoticeState",
    "TeamMember",
    "TeamMemberTranslation",
    "User",
    "notice_state",
]

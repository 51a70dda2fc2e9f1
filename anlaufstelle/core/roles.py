"""Roles and the permissions each grants, declared in one place per module (deny by default).

A role grants nothing unless a module's permission table lists it. Views name the permission
they need; `has_permission` answers for a user in a centre.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CENTRE_ADMIN = "centre_admin", _("Centre admin")
    CASEWORKER = "caseworker", _("Caseworker")
    VOLUNTEER_COORDINATOR = "volunteer_coordinator", _("Volunteer coordinator")
    EDITOR = "editor", _("Editor")
    EVENTS_ORGANISER = "events_organiser", _("Events organiser")
    COUNCIL_CLERK = "council_clerk", _("Council clerk")
    GRANTS_OFFICER = "grants_officer", _("Grants officer")
    PARTNER = "partner", _("Partner organisation member")
    SCHOOL_AUTHORITY = "school_authority", _("School authority")
    SCHOOL_CONTACT = "school_contact", _("School contact")
    VOLUNTEER = "volunteer", _("Volunteer")
    STATE_ANALYST = "state_analyst", _("State analyst (aggregates only)")


# Roles of the centre's own staff. (Every account, whatever its roles, signs in with a second factor.)
STAFF_ROLES = frozenset(
    {
        Role.CENTRE_ADMIN,
        Role.CASEWORKER,
        Role.VOLUNTEER_COORDINATOR,
        Role.EDITOR,
        Role.EVENTS_ORGANISER,
        Role.COUNCIL_CLERK,
        Role.GRANTS_OFFICER,
    }
)
ALL_ROLES = frozenset(Role)

# permission codename -> roles that hold it. Modules add theirs with `register_permissions`.
PERMISSIONS: dict[str, frozenset[str]] = {}


def register_permissions(table: Mapping[str, AbstractSet[str]]) -> None:
    """Add a module's permission table; a codename may be declared only once."""
    for codename, roles in table.items():
        if codename in PERMISSIONS:
            raise ValueError(f"Permission {codename!r} is declared twice.")
        unknown = set(roles) - set(ALL_ROLES)
        if unknown:
            raise ValueError(f"Permission {codename!r} names unknown roles {unknown}.")
        PERMISSIONS[codename] = frozenset(roles)


def roles_with(codename: str) -> frozenset[str]:
    try:
        return PERMISSIONS[codename]
    except KeyError as exc:  # a typo in a view must not silently deny or allow
        raise LookupError(f"Unknown permission {codename!r}.") from exc


def permissions_of(roles: set[str] | frozenset[str]) -> frozenset[str]:
    return frozenset(code for code, holders in PERMISSIONS.items() if holders & roles)


register_permissions(
    {
        # Sign in to the centre's internal area at all (the dashboard).
        "core.view_internal_area": ALL_ROLES,
        "core.edit_public_page": {Role.CENTRE_ADMIN, Role.EDITOR},
        "core.manage_team": {Role.CENTRE_ADMIN},
        "core.manage_members": {Role.CENTRE_ADMIN},
        "core.edit_centre": {Role.CENTRE_ADMIN},
        "core.view_audit_trail": {Role.CENTRE_ADMIN},
        "core.view_jobs": STAFF_ROLES,
    }
)

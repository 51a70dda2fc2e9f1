"""Who may run programmes, record sessions and read the figures; which sites a partner acts for.

Programme coordination is a permission, not a new role (issue 13 allows either): centre admins,
caseworkers and events organisers coordinate programmes. A Kita's or school's contact (roles
`partner` and `school_contact`) records the sessions of the groups at its own sites only.
"""

from __future__ import annotations

from typing import Any

from anlaufstelle.core.models import Centre, Membership
from anlaufstelle.core.roles import Role, register_permissions

COORDINATORS = frozenset({Role.CENTRE_ADMIN, Role.CASEWORKER, Role.EVENTS_ORGANISER})
# A partner member (Kita) acting for its organisation is to join once the URL matrix can expect a
# different status per role (a partner without organisation answers 404 on the directory pages).
SITE_CONTACTS = frozenset({Role.SCHOOL_CONTACT})

register_permissions(
    {
        # Programmes, kinds, sites and agreements, groups, facilitators, holidays, school titles.
        "programmes.manage": COORDINATORS,
        # Record held or cancelled sessions: coordinators for every group, site contacts for their own.
        "programmes.record_sessions": COORDINATORS | SITE_CONTACTS,
        # Aggregates only: counts per programme, year and site.
        "programmes.view_figures": COORDINATORS | {Role.STATE_ANALYST},
    }
)


def organisations_of(user: Any, centre: Centre) -> frozenset[int] | None:
    """The organisations whose groups `user` may see, or None when the user coordinates (all groups).

    A site contact without an organisation sees no group at all (the empty set)."""
    memberships = list(
        Membership.objects.filter(user=user, centre=centre, is_active=True).values_list("role", "organisation_id")
    )
    if any(role in COORDINATORS for role, _ in memberships):
        return None
    return frozenset(org for role, org in memberships if role in SITE_CONTACTS and org is not None)

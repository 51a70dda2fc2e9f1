"""Who may run the library: the librarian is a permission, not a new role (issue 16).

`library.manage` covers cataloguing, borrowers, circulation rules and the desk (check-out, check-in,
renewals, holds). Staff roles that work with teachers, pedagogical staff and volunteers hold it.
"""

from __future__ import annotations

from anlaufstelle.core.roles import Role, register_permissions

LIBRARIANS = frozenset({Role.CENTRE_ADMIN, Role.CASEWORKER, Role.EDITOR, Role.EVENTS_ORGANISER})

register_permissions(
    {
        # Titles, copies, kits, topics, borrowers, circulation rules and the lending desk.
        "library.manage": LIBRARIANS,
    }
)

"""Who may do what in the directory (added to the role table in core.roles)."""

from anlaufstelle.core.roles import STAFF_ROLES, Role, register_permissions

register_permissions(
    {
        "directory.view": STAFF_ROLES,
        "directory.edit": {Role.CENTRE_ADMIN, Role.EDITOR},
        "directory.propose": {Role.PARTNER},
    }
)

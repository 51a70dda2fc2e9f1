"""Who may work with volunteer records (added to the role table in core.roles)."""

from anlaufstelle.core.roles import Role, register_permissions

register_permissions(
    {
        # Volunteers' personal data: the coordinator only.
        "volunteers.view": {Role.VOLUNTEER_COORDINATOR},
        "volunteers.change": {Role.VOLUNTEER_COORDINATOR},
        # Interpreting requests: coordinated by the coordinator, raised also by caseworkers.
        "volunteers.manage_requests": {Role.VOLUNTEER_COORDINATOR},
    }
)

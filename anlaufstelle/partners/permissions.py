"""Who may use the partner register (added to the role table in core.roles)."""

from anlaufstelle.core.roles import Role, register_permissions

READERS = {
    Role.CENTRE_ADMIN,
    Role.CASEWORKER,
    Role.VOLUNTEER_COORDINATOR,
    Role.EDITOR,
    Role.EVENTS_ORGANISER,
    Role.COUNCIL_CLERK,
    Role.GRANTS_OFFICER,
}
EDITORS = {Role.CENTRE_ADMIN, Role.CASEWORKER, Role.VOLUNTEER_COORDINATOR, Role.EDITOR}

register_permissions(
    {
        "partners.view": READERS,
        "partners.change": EDITORS,
        "partners.merge": {Role.CENTRE_ADMIN, Role.EDITOR},
        "partners.import": {Role.CENTRE_ADMIN, Role.EDITOR},
        "partners.export": {Role.CENTRE_ADMIN, Role.EDITOR},
    }
)

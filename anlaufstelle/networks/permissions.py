"""Who may read and keep the centre's networks, meetings, action items and consultations.

Every staff role reads them (networks touch every module); those who run networks and counsel
partners keep them. The owner of an action item ticks it off without `networks.manage`.
"""

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
KEEPERS = {Role.CENTRE_ADMIN, Role.CASEWORKER, Role.EVENTS_ORGANISER}

register_permissions(
    {
        # Networks, members, meetings, action items (their own), consultations, the picture.
        "networks.view": READERS,
        # Create and change networks, members, meetings and minutes, give action items, log consultations.
        "networks.manage": KEEPERS,
    }
)

"""Who may work with events (added to the role table in core.roles)."""

from anlaufstelle.core.roles import Role, register_permissions

register_permissions(
    {
        # Create, publish and cancel events; see and manage registrations (personal data).
        "events.manage": {Role.EVENTS_ORGANISER, Role.CENTRE_ADMIN},
        # On the day: the sign-in list and the check-in page.
        "events.check_in": {Role.EVENTS_ORGANISER, Role.CENTRE_ADMIN},
        # Aggregated figures: no names.
        "events.view_figures": {Role.EVENTS_ORGANISER, Role.CENTRE_ADMIN},
    }
)

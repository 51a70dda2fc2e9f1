"""Who may work with volunteer records (added to the role table in core.roles)."""

from anlaufstelle.core.roles import Role, register_permissions

register_permissions(
    {
        # Volunteers' personal data: the coordinator only.
        "volunteers.view": {Role.VOLUNTEER_COORDINATOR},
        "volunteers.change": {Role.VOLUNTEER_COORDINATOR},
        # Interpreting requests: coordinated by the coordinator, raised also by caseworkers.
        "volunteers.manage_requests": {Role.VOLUNTEER_COORDINATOR},
        # An institution (partner, school) or a caseworker asks for an interpreter and sees
        # only the requests it raised itself.
        "volunteers.request_interpreter": {Role.PARTNER, Role.SCHOOL_CONTACT, Role.CASEWORKER},
        # The centre's interpreting rules (lead time, kinds not served, allowances, tax-free limit).
        "volunteers.manage_settings": {Role.VOLUNTEER_COORDINATOR, Role.CENTRE_ADMIN},
        # Aggregated figures: no names.
        "volunteers.view_figures": {Role.VOLUNTEER_COORDINATOR, Role.CENTRE_ADMIN},
    }
)

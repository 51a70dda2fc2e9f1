"""Who may use the Integrationsrat office (added to the role table in core.roles).

The council clerk (`council_clerk`, one of the twelve roles) keeps the body, meetings, papers,
minutes and follow-ups; the centre admin may stand in. Every staff role may read the council's
business, including non-public items, because follow-ups are handed to staff across the centre.
Council members themselves have no account yet (issue 12 lists their access as a later step).
"""

from anlaufstelle.core.roles import STAFF_ROLES, Role, register_permissions

register_permissions(
    {
        "council.view": STAFF_ROLES,
        "council.manage": {Role.CENTRE_ADMIN, Role.COUNCIL_CLERK},
    }
)

"""Who may use the Integrationsrat office (added to the role table in core.roles).

Issue 12: the council clerk (`council_clerk`) keeps the body, meetings, papers, minutes and
follow-ups and reads everything of it, non-public items included; the centre admin may stand in.
Other staff read nothing of the office's internal business: a follow-up handed to them appears
on their own list (`council.follow_up`), where they report on it. Council members have no
account; whether their invitation carries the non-public items is the centre's setting
(CouncilSettings.members_see_non_public). The public sees the public pages and OParl only.
"""

from anlaufstelle.core.roles import STAFF_ROLES, Role, register_permissions

register_permissions(
    {
        "council.view": {Role.CENTRE_ADMIN, Role.COUNCIL_CLERK},
        "council.manage": {Role.CENTRE_ADMIN, Role.COUNCIL_CLERK},
        "council.follow_up": STAFF_ROLES,
    }
)

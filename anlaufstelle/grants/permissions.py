"""Who may work with grants (added to the role table in core.roles).

The grants officer (`grants_officer`) keeps funding sources and calls, reviews, decides and pays;
every staff role may read the applications and figures. A partner organisation's members apply for
their own organisation only (the membership's organisation). The centre admin holds no grants
permission beyond reading: the four-eyes review and the decision are the officers' alone.
"""

from anlaufstelle.core.roles import STAFF_ROLES, Role, register_permissions

register_permissions(
    {
        "grants.view": STAFF_ROLES,
        "grants.manage": {Role.GRANTS_OFFICER},
        "grants.review": {Role.GRANTS_OFFICER},
        "grants.decide": {Role.GRANTS_OFFICER},
        "grants.pay": {Role.GRANTS_OFFICER},
        "grants.apply": {Role.PARTNER},
    }
)

"""Who keeps the integration concept, who reads the dashboards, and who reads the state view.

The state analyst sees aggregates only: the state view's counts per centre and period, suppressed
by `disclosure.py`, never a centre's concept, measures or lists.
"""

from __future__ import annotations

from anlaufstelle.core.roles import Role, register_permissions

register_permissions(
    {
        # The integration concept: periods, fields of action, goals, measures, indicators, imports.
        "reports.manage": {Role.CENTRE_ADMIN},
        # The dashboards with their charts and tables.
        "reports.view": {Role.CENTRE_ADMIN, Role.CASEWORKER},
        # The state view across the installation's centres: suppressed aggregates only.
        "reports.view_state": {Role.STATE_ANALYST},
    }
)

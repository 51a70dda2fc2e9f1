"""Who may work with newcomer families and school places, and the access checks (404 on foreign data)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from anlaufstelle.core.models import Centre, Membership
from anlaufstelle.core.roles import Role, register_permissions

CASEWORK = {Role.CASEWORKER}

register_permissions(
    {
        # Families and children: only the centre's caseworkers (data minimisation).
        "newcomers.view_families": CASEWORK,
        "newcomers.change_families": CASEWORK,
        "newcomers.manage_appointments": CASEWORK,
        "newcomers.run_placement": CASEWORK,
        "newcomers.manage_rules": {Role.CENTRE_ADMIN, Role.CASEWORKER},
        # Seats are kept up to date by the KI, the school authority or the school itself.
        "newcomers.manage_seats": {Role.CENTRE_ADMIN, Role.CASEWORKER, Role.SCHOOL_AUTHORITY, Role.SCHOOL_CONTACT},
        "newcomers.decide_placements": {Role.SCHOOL_AUTHORITY},
        # The trade-off between fairness and places (issue 17): the school authority chooses, or the
        # centre's administration on its behalf; caseworkers run the placement with that choice.
        "newcomers.choose_policy": {Role.CENTRE_ADMIN, Role.SCHOOL_AUTHORITY},
        "newcomers.school_placements": {Role.SCHOOL_CONTACT},
        # The hand-over file of placed children for the school's administration software.
        "newcomers.handover": {Role.CASEWORKER, Role.SCHOOL_CONTACT},
        # Aggregates only: no names.
        "newcomers.view_figures": {Role.CENTRE_ADMIN, Role.CASEWORKER, Role.SCHOOL_AUTHORITY, Role.STATE_ANALYST},
    }
)


def school_of(user: Any, centre: Centre) -> int | None:
    """The school a school contact acts for, or None for everyone else (they see all schools).

    A school contact without an organisation sees no school at all (-1 never matches).
    """
    memberships = Membership.objects.filter(user=user, centre=centre, is_active=True)
    if (
        memberships.exclude(role=Role.SCHOOL_CONTACT)
        .filter(role__in=[Role.CENTRE_ADMIN, Role.CASEWORKER, Role.SCHOOL_AUTHORITY])
        .exists()
    ):
        return None
    contact = memberships.filter(role=Role.SCHOOL_CONTACT).first()
    if contact is None:
        raise Http404
    return contact.organisation_id or -1

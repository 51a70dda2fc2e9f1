"""Every write of the volunteers module: atomic, keyword-only, audited in the same transaction,
mail and tasks after the commit. One module per aggregate; use them through this package:

    from anlaufstelle.volunteers import actions
    actions.offer_accept(offer=offer)
"""

from anlaufstelle.volunteers.actions.booking import (
    assignment_cancel,
    assignment_no_show,
    follow_up_stalled,
    offer_accept,
    offer_decline,
    offers_send,
    reoffer,
    request_cancel,
    request_create,
)
from anlaufstelle.volunteers.actions.centre import interpreting_settings_update, pools_save
from anlaufstelle.volunteers.actions.hours import hours_approve, hours_report
from anlaufstelle.volunteers.actions.volunteer import (
    ONBOARDING_FIELDS,
    RowEdit,
    absence_add,
    absence_remove,
    personal_link_send,
    record_completion,
    volunteer_erase,
    volunteer_onboarding_update,
    volunteer_profile_update,
    volunteer_sign_up,
    volunteer_status_set,
)
from anlaufstelle.volunteers.errors import BookingError, VolunteerError

__all__ = [
    "ONBOARDING_FIELDS",
    "BookingError",
    "RowEdit",
    "VolunteerError",
    "absence_add",
    "absence_remove",
    "assignment_cancel",
    "assignment_no_show",
    "follow_up_stalled",
    "hours_approve",
    "hours_report",
    "interpreting_settings_update",
    "offer_accept",
    "offer_decline",
    "offers_send",
    "personal_link_send",
    "pools_save",
    "record_completion",
    "reoffer",
    "request_cancel",
    "request_create",
    "volunteer_erase",
    "volunteer_onboarding_update",
    "volunteer_profile_update",
    "volunteer_sign_up",
    "volunteer_status_set",
]

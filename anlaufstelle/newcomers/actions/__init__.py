"""Every write of the newcomers module: atomic, keyword-only, audited in the same transaction.

One module per aggregate (`family`, `child`, `appointments`, `seats`, `letters`, `placements`);
`way` holds the stage machinery they share and `common` the refusals and field helpers. Import
from here: `from anlaufstelle.newcomers import actions`, then `actions.slot_book(...)`.

Audit entries of families and children name fields, never their values: the append-only trail
outlives an erasure and must not keep a child's data (docs/decisions/0012-newcomer-records.md).
"""

from anlaufstelle.newcomers.actions.appointments import (
    SETTING_BY_KIND,
    interpreter_need_cover,
    slot_book,
    slot_book_family,
    slot_cancel_booking,
    slot_record_outcome,
    slots_create,
)
from anlaufstelle.newcomers.actions.child import (
    CHILD_FIELDS,
    MANUAL_STAGES,
    child_exclude_school,
    child_pin,
    child_save,
    child_stage_record,
)
from anlaufstelle.newcomers.actions.common import STAGE_ORDER, AlreadyBooked, NewcomerError, NoSeatLeft, SlotTaken
from anlaufstelle.newcomers.actions.family import (
    FAMILY_FIELDS,
    GUARDIAN_FIELDS,
    family_erase,
    family_export,
    family_register,
    family_update,
)
from anlaufstelle.newcomers.actions.letters import letter_download, letter_text_save, letters_batch_start
from anlaufstelle.newcomers.actions.placements import (
    due_attendance,
    placement_accept,
    placement_approve,
    placement_decline,
    placement_policy_set,
    placement_redirect,
    placement_return,
    placements_decide_many,
    placements_release,
)
from anlaufstelle.newcomers.actions.seats import (
    QUOTA_FIELDS,
    RULE_FIELDS,
    quota_save,
    rule_delete,
    rule_save,
    rules_load_defaults,
    seats_taken,
)
from anlaufstelle.newcomers.actions.way import BEFORE_PLACEMENT, DONE_STAGES, _advance

__all__ = [
    "BEFORE_PLACEMENT",
    "CHILD_FIELDS",
    "DONE_STAGES",
    "FAMILY_FIELDS",
    "GUARDIAN_FIELDS",
    "MANUAL_STAGES",
    "QUOTA_FIELDS",
    "RULE_FIELDS",
    "SETTING_BY_KIND",
    "STAGE_ORDER",
    "AlreadyBooked",
    "NewcomerError",
    "NoSeatLeft",
    "SlotTaken",
    "_advance",
    "child_exclude_school",
    "child_pin",
    "child_save",
    "child_stage_record",
    "due_attendance",
    "family_erase",
    "family_export",
    "family_register",
    "family_update",
    "interpreter_need_cover",
    "letter_download",
    "letter_text_save",
    "letters_batch_start",
    "placement_accept",
    "placement_approve",
    "placement_decline",
    "placement_policy_set",
    "placement_redirect",
    "placement_return",
    "placements_decide_many",
    "placements_release",
    "quota_save",
    "rule_delete",
    "rule_save",
    "rules_load_defaults",
    "seats_taken",
    "slot_book",
    "slot_book_family",
    "slot_cancel_booking",
    "slot_record_outcome",
    "slots_create",
]

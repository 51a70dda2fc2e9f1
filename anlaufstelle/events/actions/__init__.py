"""Every write of the events module, one module per aggregate: keyword-only, typed, taking `actor`
(None where a member of the public acts through a secret link), atomic, audited inside the
transaction, e-mails and tasks after the commit."""

from anlaufstelle.events.actions.attendance import check_in, check_in_undo, walk_in
from anlaufstelle.events.actions.certificates import certificates_send, certificates_send_for
from anlaufstelle.events.actions.event import event_save, event_status_set
from anlaufstelle.events.actions.feedback import feedback_give
from anlaufstelle.events.actions.registration import (
    Submitted,
    promote_waiting,
    registration_cancel,
    registration_confirm,
    registration_move,
    registration_submit,
)
from anlaufstelle.events.errors import (
    CertificateError,
    CheckInError,
    EventError,
    FeedbackError,
    RegistrationError,
)

__all__ = [
    "CertificateError",
    "CheckInError",
    "EventError",
    "FeedbackError",
    "RegistrationError",
    "Submitted",
    "certificates_send",
    "certificates_send_for",
    "check_in",
    "check_in_undo",
    "event_save",
    "event_status_set",
    "feedback_give",
    "promote_waiting",
    "registration_cancel",
    "registration_confirm",
    "registration_move",
    "registration_submit",
    "walk_in",
]

"""Every write of the grants module (atomic, keyword-only, audited in the same transaction)."""

from anlaufstelle.grants.actions.applications import (
    application_accept,
    application_answer,
    application_create,
    application_save,
    application_submit,
    application_withdraw,
)
from anlaufstelle.grants.actions.funding import budget_save, call_save, source_save, template_save
from anlaufstelle.grants.actions.payments import (
    drawdown_approve,
    drawdown_refuse,
    drawdown_request,
    payment_order_create,
)
from anlaufstelle.grants.actions.proof import proof_close, proof_return, proof_submit
from anlaufstelle.grants.actions.review import (
    application_ask,
    application_decide,
    application_reject,
    review_save,
    review_start,
)

__all__ = [
    "application_accept",
    "application_answer",
    "application_ask",
    "application_create",
    "application_decide",
    "application_reject",
    "application_save",
    "application_submit",
    "application_withdraw",
    "budget_save",
    "call_save",
    "drawdown_approve",
    "drawdown_refuse",
    "drawdown_request",
    "payment_order_create",
    "proof_close",
    "proof_return",
    "proof_submit",
    "review_save",
    "review_start",
    "source_save",
    "template_save",
]

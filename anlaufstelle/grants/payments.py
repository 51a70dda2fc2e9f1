"""A payment order as the treasury takes it: the SEPA pain.001 file and the CSV list."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from anlaufstelle.grants.models import Drawdown, PaymentOrder
from anlaufstelle.grants.money import to_euros
from anlaufstelle.grants.sepa import Transfer, pain001


def _reference(drawdown: Drawdown) -> str:
    return f"Zuwendung {drawdown.application.call.title} Antrag {drawdown.application_id} Abruf {drawdown.pk}"


def order_xml(order: PaymentOrder, drawdowns: list[Drawdown]) -> bytes:
    source = order.source
    return pain001(
        message_id=order.message_id,
        created=timezone.localtime(order.created_at),
        execution_date=order.execution_date,
        debtor_name=source.payer_name,
        debtor_iban=source.payer_iban,
        debtor_bic=source.payer_bic,
        transfers=[
            Transfer(
                end_to_end_id=f"GRANT-{d.application_id}-{d.pk}",
                amount_cents=d.amount_cents,
                name=d.application.account_holder or d.application.organisation.name,
                iban=d.application.iban,
                reference=_reference(d),
            )
            for d in drawdowns
        ],
    )


def order_rows(order: PaymentOrder, drawdowns: list[Drawdown]) -> tuple[list[str], list[list[Any]]]:
    header = [_("Payee"), _("IBAN"), _("Amount (€)"), _("Reference"), _("Execution date")]
    rows = [
        [
            d.application.account_holder or d.application.organisation.name,
            d.application.iban,
            str(to_euros(d.amount_cents)).replace(".", ","),
            _reference(d),
            order.execution_date.isoformat(),
        ]
        for d in drawdowns
    ]
    return header, rows

"""Drawdowns (Mittelabruf) and payment orders for the treasury."""

from __future__ import annotations

import datetime
import uuid

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from anlaufstelle.core.audit import audit_record
from anlaufstelle.core.models import AuditEntry, Centre, User
from anlaufstelle.grants import handoffs
from anlaufstelle.grants.actions.common import audit, locked, require_applicant, require_independent, step
from anlaufstelle.grants.errors import GrantsRefused
from anlaufstelle.grants.models import Drawdown, FundingSource, PaymentOrder
from anlaufstelle.grants.models.applications import Application
from anlaufstelle.grants.sepa import iban_valid
from anlaufstelle.grants.states import OFFICER, State, Verb

OPEN_OR_PAID = (Drawdown.Status.REQUESTED, Drawdown.Status.APPROVED, Drawdown.Status.ORDERED)


@transaction.atomic
def drawdown_request(*, application: Application, actor: User, amount_cents: int, needed_on: datetime.date) -> Drawdown:
    """Ask for money when it is needed; all drawdowns together stay within the grant."""
    application = locked(application)
    require_applicant(actor, application)
    if application.state not in (State.ACCEPTED, State.RUNNING):
        raise GrantsRefused(_("Money can be drawn down only for an accepted grant."))
    if amount_cents <= 0:
        raise GrantsRefused(_("Enter an amount above zero."), field="amount")
    drawn = application.drawdowns.filter(status__in=OPEN_OR_PAID).aggregate(s=Sum("amount_cents"))["s"] or 0
    if drawn + amount_cents > application.granted_cents:
        raise GrantsRefused(_("This is more than is left of the grant."), field="amount")
    drawdown = Drawdown.objects.create(
        centre=application.centre,
        application=application,
        amount_cents=amount_cents,
        needed_on=needed_on,
        requested_by=actor,
    )
    audit_record(
        actor=actor,
        centre=application.centre,
        kind=AuditEntry.Kind.CREATE,
        action="grants.drawdown.request",
        target=drawdown,
        changes={"amount_cents": [None, amount_cents]},
    )
    handoffs.drawdown_requested(drawdown, actor)
    return drawdown


def _locked_drawdown(drawdown: Drawdown) -> tuple[Drawdown, Application]:
    application = locked(drawdown.application)
    drawdown = Drawdown.objects.select_for_update().get(pk=drawdown.pk)
    if drawdown.status != Drawdown.Status.REQUESTED:
        raise GrantsRefused(_("This drawdown has already been dealt with."))
    return drawdown, application


@transaction.atomic
def drawdown_approve(*, drawdown: Drawdown, actor: User) -> Drawdown:
    """Approve a drawdown for payment; the first one sets the project running."""
    drawdown, application = _locked_drawdown(drawdown)
    require_independent(actor, application)
    if drawdown.requested_by_id == actor.pk:
        raise GrantsRefused(_("A drawdown is approved by someone other than who asked for it."))
    if application.state == State.ACCEPTED:
        step(application, Verb.START, who=OFFICER, actor=actor)
    drawdown.status, drawdown.approved_by, drawdown.approved_at = Drawdown.Status.APPROVED, actor, timezone.now()
    drawdown.save(update_fields=["status", "approved_by", "approved_at"])
    audit(actor, drawdown, "grants.drawdown.approve", {"status": ["requested", "approved"]})
    handoffs.drawdown_answered(drawdown, actor)
    return drawdown


@transaction.atomic
def drawdown_refuse(*, drawdown: Drawdown, actor: User) -> Drawdown:
    drawdown, application = _locked_drawdown(drawdown)
    require_independent(actor, application)
    drawdown.status = Drawdown.Status.REFUSED
    drawdown.save(update_fields=["status"])
    audit(actor, drawdown, "grants.drawdown.refuse", {"status": ["requested", "refused"]})
    handoffs.drawdown_answered(drawdown, actor)
    return drawdown


@transaction.atomic
def payment_order_create(
    *, centre: Centre, source: FundingSource, actor: User, execution_date: datetime.date
) -> PaymentOrder:
    """Bundle every approved, not yet ordered drawdown of `source` into one payment order."""
    if not iban_valid(source.payer_iban) or not source.payer_name:
        raise GrantsRefused(_("The funding source needs the paying account (holder and IBAN) first."))
    drawdowns = list(
        Drawdown.objects.select_for_update()
        .filter(centre=centre, status=Drawdown.Status.APPROVED, order__isnull=True, application__call__source=source)
        .select_related("application")
    )
    if not drawdowns:
        raise GrantsRefused(_("There is no approved drawdown to pay."))
    order = PaymentOrder.objects.create(
        centre=centre,
        source=source,
        message_id=uuid.uuid4().hex[:35],
        execution_date=execution_date,
        created_by=actor,
    )
    Drawdown.objects.filter(pk__in=[d.pk for d in drawdowns]).update(order=order, status=Drawdown.Status.ORDERED)
    audit_record(
        actor=actor,
        centre=centre,
        kind=AuditEntry.Kind.CREATE,
        action="grants.payment_order.create",
        target=order,
        changes={"drawdowns": [None, len(drawdowns)], "total_cents": [None, sum(d.amount_cents for d in drawdowns)]},
    )
    return order

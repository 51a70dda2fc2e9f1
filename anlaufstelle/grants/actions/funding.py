"""Funding sources, their yearly budgets, calls and the letter templates."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from anlaufstelle.core.audit import audit_record, diff, snapshot
from anlaufstelle.core.models import AuditEntry, Centre, User
from anlaufstelle.grants.errors import GrantsRefused
from anlaufstelle.grants.models import Call, FundingSource, LetterTemplate, SourceBudget
from anlaufstelle.grants.sepa import iban_valid, normalise_iban

SOURCE_FIELDS = ("name", "kind", "payer_name", "payer_iban", "payer_bic", "active")
CALL_FIELDS = (
    "source",
    "year",
    "title",
    "building_block",
    "target_group",
    "description",
    "opens_on",
    "deadline",
    "budget_cents",
    "max_amount_cents",
    "own_share_percent",
    "deviation_percent",
    "questions",
    "criteria",
    "published",
)


def _write(instance: Any, fields: tuple[str, ...], data: dict[str, Any], actor: User, action: str) -> Any:
    created = instance.pk is None
    before = {} if created else snapshot(instance, fields)
    for name in fields:
        if name in data:
            setattr(instance, name, data[name])
    instance.save()
    audit_record(
        actor=actor,
        centre=instance.centre,
        kind=AuditEntry.Kind.CREATE if created else AuditEntry.Kind.UPDATE,
        action=action,
        target=instance,
        changes=diff(before, snapshot(instance, fields)),
    )
    return instance


@transaction.atomic
def source_save(
    *, centre: Centre, actor: User, data: dict[str, Any], source: FundingSource | None = None
) -> FundingSource:
    """Create or change a funding source (and the account the treasury pays from)."""
    if data.get("payer_iban"):
        data = {**data, "payer_iban": normalise_iban(data["payer_iban"])}
        if not iban_valid(data["payer_iban"]):
            raise GrantsRefused(_("This IBAN is not valid."), field="payer_iban")
    return _write(source or FundingSource(centre=centre), SOURCE_FIELDS, data, actor, "grants.source.save")


@transaction.atomic
def budget_save(*, source: FundingSource, year: int, amount_cents: int, actor: User) -> SourceBudget:
    """Set a source's budget for a year; never below what that year's calls already share out."""
    if amount_cents < 0:
        raise GrantsRefused(_("A budget cannot be negative."), field="amount")
    FundingSource.objects.select_for_update().get(pk=source.pk)
    shared = Call.objects.filter(source=source, year=year).aggregate(s=Sum("budget_cents"))["s"] or 0
    if amount_cents < shared:
        raise GrantsRefused(_("The calls of this year already share out more than this."), field="amount")
    budget = SourceBudget.objects.filter(source=source, year=year).first() or SourceBudget(
        centre=source.centre, source=source, year=year, amount_cents=0
    )
    return _write(budget, ("amount_cents",), {"amount_cents": amount_cents}, actor, "grants.budget.save")


@transaction.atomic
def call_save(*, centre: Centre, actor: User, data: dict[str, Any], call: Call | None = None) -> Call:
    """Create or change a call. Its budget must fit into the source's budget of its year, together
    with the other calls of that year (the source row is locked while counting)."""
    source: FundingSource = data["source"]
    if source.centre_id != centre.pk:
        raise ValueError("A source of another centre.")
    FundingSource.objects.select_for_update().get(pk=source.pk)
    budget = SourceBudget.objects.filter(source=source, year=data["year"]).first()
    others = Call.objects.filter(source=source, year=data["year"])
    if call is not None:
        others = others.exclude(pk=call.pk)
    shared = others.aggregate(s=Sum("budget_cents"))["s"] or 0
    if budget is None or shared + data["budget_cents"] > budget.amount_cents:
        raise GrantsRefused(_("The source's budget for this year does not cover this call."), field="budget")
    if data["max_amount_cents"] > data["budget_cents"]:
        raise GrantsRefused(_("The maximum grant cannot exceed the call's budget."), field="max_amount")
    if call is not None:
        from anlaufstelle.grants.selectors import committed_cents

        if data["budget_cents"] < committed_cents(call):
            raise GrantsRefused(_("More than this has already been granted in this call."), field="budget")
    return _write(call or Call(centre=centre), CALL_FIELDS, data, actor, "grants.call.save")


@transaction.atomic
def template_save(*, centre: Centre, kind: str, body: str, actor: User) -> LetterTemplate:
    """Change the text of the decision letter or the pass-on contract."""
    template = LetterTemplate.objects.filter(centre=centre, kind=kind).first() or LetterTemplate(
        centre=centre, kind=kind
    )
    template.updated_by = actor
    return _write(template, ("body",), {"body": body}, actor, "grants.template.save")

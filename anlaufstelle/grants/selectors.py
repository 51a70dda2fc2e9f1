"""Every read of the grants module: lists and details with their prefetching, the partner's own
organisation, committed and paid sums."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, QuerySet, Sum
from django.utils import timezone

from anlaufstelle.core.models import Centre, Membership, User
from anlaufstelle.core.roles import Role
from anlaufstelle.grants.models import (
    Application,
    Call,
    Drawdown,
    FundingSource,
    LetterTemplate,
    PaymentOrder,
    Review,
    SourceBudget,
)
from anlaufstelle.grants.states import COMMITTED, State


def partner_organisation(*, user: User, centre: Centre) -> Any:
    """The organisation a partner account acts for in this centre, or None."""
    membership = (
        Membership.objects.filter(
            user=user, centre=centre, role=Role.PARTNER, is_active=True, organisation__isnull=False
        )
        .select_related("organisation")
        .first()
    )
    return membership.organisation if membership else None


def source_list(*, centre: Centre) -> QuerySet[FundingSource]:
    return FundingSource.objects.filter(centre=centre).prefetch_related(
        Prefetch("budgets", queryset=SourceBudget.objects.order_by("-year"))
    )


def source_get(*, centre: Centre, pk: int) -> FundingSource:
    return FundingSource.objects.get(centre=centre, pk=pk)


def call_list(*, centre: Centre) -> QuerySet[Call]:
    return Call.objects.filter(centre=centre).select_related("source")


def call_get(*, centre: Centre, pk: int) -> Call:
    return Call.objects.select_related("source").get(centre=centre, pk=pk)


def open_calls(*, centre: Centre) -> QuerySet[Call]:
    """Published calls whose application period has begun and whose deadline has not passed."""
    now = timezone.now()
    return (
        Call.objects.filter(centre=centre, published=True, opens_on__lte=timezone.localdate(now), deadline__gte=now)
        .select_related("source")
        .order_by("deadline", "id")
    )


def open_call_get(*, centre: Centre, pk: int) -> Call:
    return open_calls(centre=centre).get(pk=pk)


def _with_details(queryset: QuerySet[Application]) -> QuerySet[Application]:
    return queryset.select_related("call", "call__source", "organisation").prefetch_related(
        "lines",
        "versions",
        "questions",
        "drawdowns",
        Prefetch("reviews", queryset=Review.objects.select_related("reviewer")),
    )


def application_list(*, centre: Centre, state: str = "", drawdown_waiting: bool = False) -> QuerySet[Application]:
    """The centre's applications for staff (drafts stay the applicant's own); `drawdown_waiting` keeps
    those with a drawdown that waits for approval."""
    queryset = Application.objects.filter(centre=centre).exclude(state=State.DRAFT)
    if state:
        queryset = queryset.filter(state=state)
    if drawdown_waiting:
        queryset = queryset.filter(
            pk__in=Drawdown.objects.filter(centre=centre, status=Drawdown.Status.REQUESTED).values("application_id")
        )
    return queryset.select_related("call", "organisation").order_by("-submitted_at", "-id")


def application_get(*, centre: Centre, pk: int) -> Application:
    """One application for staff; a draft is not theirs to see (DoesNotExist)."""
    return _with_details(Application.objects.filter(centre=centre).exclude(state=State.DRAFT)).get(pk=pk)


def own_applications(*, centre: Centre, organisation: Any) -> QuerySet[Application]:
    return Application.objects.filter(centre=centre, organisation=organisation).select_related("call")


def own_application_get(*, centre: Centre, organisation: Any, pk: int) -> Application:
    """One of the organisation's own applications; another organisation's answers DoesNotExist."""
    return _with_details(Application.objects.filter(centre=centre, organisation=organisation)).get(pk=pk)


def drawdown_get(*, centre: Centre, pk: int) -> Drawdown:
    return Drawdown.objects.select_related("application").get(centre=centre, pk=pk)


def drawdowns_to_approve(*, centre: Centre) -> QuerySet[Drawdown]:
    return Drawdown.objects.filter(centre=centre, status=Drawdown.Status.REQUESTED).select_related(
        "application", "application__organisation"
    )


def payable_by_source(*, centre: Centre) -> list[tuple[FundingSource, int, int]]:
    """Per source: how many approved drawdowns wait for a payment order, and their sum in cents."""
    rows = {
        row["application__call__source"]: (row["n"], row["total"])
        for row in Drawdown.objects.filter(centre=centre, status=Drawdown.Status.APPROVED, order__isnull=True)
        .values("application__call__source")
        .annotate(n=Count("id"), total=Sum("amount_cents"))
        .order_by()
    }
    return [(source, *rows[source.pk]) for source in FundingSource.objects.filter(centre=centre, pk__in=rows)]


def payment_orders(*, centre: Centre) -> QuerySet[PaymentOrder]:
    return (
        PaymentOrder.objects.filter(centre=centre)
        .select_related("source")
        .annotate(total=Sum("drawdowns__amount_cents"))
    )


def payment_order_get(*, centre: Centre, pk: int) -> PaymentOrder:
    return PaymentOrder.objects.select_related("source").get(centre=centre, pk=pk)


def order_drawdowns(order: PaymentOrder) -> QuerySet[Drawdown]:
    return order.drawdowns.select_related("application", "application__organisation").order_by("id")


def committed_cents(call: Call) -> int:
    return Application.objects.filter(call=call, state__in=COMMITTED).aggregate(s=Sum("granted_cents"))["s"] or 0


def letter_template(*, centre: Centre, kind: str) -> str:
    """The centre's text for `kind`, or the shipped default."""
    from anlaufstelle.grants.letters import DEFAULT_TEXTS

    template = LetterTemplate.objects.filter(centre=centre, kind=kind).first()
    return template.body if template else str(DEFAULT_TEXTS[kind])

"""The grants figures: per source and call of a year the budget, committed, paid, proven and open
amounts; applications by organisation kind; days from submission to decision. Aggregates only."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from anlaufstelle.core.models import Centre
from anlaufstelle.core.statistics import median
from anlaufstelle.grants.models import Application, Call, CostLine, Drawdown, SourceBudget
from anlaufstelle.grants.states import COMMITTED, State


@dataclass(frozen=True)
class Money:
    label: str
    budget: int
    committed: int
    paid: int
    proven: int

    @property
    def open(self) -> int:
        """Committed but not yet paid."""
        return self.committed - self.paid


def _sums(calls: list[Call]) -> dict[int, tuple[int, int, int]]:
    ids = [call.pk for call in calls]
    committed = dict(
        Application.objects.filter(call__in=ids, state__in=COMMITTED)
        .values_list("call")
        .annotate(s=Sum("granted_cents"))
        .order_by()
    )
    paid = dict(
        Drawdown.objects.filter(application__call__in=ids, status=Drawdown.Status.ORDERED)
        .values_list("application__call")
        .annotate(s=Sum("amount_cents"))
        .order_by()
    )
    proven = dict(
        CostLine.objects.filter(application__call__in=ids, application__state=State.CLOSED)
        .values_list("application__call")
        .annotate(s=Sum("actual_cents"))
        .order_by()
    )
    return {i: (committed.get(i) or 0, paid.get(i) or 0, proven.get(i) or 0) for i in ids}


def money_by_call(*, centre: Centre, year: int) -> list[Money]:
    calls = list(Call.objects.filter(centre=centre, year=year).order_by("title"))
    sums = _sums(calls)
    return [Money(call.title, call.budget_cents, *sums[call.pk]) for call in calls]


def money_by_source(*, centre: Centre, year: int) -> list[Money]:
    calls = list(Call.objects.filter(centre=centre, year=year).select_related("source"))
    sums = _sums(calls)
    budgets = {b.source_id: b for b in SourceBudget.objects.filter(centre=centre, year=year).select_related("source")}
    rows: dict[int, list[int]] = {source_id: [0, 0, 0] for source_id in budgets}
    names = {source_id: b.source.name for source_id, b in budgets.items()}
    for call in calls:
        row = rows.setdefault(call.source_id, [0, 0, 0])
        names.setdefault(call.source_id, call.source.name)
        for i, value in enumerate(sums[call.pk]):
            row[i] += value
    return [
        Money(names[s], budgets[s].amount_cents if s in budgets else 0, *rows[s])
        for s in sorted(rows, key=lambda s: names[s])
    ]


def applications_by_kind(*, centre: Centre, year: int) -> list[tuple[str, int, int]]:
    """(organisation kind, applications submitted, of them granted) for the year's calls."""
    from anlaufstelle.partners.models import Organisation

    labels = dict(Organisation.Kind.choices)
    rows = (
        Application.objects.filter(centre=centre, call__year=year)
        .exclude(state__in=[State.DRAFT])
        .values_list("organisation__kind")
        .annotate(n=Count("id"), granted=Count("id", filter=Q(state__in=COMMITTED)))
        .order_by("organisation__kind")
    )
    return [(str(labels.get(kind, kind)), n, granted) for kind, n, granted in rows]


def days_to_decision(*, centre: Centre, year: int) -> float | None:
    """Median days from submission to decision of the year's decided applications."""
    pairs = Application.objects.filter(
        centre=centre, call__year=year, submitted_at__isnull=False, decided_at__isnull=False
    ).values_list("submitted_at", "decided_at")
    days = [(decided - submitted).days for submitted, decided in pairs if submitted and decided]
    return median(days) if days else None


def figures_sheets(
    *, year: int, by_source: list[Money], by_call: list[Money], by_kind: list[tuple[str, int, int]], days: float | None
) -> list[tuple[str, list[str], list[list[object]]]]:
    """The figures page as workbook sheets (amounts in euros as numbers, so they can be summed)."""
    from django.utils.translation import gettext as _

    money_headers = [_("Name"), _("Budget"), _("Committed"), _("Paid"), _("Proven"), _("Open")]

    def euros(rows: list[Money]) -> list[list[object]]:
        return [
            [row.label, *(cents / 100 for cents in (row.budget, row.committed, row.paid, row.proven, row.open))]
            for row in rows
        ]

    return [
        (_("Per funding source"), money_headers, euros(by_source)),
        (_("Per call"), money_headers, euros(by_call)),
        (
            _("Applications by organisation kind"),
            [_("Organisation kind"), _("Applications"), _("Granted")],
            [list(row) for row in by_kind],
        ),
        (
            _("Median days from submission to decision"),
            [_("Year"), _("Median days from submission to decision")],
            [[year, days if days is not None else ""]],
        ),
    ]

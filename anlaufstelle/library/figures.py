"""The library's figures for one calendar year: loans per month, per borrower kind and per topic, and
the titles never lent. Counts only, no names; a constant number of queries."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import ExtractMonth
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from anlaufstelle.core.figures_table import FiguresTable
from anlaufstelle.core.models import Centre
from anlaufstelle.library.models import Borrower, Loan, Title, Topic

NEVER_LENT_SHOWN = 200


def tables(*, centre: Centre, year: int) -> list[FiguresTable]:
    loans = Loan.objects.filter(centre=centre, lent_at__year=year)
    per_month = dict(
        loans.annotate(month=ExtractMonth("lent_at"))
        .values_list("month")
        .annotate(n=Count("id"))
        .values_list("month", "n")
    )
    per_kind = dict(loans.values_list("borrower_kind").annotate(n=Count("id")).values_list("borrower_kind", "n"))
    per_topic = (
        Topic.objects.filter(centre=centre)
        .annotate(n=Count("titles__copies__loans", filter=_in_year("titles__copies__loans__lent_at", year)))
        .order_by("-n", "name")
        .values_list("name", "n")
    )
    never = (
        Title.objects.filter(centre=centre)
        .exclude(Exists(Loan.objects.filter(copy__title=OuterRef("pk"))))
        .annotate(copy_count=Count("copies"))
        .order_by("title", "id")
    )
    never_count = never.count()
    return [
        FiguresTable.numeric(
            "loans-per-month",
            _("Loans per month, %(year)s") % {"year": year},
            _("Month"),
            [_("Loans")],
            [[str(MONTHS[month]), per_month.get(month, 0)] for month in range(1, 13)],
        ),
        FiguresTable.numeric(
            "loans-per-kind",
            _("Loans per borrower kind, %(year)s") % {"year": year},
            _("Borrower kind"),
            [_("Loans")],
            [[str(label), per_kind.get(value, 0)] for value, label in Borrower.Kind.choices],
        ),
        FiguresTable.numeric(
            "loans-per-topic",
            _("Loans per topic, %(year)s") % {"year": year},
            _("Topic"),
            [_("Loans")],
            [[name, n] for name, n in per_topic],
            empty=_("No topic yet."),
        ),
        FiguresTable.numeric(
            "never-lent",
            _("Titles never lent (%(count)s)") % {"count": never_count},
            _("Title"),
            [_("Copies")],
            [[title.title, title.copy_count] for title in never[:NEVER_LENT_SHOWN]],
            empty=_("Every title has been lent."),
        ),
    ]


def _in_year(field: str, year: int) -> Q:
    start = datetime.date(year, 1, 1)
    return Q(**{f"{field}__gte": start, f"{field}__lt": datetime.date(year + 1, 1, 1)})

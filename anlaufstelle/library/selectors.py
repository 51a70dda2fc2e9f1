"""Reads of the library module for views and the desk, with their prefetching."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from anlaufstelle.core.models import Centre, Membership, User
from anlaufstelle.library.models import Borrower, Copy, Hold, KitComponent, Loan, LoanRule, Title, Topic

MAX_LIST = 200


def _open_loans() -> QuerySet[Loan]:
    return Loan.objects.filter(returned_at__isnull=True)


def title_search(
    *,
    centre: Centre,
    words: str = "",
    topic: Topic | None = None,
    language: str = "",
    age: int | None = None,
    media_type: str = "",
    public_only: bool = False,
) -> QuerySet[Title]:
    """Titles matching every word (in title, authors, publisher or ISBN) and every filter given."""
    titles = Title.objects.filter(centre=centre)
    if public_only:
        titles = titles.filter(public=True)
    for word in words.split()[:8]:
        digits = word.replace("-", "")
        condition = Q(title__icontains=word) | Q(authors__icontains=word) | Q(publisher__icontains=word)
        if digits.isdigit():
            condition |= Q(isbn__contains=digits)
        titles = titles.filter(condition)
    if topic is not None:
        titles = titles.filter(topics=topic)
    if language:
        titles = titles.filter(languages__contains=f"|{language}|")
    if age is not None:
        titles = titles.filter(Q(age_from__isnull=True) | Q(age_from__lte=age)).filter(
            Q(age_to__isnull=True) | Q(age_to__gte=age)
        )
    if media_type:
        titles = titles.filter(media_type=media_type)
    return titles.annotate(
        copy_count=Count("copies", distinct=True),
        lent_count=Count("copies__loans", filter=Q(copies__loans__returned_at__isnull=True), distinct=True),
    ).order_by("title", "id")


def title_get(*, centre: Centre, pk: int, public_only: bool = False) -> Title:
    titles = Title.objects.filter(centre=centre)
    if public_only:
        titles = titles.filter(public=True)
    return titles.prefetch_related("topics", "texts").get(pk=pk)


def title_detail(*, title: Title) -> dict[str, Any]:
    """A title's copies (with the open loan, kit components) and its open holds in order."""
    copies = list(
        title.copies.prefetch_related(
            Prefetch("loans", queryset=_open_loans().select_related("borrower"), to_attr="open_loans"),
            Prefetch("components", queryset=KitComponent.objects.select_related("packed_copy")),
        ).annotate(packed=Exists(KitComponent.objects.filter(packed_copy=OuterRef("pk"))))
    )
    holds = list(
        title.holds.filter(status__in=[Hold.Status.WAITING, Hold.Status.READY])
        .select_related("borrower__contact__organisation", "borrower__volunteer", "borrower__user", "copy")
        .order_by("placed_at", "id")
    )
    return {"copies": copies, "holds": holds}


def label_copies(*, title: Title, ids: set[int] | None = None) -> list[Copy]:
    """The copies of `title` to print labels for: those with the given ids, or all of them."""
    copies = title.copies.select_related("title").order_by("shelf_mark", "barcode", "id")
    if ids is not None:
        copies = copies.filter(pk__in=ids)
    return list(copies)


def availability(*, title: Title) -> tuple[int, int]:
    """(copies that can be lent, of them on the shelf now)."""
    lendable = title.copies.exclude(condition=Copy.Condition.WITHDRAWN).exclude(
        pk__in=KitComponent.objects.filter(packed_copy__isnull=False).values("packed_copy_id")
    )
    total = lendable.count()
    busy = lendable.filter(
        Q(pk__in=_open_loans().values("copy_id"))
        | Q(pk__in=Hold.objects.filter(status=Hold.Status.READY).values("copy_id"))
    ).count()
    return total, total - busy


def summary(*, title: Title, language: str) -> str:
    texts = {row.language: row.summary for row in title.texts.all()}
    return texts.get(language) or texts.get("de", "")


def copy_get(*, centre: Centre, pk: int) -> Copy:
    return Copy.objects.select_related("title").get(centre=centre, pk=pk)


def copy_detail(*, copy: Copy) -> dict[str, Any]:
    return {
        "components": list(copy.components.select_related("packed_copy__title")),
        "loans": list(copy.loans.select_related("borrower")[:50]),
        "open_loan": _open_loans().filter(copy=copy).select_related("borrower").first(),
        "packed_in": KitComponent.objects.filter(packed_copy=copy).select_related("kit__title").first(),
    }


def component_get(*, centre: Centre, pk: int) -> KitComponent:
    return KitComponent.objects.select_related("kit").get(centre=centre, pk=pk)


def copies_to_pack(*, centre: Centre) -> QuerySet[Copy]:
    """Copies that may be packed in a kit: not in a kit yet."""
    return (
        Copy.objects.filter(centre=centre)
        .exclude(pk__in=KitComponent.objects.filter(packed_copy__isnull=False).values("packed_copy_id"))
        .select_related("title")
    )


def topic_list(*, centre: Centre) -> QuerySet[Topic]:
    return Topic.objects.filter(centre=centre).annotate(title_count=Count("titles"))


def borrower_list(*, centre: Centre) -> QuerySet[Borrower]:
    return (
        Borrower.objects.filter(centre=centre)
        .select_related("contact__organisation", "volunteer", "user")
        .annotate(open_loans=Count("loans", filter=Q(loans__returned_at__isnull=True)))
    )


def borrower_get(*, centre: Centre, pk: int) -> Borrower:
    return Borrower.objects.select_related("contact__organisation", "volunteer", "user").get(centre=centre, pk=pk)


def borrower_detail(*, borrower: Borrower) -> dict[str, Any]:
    return {
        "loans": list(borrower.loans.select_related("copy__title").order_by("returned_at", "due_on")[:MAX_LIST]),
        "holds": list(borrower.holds.select_related("title", "copy").order_by("-placed_at")[:MAX_LIST]),
    }


def staff_users(*, centre: Centre) -> QuerySet[User]:
    ids = Membership.objects.filter(centre=centre, is_active=True).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True).order_by("email")


def rule_list(*, centre: Centre) -> QuerySet[LoanRule]:
    return LoanRule.objects.filter(centre=centre)


def rule_get(*, centre: Centre, pk: int) -> LoanRule:
    return LoanRule.objects.get(centre=centre, pk=pk)


def loan_get(*, centre: Centre, pk: int) -> Loan:
    return Loan.objects.select_related("copy__title", "borrower").get(centre=centre, pk=pk)


def hold_get(*, centre: Centre, pk: int) -> Hold:
    return Hold.objects.select_related("title").get(centre=centre, pk=pk)


def desk_loans(*, centre: Centre, today: datetime.date) -> dict[str, list[Loan]]:
    """Open loans: overdue first, then those due within a week."""
    loans = (
        _open_loans()
        .filter(centre=centre)
        .select_related("copy__title", "borrower__contact__organisation", "borrower__volunteer", "borrower__user")
    )
    return {
        "overdue": list(loans.filter(due_on__lt=today).order_by("due_on", "id")[:MAX_LIST]),
        "due_soon": list(
            loans.filter(due_on__gte=today, due_on__lte=today + datetime.timedelta(days=7)).order_by("due_on", "id")[
                :MAX_LIST
            ]
        ),
    }


def ready_holds(*, centre: Centre) -> list[Hold]:
    return list(
        Hold.objects.filter(centre=centre, status=Hold.Status.READY)
        .select_related("title", "copy", "borrower__contact__organisation", "borrower__volunteer", "borrower__user")
        .order_by("placed_at")[:MAX_LIST]
    )


def borrower_personal_data(*, borrower: Borrower) -> dict[str, Any]:
    """Art. 15: everything the library keeps about a borrower (the person's own record is exported
    where it is kept: the partner register, the volunteers, the account)."""

    def day(value: Any) -> str | None:
        return value.isoformat() if value else None

    return {
        "borrower": {
            "id": borrower.pk,
            "kind": borrower.kind,
            "registered_on": day(borrower.registered_on),
            "name": borrower.name,
        },
        "loans": [
            {
                "title": loan.copy.title.title,
                "barcode": loan.copy.barcode,
                "lent_at": day(loan.lent_at),
                "due_on": day(loan.due_on),
                "renewals": loan.renewals,
                "returned_at": day(loan.returned_at),
                "reminders_sent": loan.reminders_sent,
            }
            for loan in borrower.loans.select_related("copy__title").order_by("lent_at")
        ],
        "holds": [
            {"title": hold.title.title, "placed_at": day(hold.placed_at), "status": hold.status}
            for hold in borrower.holds.select_related("title").order_by("placed_at")
        ],
    }

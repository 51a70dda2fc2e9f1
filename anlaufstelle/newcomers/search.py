"""Families and children in the staff search (workspace): only for the centre's caseworkers, every hit audited."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.models import Centre
from anlaufstelle.newcomers.models import Child, Family
from anlaufstelle.workspace.search import LIMIT, Found, Hit, cut, every_word_in, register_search, words


@register_search("newcomers.families")
def search(*, user: Any, centre: Centre, permissions: frozenset[str], query: str) -> list[Found]:
    """Children by name, families by a guardian's or child's name: three queries."""
    if "newcomers.view_families" not in permissions:
        return []
    terms = words(query)
    children, more_children = cut(
        list(
            Child.objects.filter(centre=centre)
            .filter(every_word_in(terms, "first_name", "last_name"))
            .order_by("last_name", "first_name", "pk")[: LIMIT + 1]
        )
    )
    families, more_families = cut(
        list(
            Family.objects.filter(centre=centre)
            .filter(
                every_word_in(terms, "guardians__first_name", "guardians__last_name")
                | every_word_in(terms, "children__last_name")
            )
            .distinct()
            .order_by("-created_at", "-pk")
            .prefetch_related("guardians", "children")[: LIMIT + 1]
        )
    )

    def family_url(pk: int) -> str:
        return reverse("newcomers:family", kwargs={"centre": centre.slug, "pk": pk})

    return [
        Found(
            _("Children"),
            [
                Hit(
                    f"{c.first_name} {c.last_name}",
                    family_url(c.family_id) + f"#child-{c.pk}",
                    c.get_stage_display(),
                )
                for c in children
            ],
            more_children,
            "newcomers.child.search",
            children,
        ),
        Found(
            _("Families"),
            [Hit(str(f.display_name()), family_url(f.pk), _("closed") if f.closed_on else "") for f in families],
            more_families,
            "newcomers.family.search",
            families,
        ),
    ]

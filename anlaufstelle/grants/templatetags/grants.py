"""Template filters of the grants pages: cents shown as euros in the reader's number format."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format

from anlaufstelle.grants.money import to_euros

register = template.Library()


@register.filter
def euros(cents: int | None) -> str:
    """Whole cents as an amount in euros, formatted for the active language (1.234,50 €)."""
    if cents is None:
        return "–"
    return f"{number_format(to_euros(int(cents)), 2, use_l10n=True, force_grouping=True)} €"

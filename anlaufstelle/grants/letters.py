"""The decision letter and the pass-on contract as PDF, from the centre's editable text.

The text uses `$name` placeholders (Python's string.Template, never Django's template language, so
an edited text can read nothing but the values offered here). Values are escaped and bidi-isolated;
blank lines separate paragraphs."""

from __future__ import annotations

import datetime
from string import Template
from typing import Any

from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.bidi import isolate
from anlaufstelle.core.pdf import html_to_pdf, page_footer
from anlaufstelle.grants.models import Application, LetterTemplate
from anlaufstelle.grants.money import format_euros

PLACEHOLDERS = (
    "organisation",
    "project",
    "call",
    "source",
    "amount",
    "conditions",
    "earmarked_until",
    "starts_on",
    "ends_on",
    "decided_on",
    "centre",
)

DEFAULT_TEXTS: dict[str, Any] = {
    LetterTemplate.Kind.DECISION: _(
        "Dear Sir or Madam,\n\n"
        "on behalf of $centre we grant $organisation for the project “$project” (call “$call”, funded by "
        "$source) a grant of up to $amount as a fixed-amount deficit financing, for the period from "
        "$starts_on to $ends_on.\n\n"
        "The grant is earmarked until $earmarked_until. The general conditions for grants to projects "
        "(ANBest-P) apply, together with the following conditions:\n\n$conditions\n\n"
        "Please accept the grant online in the portal. Money is drawn down when it is needed."
    ),
    LetterTemplate.Kind.CONTRACT: _(
        "Pass-on contract between $centre and $organisation.\n\n"
        "$centre passes on up to $amount from $source to $organisation for the project “$project” "
        "($starts_on to $ends_on). The ANBest-P are part of this contract. The money is earmarked until "
        "$earmarked_until. $organisation proves the use of the money with a narrative report and a list "
        "of receipts, each cost line's actual amount against its plan.\n\nConditions:\n\n$conditions"
    ),
}


def _date(value: datetime.date | None) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else "–"


def values_of(application: Application) -> dict[str, str]:
    return {
        "organisation": application.organisation.name,
        "project": application.title,
        "call": application.call.title,
        "source": application.call.source.name,
        "amount": format_euros(application.granted_cents),
        "conditions": application.conditions or "–",
        "earmarked_until": _date(application.earmarked_until),
        "starts_on": _date(application.starts_on),
        "ends_on": _date(application.ends_on),
        "decided_on": _date(application.decided_at),
        "centre": application.centre.name,
    }


def body_html(text: str, values: dict[str, str]) -> SafeString:
    """The edited text with the values put in: escaped, isolated, paragraphs at blank lines.
    An unknown placeholder stays as written, so a typo is visible in the letter, not an error."""
    safe = {key: escape(isolate(value)) for key, value in values.items()}
    filled = Template(escape(text)).safe_substitute(safe)
    paragraphs = [p.strip().replace("\n", "<br>") for p in filled.split("\n\n") if p.strip()]
    return mark_safe("".join(f"<p>{p}</p>" for p in paragraphs))


def letter_pdf(*, application: Application, kind: str, text: str) -> bytes:
    title = LetterTemplate.Kind(kind).label
    html = render_to_string(
        "grants/letter_pdf.html",
        {
            "application": application,
            "title": title,
            "body": body_html(text, values_of(application)),
            "today": _date(timezone.localdate()),
            "footer": page_footer(f"{application.centre.name} – {title}"),
        },
    )
    return html_to_pdf(html)

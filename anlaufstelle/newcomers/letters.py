"""Family letters as PDF: German and the family's language side by side, one letter or a batch.

Texts come from the centre's LetterTemplate rows, else from letter_texts.DEFAULT_TEXTS.
Placeholders are replaced by plain strings only (no template language in editable texts).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from anlaufstelle.core.bidi import address_line, isolate, join_present
from anlaufstelle.core.errors import Refused
from anlaufstelle.core.jobs import Progress, register_job
from anlaufstelle.core.models import BackgroundJob, Centre
from anlaufstelle.core.pdf import css_text, html_to_pdf
from anlaufstelle.newcomers.letter_texts import DEFAULT_TEXTS
from anlaufstelle.newcomers.models import AppointmentSlot, Child, LetterKind, LetterTemplate, Placement
from anlaufstelle.newcomers.models.appointments import child_appointments

PLACEHOLDER = re.compile(r"\{(\w+)\}")
PLACEHOLDERS = frozenset(
    {
        "child",
        "date",
        "time",
        "place",
        "school",
        "school_address",
        "first_school_day",
        "centre",
        "centre_phone",
        "centre_address",
    }
)
SLOT_KIND: dict[str, str] = {
    LetterKind.INVITATION: AppointmentSlot.Kind.COUNSELLING,
    LetterKind.APPOINTMENT: AppointmentSlot.Kind.HEALTH_EXAM,
}


class NothingToWrite(Refused):
    """The child has no appointment or school place this letter could be about."""


@dataclass
class Side:
    language: str
    subject: str
    body: str
    rtl: bool


def texts_for(centre: Centre, kind: str) -> dict[str, tuple[str, str]]:
    """language -> (subject, body): the centre's wording where it has one, else the default."""
    texts = dict(DEFAULT_TEXTS.get(kind, {}))
    for row in LetterTemplate.objects.filter(centre=centre, kind=kind):
        texts[row.language] = (row.subject, row.body)
    return texts


def _values(child: Child, kind: str, language: str) -> dict[str, str]:
    """The placeholder values, each in a bidi isolate (phone numbers and times left to right)."""
    centre = child.centre
    with translation.override(language):
        values = {
            "child": f"{child.first_name} {child.last_name}",
            "centre": centre.name,
            "centre_phone": centre.phone,
            "centre_address": address_line(centre.street, centre.postcode, centre.city),
            "date": "",
            "time": "",
            "place": "",
            "school": "",
            "school_address": "",
            "first_school_day": "",
        }
        if kind in SLOT_KIND:
            slot = (
                child_appointments(child)
                .filter(kind=SLOT_KIND[kind], starts_at__gte=timezone.now() - datetime.timedelta(days=1))
                .order_by("starts_at")
                .first()
            )
            if slot is None:
                raise NothingToWrite(_("%(child)s has no booked appointment of this kind.") % {"child": child})
            start = timezone.localtime(slot.starts_at)
            values.update(
                date=formats.date_format(start.date(), "DATE_FORMAT"),
                time=formats.time_format(start.time(), "TIME_FORMAT"),
                place=slot.place,
            )
        elif kind == LetterKind.PLACEMENT:
            placement = child.placements.filter(status__in=Placement.TAKES_SEAT).select_related("quota__school").first()
            if placement is None:
                raise NothingToWrite(_("%(child)s has no approved school place yet.") % {"child": child})
            school = placement.quota.school
            address = school.primary_address
            values.update(
                school=school.name,
                school_address=address_line(address.street, address.postcode, address.city) if address else "",
                first_school_day=formats.date_format(placement.first_school_day, "DATE_FORMAT")
                if placement.first_school_day
                else _("the school will tell you"),
            )
    # A date with a month name follows its own script (Arabic months read right to left);
    # one in digits, a time or a phone number has no letters and is isolated left to right.
    return {name: isolate(value, "ltr" if name == "centre_phone" else "auto") for name, value in values.items()}


def _fill(text: str, values: dict[str, str]) -> str:
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), text)


def letter_sides(child: Child, kind: str, texts: dict[str, tuple[str, str]] | None = None) -> list[Side]:
    """German, and the family's letter language when it is not German and a text exists."""
    texts = texts if texts is not None else texts_for(child.centre, kind)
    languages = ["de"]
    family_language = child.family.letter_language
    if family_language != "de" and family_language in texts:
        languages.append(family_language)
    sides = []
    for language in languages:
        subject, body = texts[language]
        values = _values(child, kind, language)
        sides.append(
            Side(
                language=language,
                subject=_fill(subject, values),
                body=_fill(body, values),
                rtl=language in settings.LANGUAGES_BIDI,
            )
        )
    return sides


def letters_html(children: list[Child], kind: str) -> tuple[str, list[str]]:
    """One HTML document with a page per child; also the children skipped and why."""
    if not children:
        return "", []
    centre = children[0].centre
    texts = texts_for(centre, kind)
    letters, skipped = [], []
    for child in children:
        try:
            sides = letter_sides(child, kind, texts)
        except NothingToWrite as exc:
            skipped.append(str(exc))
            continue
        guardian = child.family.guardians.first()
        letters.append(
            {
                "child": child,
                "family": child.family,
                "guardian": guardian,
                "sides": sides,
                "missing_language": child.family.letter_language not in texts,
            }
        )
    with translation.override("de"):
        place_date = join_present([centre.city, formats.date_format(timezone.localdate(), "DATE_FORMAT")])
    address = address_line(centre.street, centre.postcode, centre.city)
    footer = join_present([isolate(centre.name), isolate(address), isolate(centre.phone, "ltr")], " · ")
    html = render_to_string(
        "newcomers/letter_pdf.html",
        {
            "centre": centre,
            "centre_address": address,
            "letters": letters,
            "place_date": place_date,
            "footer": css_text(footer),  # a CSS string: the centre's name may hold & or quotes
        },
    )
    return html, skipped


def letters_pdf(children: list[Child], kind: str) -> tuple[bytes, list[str]]:
    html, skipped = letters_html(children, kind)
    if not html or "<article" not in html:
        return b"", skipped
    return html_to_pdf(html), skipped


def batch_children(*, centre: Centre, kind: str, since: datetime.date, until: datetime.date) -> list[Child]:
    """The children a batch of this kind is for: appointments (or approvals) between the two days."""
    children = Child.objects.filter(centre=centre).open().select_related("family", "centre")
    start = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(until, datetime.time.max))
    if kind in SLOT_KIND:
        children = children.filter(
            Q(appointments__kind=SLOT_KIND[kind], appointments__starts_at__range=(start, end))
            | Q(
                family__family_appointments__kind=SLOT_KIND[kind],
                family__family_appointments__starts_at__range=(start, end),
            )
        ).distinct()
    elif kind == LetterKind.PRIVACY:
        children = children.filter(registered_on__range=(since, until))
    else:
        children = children.filter(
            placements__status__in=Placement.TAKES_SEAT, placements__decided_at__range=(start, end)
        ).distinct()
    return list(children.prefetch_related("family__guardians").order_by("last_name", "first_name", "id"))


@register_job("newcomers.letters")
def _letters_job(job: BackgroundJob, progress: Progress) -> dict[str, Any]:
    params = job.params
    children = batch_children(
        centre=job.centre,
        kind=params["kind"],
        since=datetime.date.fromisoformat(params["since"]),
        until=datetime.date.fromisoformat(params["until"]),
    )
    progress(0, 2, _("Writing %(count)s letters") % {"count": len(children)})
    pdf, skipped = letters_pdf(children, params["kind"])
    progress(1, 2, _("Rendering the PDF"))
    if pdf:
        name = f"briefe-{params['kind']}-{timezone.localdate().isoformat()}.pdf"
        job.result_file.save(name, ContentFile(pdf), save=False)
        BackgroundJob.objects.with_scopes_disabled().filter(pk=job.pk).update(result_file=job.result_file.name)  # type: ignore[attr-defined]
    written = len(children) - len(skipped)
    notes = [_("%(count)s letters written.") % {"count": written}, *skipped[:50]]
    return {
        "letters": written,
        "skipped": skipped[:50],
        "notes": notes,
        "link": {"url": reverse("newcomers:letters", kwargs={"centre": job.centre.slug})},
    }

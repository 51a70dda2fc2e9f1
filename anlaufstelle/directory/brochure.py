"""The "Wegweiser": a print-ready PDF brochure of the directory, built as a background job.

Cover with the centre's address, contacts and office hours; table of contents with page numbers;
offers grouped by area of life, the areas flowing on from page to page; contacts and a QR code
to each online entry; right to left for Arabic, with German fallback texts marked as German.
WeasyPrint renders one HTML document.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import segno
from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from anlaufstelle.core.bidi import address_line
from anlaufstelle.core.jobs import Progress, register_job
from anlaufstelle.core.models import BackgroundJob, CentreContent
from anlaufstelle.core.pdf import css_text, html_to_pdf, page_footer
from anlaufstelle.core.translation import SOURCE_LANGUAGE, pick_translation
from anlaufstelle.directory import selectors
from anlaufstelle.directory.taxonomy import Area


def _qr(url: str) -> str:
    # PNG, not SVG: WeasyPrint lays out hundreds of small raster images much faster.
    # A fixed mask skips segno's mask search (most of the encoding time); still a valid QR code.
    return segno.make(url, error="m", mask=4, micro=False).png_data_uri(scale=4, border=1)


def brochure_html(centre: Any, params: dict[str, Any], progress: Any = None) -> str:
    """The brochure as one HTML document (what WeasyPrint renders)."""
    language = params.get("language", "de")
    areas = [code for code in params.get("areas", []) if code in Area.values] or list(Area.values)
    offers_qs = selectors.published(centre=centre)
    if params.get("district"):
        offers_qs = offers_qs.filter(address__district=params["district"])
    offers = selectors.offer_views(
        list(selectors.with_texts(offers_qs.order_by("id"), language=language)), language=language
    )
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    total = len(offers) + 1  # + rendering the PDF
    if progress:
        progress(0, total, _("Collecting offers"))
    for index, item in enumerate(offers, start=1):
        url = settings.SITE_URL + reverse("directory:offer", kwargs={"centre": centre.slug, "pk": item.offer.pk})
        place = item.offer.address
        entry = {
            "item": item,
            "url": url,
            "qr": _qr(url),
            "address": address_line(place.street, place.postcode, place.city) if place else "",
        }
        for area in item.offer.area_list():
            if area.value in areas:
                groups[area.value].append(entry)
        if progress:
            progress(
                index, total, _("Preparing offer %(number)s of %(total)s") % {"number": index, "total": len(offers)}
            )
    # The cover: how to reach the centre, office hours in the brochure's language (else German).
    contents = CentreContent.objects.filter(centre=centre, language__in={language, SOURCE_LANGUAGE})
    centre_texts = pick_translation(contents, language, ["office_hours"])
    with translation.override(language):
        sections = [
            {"code": code, "label": str(Area(code).label), "entries": groups[code]} for code in areas if groups[code]
        ]
        title = _("Guide")
        return render_to_string(
            "directory/brochure.html",
            {
                "centre": centre,
                "centre_address": address_line(centre.street, centre.postcode, centre.city),
                "centre_texts": centre_texts,
                "website": settings.SITE_URL + reverse("core:centre", kwargs={"centre": centre.slug}),
                "sections": sections,
                "language": language,
                "rtl": language in settings.LANGUAGES_BIDI,
                "district": params.get("district", ""),
                # Dates as the brochure's language writes them ("3. Dezember 2026", "3 ديسمبر، 2026").
                "today": formats.date_format(timezone.localdate(), "DATE_FORMAT"),
                "count": len({entry["item"].offer.pk for section in sections for entry in section["entries"]}),
                "header": css_text(f"{title} · {centre.name}"),
                "footer": page_footer(centre.name),
            },
        )


@register_job("directory.brochure")
def brochure_job(job: BackgroundJob, progress: Progress) -> dict[str, Any]:
    """Collect the chosen offers, render the brochure and store the PDF on the job."""
    language = job.params.get("language", "de")
    html = brochure_html(job.centre, job.params, progress)
    progress(progress.job.total_steps - 1, None, _("Rendering the PDF"))
    pdf = html_to_pdf(html)
    name = f"wegweiser-{job.centre.slug}-{language}-{timezone.localdate().isoformat()}.pdf"
    job.result_file.save(name, ContentFile(pdf), save=False)
    BackgroundJob.objects.filter(pk=job.pk, centre=job.centre).update(
        result_file=job.result_file.name
    )  # in the job's scope
    return {"ok": True, "bytes": len(pdf)}

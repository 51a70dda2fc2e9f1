"""The annual report (Integrationsbericht) as a PDF, built as a background job with progress.

One year of one concept: a cover, the contents, per field of action its goals with their measures
and status and each indicator's trend chart with its table, and the sources — every figure with
the query (indicator id) or import it comes from and when it was computed.
"""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from anlaufstelle.core.jobs import Progress, register_job
from anlaufstelle.core.models import BackgroundJob
from anlaufstelle.core.pdf import html_to_pdf, page_footer
from anlaufstelle.reports import charts, selectors
from anlaufstelle.reports.models import Concept

YEARS_SHOWN = 5  # the report's year and the four before it, for the trends


def report_context(*, concept: Concept, year: int, progress: Progress | None = None) -> dict[str, Any]:
    """Everything the report template needs (also used by the test without WeasyPrint)."""
    fields = selectors.concept_fields(concept=concept)
    first = max(year - YEARS_SHOWN + 1, 2000)
    sections = []
    for number, field in enumerate(fields, start=1):
        if progress is not None:
            progress(number - 1, len(fields) + 1, str(field.title))
        goals = []
        for goal in field.goals.all():
            indicators = list(goal.indicators.all())
            series = selectors.indicator_series(
                centre=concept.centre, indicators=indicators, first_year=first, last_year=year
            )
            figures = [
                charts.line_chart(
                    id=f"report-{s.indicator.pk}",
                    title=s.indicator.label,
                    header=_("Year"),
                    periods=s.years,
                    series=[(s.indicator.label, s.values)],
                    unit=s.indicator.unit,
                )
                for s in series
            ]
            goals.append(
                {
                    "goal": goal,
                    "measures": list(goal.measures.all()),
                    "figures": list(zip(series, figures, strict=True)),
                }
            )
        sections.append({"number": number, "field": field, "goals": goals})
    title = _("Integration report %(year)s") % {"year": year}
    return {
        "title": title,
        "concept": concept,
        "centre_name": concept.centre.name,
        "year": year,
        "sections": sections,
        "computed_at": timezone.now(),
        "footer": page_footer(f"{concept.centre.name} · {title}"),
    }


@register_job("reports.annual")
def _annual_job(job: BackgroundJob, progress: Progress) -> dict[str, Any]:
    concept = Concept.objects.get(centre=job.centre, pk=job.params["concept"])
    year = int(job.params["year"])
    progress = Progress(job, every=1)
    context = report_context(concept=concept, year=year, progress=progress)
    progress(len(context["sections"]), len(context["sections"]) + 1, _("Rendering the PDF"))
    pdf = html_to_pdf(render_to_string("reports/annual_pdf.html", context))
    job.result_file.save(f"integrationsbericht-{year}.pdf", ContentFile(pdf), save=False)
    BackgroundJob.objects.with_scopes_disabled().filter(pk=job.pk).update(result_file=job.result_file.name)  # type: ignore[attr-defined]
    return {
        "notes": [_("The integration report %(year)s is ready.") % {"year": year}],
        "link": {"url": reverse("reports:concept", kwargs={"centre": job.centre.slug, "pk": concept.pk})},
    }

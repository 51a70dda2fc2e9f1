"""Figures of the events module: registrations, attendance, waiting lists, feedback (no names)."""

from __future__ import annotations

import datetime

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from anlaufstelle.core.access import permission_required
from anlaufstelle.core.http import CentreRequest
from anlaufstelle.core.reports import xlsx_download, year_from
from anlaufstelle.events import figures as event_figures


@permission_required("events.view_figures")
@require_GET
def figures(request: CentreRequest, centre: str) -> HttpResponse:
    """Registrations, attendance, waiting lists and feedback of a year's events, on screen or as XLSX."""
    the_centre = request.centre
    year = year_from(request)
    numbers = event_figures.event_figures(
        centre=the_centre, since=datetime.date(year, 1, 1), until=datetime.date(year, 12, 31)
    )
    if request.GET.get("format") == "xlsx":
        return xlsx_download(
            request,
            centre=the_centre,
            action="events.figures.export",
            sheets=event_figures.figures_sheets(numbers),
            filename=f"veranstaltungen-{year}.xlsx",
        )
    return render(
        request,
        "events/figures.html",
        {
            "figures": numbers,
            "tables": event_figures.figures_tables(numbers),
            "year": year,
            "years": range(timezone.localdate().year + 1, 2019, -1),
        },
    )

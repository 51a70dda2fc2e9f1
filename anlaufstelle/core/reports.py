"""Shared pieces of the figures pages: the year asked for, and an audited XLSX download."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from anlaufstelle.core.audit import audit_record
from anlaufstelle.core.http import CentreRequest
from anlaufstelle.core.models import AuditEntry, Centre
from anlaufstelle.core.tabular import xlsx_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def year_from(request: HttpRequest) -> int:
    """The `year` query parameter; anything else (or nothing) is this year. Next year is allowed."""
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year") or this_year)
    except ValueError:
        year = this_year
    return min(max(year, 2000), this_year + 1)


def xlsx_download(
    request: CentreRequest,
    *,
    centre: Centre,
    action: str,
    sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]],
    filename: str,
) -> HttpResponse:
    """The sheets as an XLSX attachment; the export is written to the audit trail."""
    audit_record(actor=request.user, centre=centre, kind=AuditEntry.Kind.EXPORT, action=action)
    response = HttpResponse(xlsx_workbook(sheets), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

"""The annual report: a background job that writes a PDF with the concept, its charts, tables and sources."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from anlaufstelle.core.models import BackgroundJob
from anlaufstelle.core.tests.pdftext import pdf_text
from anlaufstelle.newcomers.models import Child
from anlaufstelle.newcomers.tests.factories import ChildFactory
from anlaufstelle.reports.tests.factories import make_reports

pytestmark = pytest.mark.django_db


def test_the_admin_produces_the_annual_report_as_a_job(
    centre, admin_client, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    reports = make_reports(centre)
    with scopes_disabled():
        for _ in range(3):
            ChildFactory(
                centre=centre,
                family__centre=centre,
                registered_on=datetime.date(2025, 2, 1),
                first_school_day=datetime.date(2025, 3, 1),
                stage=Child.Stage.ATTENDING,
            )
    address = reverse("reports:annual_report", kwargs={"centre": centre.slug, "pk": reports.concept.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(address, {"year": "2025"})
    assert response.status_code == 302
    with scopes_disabled():
        job = BackgroundJob.objects.get(centre=centre, kind="reports.annual")
    assert job.status == BackgroundJob.Status.DONE, job.message
    text = pdf_text(job.result_file.read())
    assert "Integrationskonzept" in text and "Bildung" in text and "Schnell in die Schule" in text
    assert "Erstberatung ausbauen" in text  # the measure with its status
    assert "Kinder eingeschult" in text and "newcomers.children_placed" in text  # figure and its query
    assert "itnrw.pupils.foreign" in text and "905" in text  # the imported series and its value


def test_a_foreign_concept_answers_404(centre, other_centre, admin_client) -> None:  # type: ignore[no-untyped-def]
    theirs = make_reports(other_centre)
    address = reverse("reports:annual_report", kwargs={"centre": centre.slug, "pk": theirs.concept.pk})
    assert admin_client.post(address, {"year": "2025"}).status_code == 404

"""Test data of the reports module: `make_reports` (a concept with one of each part, for the URL matrix and
the view tests) and `catalogue()` (this module's URLs for core/tests/url_catalogue.py)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django_scopes import scopes_disabled

from anlaufstelle.core.models import Centre
from anlaufstelle.reports.models import (
    Concept,
    ConceptIndicator,
    ExternalValue,
    FieldOfAction,
    Goal,
    ImportBatch,
    Measure,
    Sharing,
)


@dataclass
class Reports:
    concept: Concept
    field: FieldOfAction
    goal: Goal
    measure: Measure
    indicator: ConceptIndicator
    imported: ConceptIndicator


def make_reports(centre: Centre, *, share: bool = True) -> Reports:
    """A concept 2024–2027 with a field, a goal, a measure, a platform and an imported indicator."""
    with scopes_disabled():
        concept = Concept.objects.create(centre=centre, title="Integrationskonzept", first_year=2024, last_year=2027)
        field = FieldOfAction.objects.create(centre=centre, concept=concept, title="Bildung")
        goal = Goal.objects.create(centre=centre, field=field, title="Schnell in die Schule")
        measure = Measure.objects.create(centre=centre, goal=goal, title="Erstberatung ausbauen", owner="KI")
        indicator = ConceptIndicator.objects.create(
            centre=centre,
            goal=goal,
            kind=ConceptIndicator.Source.PLATFORM,
            platform_id="newcomers.children_placed",
            label="Kinder eingeschult",
            unit="Kinder",
            target=Decimal(40),
        )
        imported = ConceptIndicator.objects.create(
            centre=centre,
            goal=goal,
            kind=ConceptIndicator.Source.IMPORTED,
            series="itnrw.pupils.foreign",
            label="Schülerinnen und Schüler ausländischer Staatsangehörigkeit",
            unit="Personen",
            target=Decimal(1000),
            area="05154",
        )
        batch = ImportBatch.objects.create(centre=centre, series="itnrw.pupils.foreign", label="Schüler", rows=2)
        for period, value in (("2024", 812), ("2025", 905)):
            ExternalValue.objects.create(
                centre=centre, batch=batch, series="itnrw.pupils.foreign", period=period, area="05154", value=value
            )
        Sharing.objects.create(centre=centre, with_state=share)
        return Reports(concept, field, goal, measure, indicator, imported)


def catalogue() -> dict[str, Any]:
    """This module's URLs for the site's URL matrix: name -> (kwargs builder, permission, status on GET)."""

    def c(o: Any) -> dict[str, Any]:
        return {"centre": o.centre.slug}

    def pk(attribute: str) -> Any:
        return lambda o: {**c(o), "pk": getattr(o.reports, attribute).pk}

    manage, view, state = "reports.manage", "reports.view", "reports.view_state"
    return {
        "reports:concepts": (c, view, 200),
        "reports:concept_create": (c, manage, 200),
        "reports:concept": (pk("concept"), view, 200),
        "reports:concept_edit": (pk("concept"), manage, 200),
        "reports:dashboard": (pk("concept"), view, 200),
        "reports:annual_report": (pk("concept"), manage, 405),
        "reports:field_create": (pk("concept"), manage, 200),
        "reports:goal_create": (pk("concept"), manage, 200),
        "reports:measure_create": (pk("concept"), manage, 200),
        "reports:indicator_create": (pk("concept"), manage, 200),
        "reports:field_edit": (pk("field"), manage, 200),
        "reports:goal_edit": (pk("goal"), manage, 200),
        "reports:measure_edit": (pk("measure"), manage, 200),
        "reports:indicator_edit": (pk("indicator"), manage, 200),
        "reports:external_import": (c, manage, 200),
        "reports:sharing": (c, manage, 200),
        "reports:state": (c, state, 200),
        "reports:state_xlsx": (c, state, 200),
        "reports:state_csv": (c, state, 200),
        "reports:open_data": (None, "public", 200),
        "reports:open_schema": (None, "public", 200),
    }

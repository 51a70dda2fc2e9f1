"""The reports pages: the concept, the dashboard with charts and tables, the import, sharing and the state view."""

from __future__ import annotations

import datetime
import json
import xml.etree.ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scopes_disabled

from anlaufstelle.core.models import AuditEntry
from anlaufstelle.core.roles import Role
from anlaufstelle.core.tests.budget import query_budget
from anlaufstelle.newcomers.models import Child
from anlaufstelle.newcomers.tests.factories import ChildFactory
from anlaufstelle.reports.models import ConceptIndicator, ExternalValue, Goal, Sharing
from anlaufstelle.reports.tests.factories import make_reports

pytestmark = pytest.mark.django_db


def url(name: str, centre, **kwargs) -> str:  # type: ignore[no-untyped-def]
    return reverse(f"reports:{name}", kwargs={"centre": centre.slug, **kwargs})


def placed(centre, count: int, day: datetime.date, district: str = "Mitte") -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        for _ in range(count):
            ChildFactory(
                centre=centre,
                family__centre=centre,
                family__district=district,
                registered_on=day - datetime.timedelta(days=30),
                first_school_day=day,
                stage=Child.Stage.ATTENDING,
                first_name="Zeynepname",
                last_name="Nachnamezeichen",
            )


def test_dashboard_shows_a_chart_with_its_table_per_indicator(centre, admin_client) -> None:  # type: ignore[no-untyped-def]
    reports = make_reports(centre)
    placed(centre, 3, datetime.date(2025, 3, 1))
    response = admin_client.get(url("dashboard", centre, pk=reports.concept.pk) + "?first_year=2024&last_year=2025")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('role="img"') == 3  # two trends and the target chart
    trend = response.context["trends"][0]
    assert list(trend.table.rows) == [["2024", "0"], ["2025", "3"]]
    imported = response.context["trends"][1]
    assert list(imported.table.rows) == [["2024", "812"], ["2025", "905"]]
    target = response.context["target"]
    assert [row[1:3] for row in target.table.rows] == [["3", "40"], ["905", "1.000"]]
    ET.fromstring(str(trend.svg))  # noqa: S314 - our own output, well-formed
    assert f'id="trend-{reports.indicator.pk}-table"' in html


def test_dashboard_filters_by_district(centre, admin_client) -> None:  # type: ignore[no-untyped-def]
    reports = make_reports(centre)
    placed(centre, 2, datetime.date(2025, 3, 1), district="Mitte")
    placed(centre, 5, datetime.date(2025, 3, 1), district="Nord")
    response = admin_client.get(
        url("dashboard", centre, pk=reports.concept.pk) + "?first_year=2025&last_year=2025&district=Nord"
    )
    assert list(response.context["trends"][0].table.rows) == [["2025", "5"]]


def test_dashboard_query_count_does_not_grow_with_the_records(centre, admin_client) -> None:  # type: ignore[no-untyped-def]
    reports = make_reports(centre)
    address = url("dashboard", centre, pk=reports.concept.pk) + "?first_year=2024&last_year=2026"
    placed(centre, 1, datetime.date(2025, 3, 1))
    admin_client.get(address)
    with query_budget() as few:
        admin_client.get(address)
    placed(centre, 20, datetime.date(2026, 3, 1))
    with query_budget(few.count):
        admin_client.get(address)


def test_the_admin_keeps_the_concept_through_the_forms(centre, admin_client) -> None:  # type: ignore[no-untyped-def]
    response = admin_client.post(
        url("concept_create", centre), {"title": "Konzept 2026", "first_year": 2026, "last_year": 2027}
    )
    assert response.status_code == 302
    with scopes_disabled():
        from anlaufstelle.reports.models import Concept

        concept = Concept.objects.get(centre=centre, title="Konzept 2026")
    admin_client.post(url("field_create", centre, pk=concept.pk), {"title": "Arbeit", "position": 1})
    with scopes_disabled():
        field = concept.fields.get()
    admin_client.post(url("goal_create", centre, pk=concept.pk), {"field": field.pk, "title": "Mehr Ausbildung"})
    with scopes_disabled():
        goal = Goal.objects.get(field=field)
    response = admin_client.post(
        url("indicator_create", centre, pk=concept.pk),
        {"goal": goal.pk, "kind": "platform", "platform_id": "volunteers.hours", "label": "", "target": "100"},
    )
    assert response.status_code == 302
    with scopes_disabled():
        indicator = ConceptIndicator.objects.get(goal=goal)
    assert indicator.label == "Ehrenamtliche Stunden" or indicator.label  # the registry's label, translated
    assert indicator.definition and indicator.unit  # from the declaration, never typed in
    response = admin_client.post(
        url("measure_create", centre, pk=concept.pk),
        {"goal": goal.pk, "title": "Messe", "status": "running", "starts_on": "2026-05-01", "ends_on": "2026-04-01"},
    )
    assert response.status_code == 422  # ends before it starts
    page = admin_client.get(url("concept", centre, pk=concept.pk)).content.decode()
    assert "Mehr Ausbildung" in page and "Arbeit" in page


def test_a_foreign_goal_cannot_be_chosen(centre, other_centre, admin_client) -> None:  # type: ignore[no-untyped-def]
    mine, theirs = make_reports(centre), make_reports(other_centre)
    response = admin_client.post(
        url("measure_create", centre, pk=mine.concept.pk), {"goal": theirs.goal.pk, "title": "X", "status": "planned"}
    )
    assert response.status_code == 422


CSV_GOOD = "Stichtag;AGS;Anzahl\n31.12.2024;05154;1.234\n31.12.2025;05154;1.300\n31.12.2025;05154036;.\n"
CSV_BAD = "Stichtag;AGS;Anzahl\n31.12.2024;05154;1.234\n2025-13;05154;7\n2025;abc;7\n2025;05154;viele\n"


def _import(client, centre, content: str):  # type: ignore[no-untyped-def]
    return client.post(
        url("external_import", centre),
        {
            "file": SimpleUploadedFile("bevoelkerung.csv", content.encode(), content_type="text/csv"),
            "series": "itnrw.population",
            "label": "Bevölkerung",
            "unit": "Personen",
            "source": "IT.NRW",
            "period_column": "Stichtag",
            "area_column": "AGS",
            "value_column": "Anzahl",
        },
    )


def test_import_takes_every_row_or_none(centre, admin_client) -> None:  # type: ignore[no-untyped-def]
    response = _import(admin_client, centre, CSV_BAD)
    assert response.status_code == 422
    assert [row for row, _message in response.context["problems"]] == [3, 4, 5]
    with scopes_disabled():
        assert not ExternalValue.objects.filter(centre=centre).exists()
    response = _import(admin_client, centre, CSV_GOOD)
    assert response.status_code == 302
    with scopes_disabled():
        values = {(v.period, v.area): v.value for v in ExternalValue.objects.filter(centre=centre)}
        assert AuditEntry.objects.filter(centre=centre, action="reports.import").count() == 1
    assert values == {("2024-12", "05154"): 1234, ("2025-12", "05154"): 1300}  # the withheld "." is left out


def test_state_view_shows_only_suppressed_counts_of_sharing_centres(
    centre, other_centre, member_factory, login
) -> None:  # type: ignore[no-untyped-def]
    make_reports(centre, share=True)
    make_reports(other_centre, share=True)
    year = datetime.date.today().year
    placed(centre, 12, datetime.date(year, 3, 2))
    placed(centre, 2, datetime.date(year, 4, 2))
    placed(other_centre, 7, datetime.date(year, 3, 2))
    placed(other_centre, 9, datetime.date(year, 4, 2))
    client = login(member_factory(centre, Role.STATE_ANALYST))
    query = f"?indicator=newcomers.children_placed&grain=month&year={year}"
    response = client.get(url("state", centre) + query)
    assert response.status_code == 200
    table = response.context["table"]
    rows = {c.slug: (cells, total) for c, cells, total in table.rows()}
    march, april = 2, 3
    assert rows[centre.slug][0][march] is None and rows[centre.slug][0][april] is None  # 2 and its partner
    assert rows[other_centre.slug][0][april] is None  # the column partner of the 2
    assert rows[centre.slug][1] == 14 and rows[other_centre.slug][1] == 16
    html = response.content.decode()
    assert "Zeynepname" not in html and "Nachnamezeichen" not in html  # no names
    data = json.loads(client.get(reverse("reports:open_data") + query).content)
    assert data["centres"][0]["values"][april] is None
    assert data["disclosure"]["k"] == 5
    csv = client.get(url("state_csv", centre) + query).content.decode()
    assert csv.count(".") >= 3


def test_a_centre_that_does_not_share_is_left_out(centre, other_centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    make_reports(centre, share=True)
    make_reports(other_centre, share=False)
    client = login(member_factory(centre, Role.STATE_ANALYST))
    table = client.get(url("state", centre)).context["table"]
    assert [c.slug for c in table.centres] == [centre.slug]


def test_the_centre_turns_sharing_on_and_sees_its_row(centre, admin_client) -> None:  # type: ignore[no-untyped-def]
    make_reports(centre, share=False)
    response = admin_client.post(url("sharing", centre), {"with_state": "on"})
    assert response.status_code == 302
    with scopes_disabled():
        assert Sharing.objects.get(centre=centre).with_state
    response = admin_client.get(url("sharing", centre))
    assert response.context["rows"]


def test_the_open_schema_describes_the_document() -> None:
    from django.test import Client

    schema = json.loads(Client().get(reverse("reports:open_schema")).content)
    assert set(schema["required"]) >= {"indicator", "periods", "centres", "totals", "disclosure"}


def test_the_analyst_sees_no_concept(centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    reports = make_reports(centre)
    client = login(member_factory(centre, Role.STATE_ANALYST))
    assert client.get(url("concept", centre, pk=reports.concept.pk)).status_code == 403
    assert client.get(url("dashboard", centre, pk=reports.concept.pk)).status_code == 403

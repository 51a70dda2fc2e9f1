"""URLs of the reports module: staff under <centre>/intern/berichte/, the open state data under
offene-daten/."""

from django.urls import path

from anlaufstelle.reports import views

app_name = "reports"

P = "<slug:centre>/intern/berichte/"

urlpatterns = [
    path(P, views.concepts, name="concepts"),
    path(P + "konzept/neu/", views.concept_edit, name="concept_create"),
    path(P + "konzept/<int:pk>/", views.concept_detail, name="concept"),
    path(P + "konzept/<int:pk>/bearbeiten/", views.concept_edit, name="concept_edit"),
    path(P + "konzept/<int:pk>/dashboard/", views.dashboard, name="dashboard"),
    path(P + "konzept/<int:pk>/jahresbericht/", views.annual_report, name="annual_report"),
    path(P + "konzept/<int:pk>/handlungsfeld/neu/", views.field_create, name="field_create"),
    path(P + "konzept/<int:pk>/ziel/neu/", views.goal_create, name="goal_create"),
    path(P + "konzept/<int:pk>/massnahme/neu/", views.measure_create, name="measure_create"),
    path(P + "konzept/<int:pk>/indikator/neu/", views.indicator_create, name="indicator_create"),
    path(P + "handlungsfeld/<int:pk>/", views.field_edit, name="field_edit"),
    path(P + "ziel/<int:pk>/", views.goal_edit, name="goal_edit"),
    path(P + "massnahme/<int:pk>/", views.measure_edit, name="measure_edit"),
    path(P + "indikator/<int:pk>/", views.indicator_edit, name="indicator_edit"),
    path(P + "import/", views.external_import, name="external_import"),
    path(P + "teilen/", views.sharing, name="sharing"),
    path(P + "landessicht/", views.state_view, name="state"),
    path(P + "landessicht.xlsx", views.state_xlsx, name="state_xlsx"),
    path(P + "landessicht.csv", views.state_csv, name="state_csv"),
    path("offene-daten/landessicht.json", views.open_data, name="open_data"),
    path("offene-daten/landessicht.schema.json", views.open_schema, name="open_schema"),
]

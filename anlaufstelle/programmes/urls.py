"""URLs of the programmes module: staff under <centre>/intern/programme/, the public list under
<centre>/programme/."""

from django.urls import path

from anlaufstelle.programmes import views

app_name = "programmes"

P = "<slug:centre>/intern/programme/"

urlpatterns = [
    path(P, views.overview, name="overview"),
    path(P + "arten/vorlagen/", views.kinds_install, name="kinds_install"),
    path(P + "arten/neu/", views.kind_edit, name="kind_create"),
    path(P + "arten/<int:pk>/", views.kind_edit, name="kind_edit"),
    path(P + "neu/", views.programme_edit, name="programme_create"),
    path(P + "<int:pk>/", views.programme_detail, name="programme"),
    path(P + "<int:pk>/bearbeiten/", views.programme_edit, name="programme_edit"),
    path(P + "<int:pk>/standorte/neu/", views.site_create, name="site_create"),
    path(P + "<int:pk>/zahlen/", views.figures_page, name="figures"),
    path(P + "<int:pk>/zahlen.xlsx", views.figures_xlsx, name="figures_xlsx"),
    path(P + "<int:pk>/zahlen.pdf", views.figures_pdf, name="figures_pdf"),
    path(P + "standorte/<int:pk>/", views.site_edit, name="site_edit"),
    path(P + "standorte/<int:pk>/vereinbarung/", views.site_agreement, name="site_agreement"),
    path(P + "standorte/<int:pk>/projekttag/", views.project_day_add, name="project_day_add"),
    path(P + "zahlen/", views.figures_index, name="figures_index"),
    path(P + "ferien/", views.holidays, name="holidays"),
    path(P + "ferien/neu/", views.holiday_edit, name="holiday_create"),
    path(P + "ferien/nrw/", views.holidays_install, name="holidays_install"),
    path(P + "ferien/<int:pk>/", views.holiday_edit, name="holiday_edit"),
    path(P + "ferien/<int:pk>/entfernen/", views.holiday_delete, name="holiday_delete"),
    path(P + "gruppen/", views.my_groups, name="my_groups"),
    path(P + "gruppen/neu/", views.group_create, name="group_create"),
    path(P + "gruppen/<int:pk>/", views.group_detail, name="group"),
    path(P + "gruppen/<int:pk>/bearbeiten/", views.group_edit, name="group_edit"),
    path(P + "gruppen/<int:pk>/planen/", views.group_plan, name="group_plan"),
    path(P + "gruppen/<int:pk>/termin/", views.session_add, name="session_add"),
    path(P + "termine/<int:pk>/", views.session_record, name="session_record"),
    path("<slug:centre>/programme/", views.public_programmes, name="public_programmes"),
]

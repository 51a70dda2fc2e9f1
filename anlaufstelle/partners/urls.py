"""URLs of the partner register (internal area of a centre)."""

from django.urls import path

from anlaufstelle.partners import views

app_name = "partners"

P = "<slug:centre>/intern/partner/"

urlpatterns = [
    path(P, views.organisation_list, name="list"),
    path(P + "neu/", views.organisation_edit, name="create"),
    path(P + "import/", views.import_view, name="import"),
    path(P + "export/", views.export_view, name="export"),
    path(P + "dubletten/", views.duplicates, name="duplicates"),
    path(P + "<int:pk>/", views.organisation_detail, name="detail"),
    path(P + "<int:pk>/bearbeiten/", views.organisation_edit, name="edit"),
    path(P + "<int:pk>/loeschen/", views.organisation_delete, name="delete"),
    path(P + "<int:pk>/zusammenfuehren/<int:other_pk>/", views.merge, name="merge"),
    path(P + "<int:pk>/adressen/neu/", views.address_edit, name="address_create"),
    path(P + "<int:pk>/adressen/<int:address_pk>/", views.address_edit, name="address_edit"),
    path(P + "<int:pk>/adressen/<int:address_pk>/loeschen/", views.address_delete, name="address_delete"),
    path(P + "<int:pk>/kontakte/neu/", views.contact_edit, name="contact_create"),
    path(P + "<int:pk>/kontakte/<int:contact_pk>/", views.contact_edit, name="contact_edit"),
    path(P + "<int:pk>/kontakte/<int:contact_pk>/loeschen/", views.contact_delete, name="contact_delete"),
    path(P + "<int:pk>/kontakte/<int:contact_pk>/auskunft/", views.contact_access, name="contact_access"),
]

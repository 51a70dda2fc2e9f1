"""URLs of the HSDS API (outside the language prefixes: /<centre>/api/hsds/...)."""

from django.urls import path

from anlaufstelle.directory import api

app_name = "hsds"

P = "<slug:centre>/api/hsds/"

urlpatterns = [
    path(P, api.root, name="root"),
    path(P + "services", api.services, name="services"),
    path(P + "services/<str:pk>", api.service, name="service"),
    path(P + "organizations", api.organizations, name="organizations"),
    path(P + "organizations/<str:pk>", api.organization_detail, name="organization"),
    path(P + "taxonomies", api.taxonomies, name="taxonomies"),
    path(P + "taxonomies/<str:pk>", api.taxonomy_detail, name="taxonomy"),
    path(P + "taxonomy_terms", api.taxonomy_terms, name="taxonomy_terms"),
    path(P + "taxonomy_terms/<str:pk>", api.taxonomy_term_detail, name="taxonomy_term"),
    path(P + "service_at_locations", api.service_at_locations, name="service_at_locations"),
    path(P + "service_at_locations/<str:pk>", api.service_at_location_detail, name="service_at_location"),
    path(P + "export", api.export, name="export"),
    path(P + "profile", api.profile, name="profile"),
    path(P + "openapi.json", api.openapi, name="openapi"),
]

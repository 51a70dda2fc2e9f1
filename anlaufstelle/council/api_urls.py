"""URLs of the OParl 1.1 API (outside the language prefixes: /<centre>/api/oparl/v1.1/...)."""

from django.urls import URLPattern, path

from anlaufstelle.council import api

app_name = "oparl"

P = "<slug:centre>/api/oparl/v1.1/"

urlpatterns: list[URLPattern] = [
    path(P + "system", api.system, name="system"),
    path(P + "bodies", api.bodies, name="bodies"),
    path(P + "body", api.body, name="body"),
    *(path(P + "body/" + name.replace("_", "-"), view, name=name) for name, view in api.LIST_VIEWS.items()),
    *(path(P + name.replace("_", "-") + "/<int:pk>", view, name=name) for name, view in api.OBJECT_VIEWS.items()),
    path(P + "file/<int:pk>/download", api.file_download, name="file_download"),
]

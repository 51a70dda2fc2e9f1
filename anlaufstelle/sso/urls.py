from django.urls import path

from anlaufstelle.sso import views

app_name = "sso"

urlpatterns = [
    path("konto/stadt/", views.choose, name="choose"),
    path("konto/stadt/<slug:centre>/", views.start, name="start"),
    path("<slug:centre>/intern/anmeldung/", views.provider_edit, name="provider_edit"),
]

"""URLs of the workspace, under <centre>/intern/nachrichten/ (the start page itself is core:dashboard)."""

from django.urls import path

from anlaufstelle.workspace import views

app_name = "workspace"

N = "<slug:centre>/intern/nachrichten/"
T = "<slug:centre>/intern/e-mail-texte/"

urlpatterns = [
    path("<slug:centre>/intern/suche/", views.search, name="search"),
    path(N, views.notifications, name="notifications"),
    path(N + "gelesen/", views.mark_read, name="mark_read"),
    path(N + "alle-gelesen/", views.mark_all_read, name="mark_all_read"),
    path(N + "e-mail/", views.mail_setting, name="mail_setting"),
    path(T, views.mail_texts, name="mail_texts"),
    path(T + "<str:kind>/<slug:language>/", views.mail_text_edit, name="mail_text_edit"),
    path(T + "<str:kind>/<slug:language>/speichern/", views.mail_text_save, name="mail_text_save"),
    path(T + "<str:kind>/<slug:language>/standard/", views.mail_text_reset, name="mail_text_reset"),
]

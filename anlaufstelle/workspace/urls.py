"""URLs of the workspace: messages, e-mail texts and the calendar under <centre>/intern/ (the start page itself is
core:dashboard), and the calendar's subscription feed under <centre>/kalender/."""

from django.urls import path

from anlaufstelle.workspace import views

app_name = "workspace"

N = "<slug:centre>/intern/nachrichten/"
T = "<slug:centre>/intern/e-mail-texte/"
K = "<slug:centre>/intern/kalender/"

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
    path(K, views.calendar, name="calendar"),
    path(K + "abo/", views.calendar_feeds, name="calendar_feeds"),
    path(K + "abo/neu/", views.calendar_feed_create, name="calendar_feed_create"),
    path(K + "abo/<int:pk>/beenden/", views.calendar_feed_end, name="calendar_feed_end"),
    path("<slug:centre>/kalender/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]

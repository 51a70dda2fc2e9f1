"""URLs of the Integrationsrat office: staff under <centre>/intern/integrationsrat/, public pages
under <centre>/integrationsrat/ (the OParl API: api_urls.py)."""

from django.urls import path

from anlaufstelle.council import views

app_name = "council"

P = "<slug:centre>/intern/integrationsrat/"

urlpatterns = [
    path(P, views.body, name="body"),
    path(P + "wahlperioden/neu/", views.term_edit, name="term_create"),
    path(P + "wahlperioden/<int:pk>/", views.term_edit, name="term_edit"),
    path(P + "gremien/neu/", views.committee_edit, name="committee_create"),
    path(P + "gremien/<int:pk>/", views.committee_edit, name="committee_edit"),
    path(P + "gremien/<int:pk>/kandidaten/neu/", views.candidate_add, name="candidate_add"),
    path(P + "personen/neu/", views.person_edit, name="person_create"),
    path(P + "personen/<int:pk>/", views.person_edit, name="person_edit"),
    path(P + "sitze/neu/", views.membership_edit, name="membership_create"),
    path(P + "sitze/<int:pk>/", views.membership_edit, name="membership_edit"),
    path(P + "sitze/<int:pk>/ausscheiden/", views.membership_end, name="membership_end"),
    path(P + "orte/neu/", views.location_edit, name="location_create"),
    path(P + "orte/<int:pk>/", views.location_edit, name="location_edit"),
    path(P + "sitzungen/", views.meeting_list, name="meeting_list"),
    path(P + "sitzungen/neu/", views.meeting_edit, name="meeting_create"),
    path(P + "sitzungen/<int:pk>/", views.meeting_detail, name="meeting"),
    path(P + "sitzungen/<int:pk>/bearbeiten/", views.meeting_edit, name="meeting_edit"),
    path(P + "sitzungen/<int:pk>/weiter/", views.meeting_advance, name="meeting_advance"),
    path(P + "sitzungen/<int:pk>/tagesordnung/neu/", views.agenda_item_create, name="agenda_item_create"),
    path(P + "tagesordnungspunkte/<int:pk>/", views.agenda_item_edit, name="agenda_item_edit"),
    path(P + "tagesordnungspunkte/<int:pk>/ergebnis/", views.agenda_item_outcome, name="agenda_item_outcome"),
    path(P + "tagesordnungspunkte/<int:pk>/loeschen/", views.agenda_item_delete, name="agenda_item_delete"),
    path(P + "tagesordnungspunkte/<int:pk>/nachverfolgung/neu/", views.follow_up_create, name="follow_up_create"),
    path(P + "nachverfolgung/", views.follow_up_list, name="follow_ups"),
    path(P + "nachverfolgung/<int:pk>/", views.follow_up_edit, name="follow_up_edit"),
    path(P + "vorlagen/", views.paper_list, name="paper_list"),
    path(P + "vorlagen/neu/", views.paper_edit, name="paper_create"),
    path(P + "vorlagen/<int:pk>/", views.paper_detail, name="paper"),
    path(P + "vorlagen/<int:pk>/bearbeiten/", views.paper_edit, name="paper_edit"),
    path(P + "vorlagen/<int:pk>/dateien/", views.file_add, name="file_add"),
    path(P + "dateien/<int:pk>/", views.file_download, name="file_download"),
    path(P + "dateien/<int:pk>/loeschen/", views.file_delete, name="file_delete"),
    path(P + "einstellungen/", views.settings_edit, name="settings"),
    path(P + "sitzungen/<int:pk>/anwesenheit/", views.attendance, name="attendance"),
    path(P + "anwesenheit/<int:pk>/loeschen/", views.attendance_remove, name="attendance_remove"),
    path(P + "sitzungen/<int:pk>/einladung.pdf", views.invitation_pdf, name="invitation_pdf"),
    path(P + "sitzungen/<int:pk>/niederschrift.pdf", views.minutes_pdf, name="minutes_pdf"),
    path(P + "personen/<int:pk>/sitzungsgeld/<int:year>/", views.allowance_pdf, name="allowance_pdf"),
    path(P + "tagesordnungspunkte/<int:pk>/weiterleitung/neu/", views.forwarding_create, name="forwarding_create"),
    path(P + "weiterleitungen/<int:pk>/", views.forwarding_edit, name="forwarding_edit"),
    path(P + "oparl-import/", views.oparl_import_view, name="oparl_import"),
    path("<slug:centre>/intern/meine-nachverfolgung/", views.my_follow_ups, name="my_follow_ups"),
    path("<slug:centre>/intern/meine-nachverfolgung/<int:pk>/", views.my_follow_up, name="my_follow_up"),
    path("<slug:centre>/integrationsrat/sitzungen/<int:pk>/sitzungsmappe.pdf", views.public_pack, name="public_pack"),
    path(
        "<slug:centre>/integrationsrat/sitzungen/<int:pk>/niederschrift.pdf",
        views.public_minutes,
        name="public_minutes",
    ),
    path("<slug:centre>/integrationsrat/", views.public_meetings, name="public_meetings"),
    path("<slug:centre>/integrationsrat/sitzungen/<int:pk>/", views.public_meeting, name="public_meeting"),
    path("<slug:centre>/integrationsrat/beschluesse/", views.public_resolutions, name="public_resolutions"),
    path("<slug:centre>/integrationsrat/mitglieder/", views.public_members, name="public_members"),
    path("<slug:centre>/integrationsrat/vorlagen/", views.public_papers, name="public_papers"),
    path("<slug:centre>/integrationsrat/kalender.ics", views.public_calendar, name="public_calendar"),
]

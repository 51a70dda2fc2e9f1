"""URLs of the networks module, staff only, under <centre>/intern/netzwerke/."""

from django.urls import path

from anlaufstelle.networks import views

app_name = "networks"

P = "<slug:centre>/intern/netzwerke/"

urlpatterns = [
    path(P, views.overview, name="overview"),
    path(P + "neu/", views.network_edit, name="network_create"),
    path(P + "<int:pk>/", views.network_detail, name="network"),
    path(P + "<int:pk>/bearbeiten/", views.network_edit, name="network_edit"),
    path(P + "<int:pk>/mitglieder/neu/", views.member_add, name="member_add"),
    path(P + "<int:pk>/sitzungen/neu/", views.meeting_create, name="meeting_create"),
    path(P + "mitglieder/<int:pk>/", views.member_edit, name="member_edit"),
    path(P + "mitglieder/<int:pk>/entfernen/", views.member_remove, name="member_remove"),
    path(P + "sitzungen/<int:pk>/", views.meeting_detail, name="meeting"),
    path(P + "sitzungen/<int:pk>/bearbeiten/", views.meeting_edit, name="meeting_edit"),
    path(P + "sitzungen/<int:pk>/aufgaben/", views.action_item_add, name="action_item_add"),
    path(P + "sitzungen/<int:pk>/einladen/", views.meeting_invite, name="meeting_invite"),
    path(P + "sitzungen/<int:pk>/protokoll-senden/", views.meeting_send_minutes, name="meeting_send_minutes"),
    path(P + "sitzungen/<int:pk>/protokoll.pdf", views.minutes_pdf, name="minutes_pdf"),
    path(P + "aufgaben/", views.my_actions, name="my_actions"),
    path(P + "aufgaben/<int:pk>/erledigt/", views.action_item_done, name="action_item_done"),
    path(P + "beratungen/", views.consultations, name="consultations"),
    path(P + "beratungen/neu/", views.consultation_edit, name="consultation_create"),
    path(P + "beratungen/<int:pk>/", views.consultation_detail, name="consultation"),
    path(P + "beratungen/<int:pk>/bearbeiten/", views.consultation_edit, name="consultation_edit"),
    path(P + "beratungen/<int:pk>/entfernen/", views.consultation_delete, name="consultation_delete"),
    path(P + "zusammenarbeit/", views.cooperation, name="cooperation"),
]

"""URLs of the events module: the public calendar and registration, the organiser's area."""

from django.urls import path

from anlaufstelle.events.views import after, day, figures, public, staff

app_name = "events"

P = "<slug:centre>/veranstaltungen/"
S = "<slug:centre>/intern/veranstaltungen/"

urlpatterns = [
    path(P, public.calendar, name="calendar"),
    path(P + "kalender.ics", public.feed, name="feed"),
    path(P + "<int:pk>/", public.detail, name="detail"),
    path(P + "<int:pk>/termin.ics", public.event_ics, name="event_ics"),
    path(P + "<int:pk>/anmelden/", public.register, name="register"),
    path(P + "bestaetigen/<str:token>/", public.confirm, name="confirm"),
    path(P + "anmeldung/<str:token>/", public.manage, name="manage"),
    path(P + "anmeldung/<str:token>/absagen/", public.manage_cancel, name="manage_cancel"),
    path(P + "teilnahme/<str:token>/", after.participant, name="participant"),
    path(P + "teilnahme/<str:token>/bescheinigung.pdf", after.certificate, name="certificate"),
    path(S, staff.event_list, name="staff_list"),
    path(S + "neu/", staff.event_edit, name="create"),
    path(S + "<int:pk>/", staff.event_edit, name="edit"),
    path(S + "<int:pk>/veroeffentlichen/", staff.event_publish, name="publish"),
    path(S + "<int:pk>/zurueckziehen/", staff.event_withdraw, name="withdraw"),
    path(S + "<int:pk>/absagen/", staff.event_cancel, name="cancel"),
    path(S + "<int:pk>/anmeldungen/", staff.registrations, name="registrations"),
    path(S + "<int:pk>/anmeldungen/absagen/", staff.registration_cancel, name="registration_cancel"),
    path(S + "<int:pk>/anmeldungen/verschieben/", staff.registration_move, name="move"),
    path(S + "<int:pk>/einlass/", day.check_in, name="check_in"),
    path(S + "<int:pk>/einlass/abhaken/", day.check_in_tick, name="check_in_tick"),
    path(S + "<int:pk>/einlass/zuruecknehmen/", day.check_in_undo, name="check_in_undo"),
    path(S + "<int:pk>/einlass/ohne-anmeldung/", day.walk_in, name="walk_in"),
    path(S + "<int:pk>/teilnahmeliste.pdf", day.sign_in_list, name="sign_in_list"),
    path(S + "<int:pk>/bescheinigungen/", after.certificates, name="certificates"),
    path(S + "zahlen/", figures.figures, name="figures"),
]

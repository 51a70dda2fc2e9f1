"""URLs of the volunteers module: the public sign-up and token pages, the coordinator's area and
the institutions' requests. One POST endpoint per verb."""

from django.urls import path

from anlaufstelle.volunteers import views

app_name = "volunteers"

OFFER = "<slug:centre>/ehrenamt/angebot/<str:token>/"
MINE = "<slug:centre>/ehrenamt/mein/<str:token>/"
V = "<slug:centre>/intern/ehrenamt/"

urlpatterns = [
    path("<slug:centre>/ehrenamt/mitmachen/", views.sign_up, name="sign_up"),
    path(OFFER, views.offer, name="offer"),
    path(OFFER + "annehmen/", views.offer_accept, name="offer_accept"),
    path(OFFER + "ablehnen/", views.offer_decline, name="offer_decline"),
    path(OFFER + "termin.ics", views.offer_calendar, name="offer_calendar"),
    path(MINE, views.personal_page, name="personal"),
    path(MINE + "annehmen/", views.personal_accept, name="personal_accept"),
    path(MINE + "ablehnen/", views.personal_decline, name="personal_decline"),
    path(MINE + "absagen/", views.personal_cancel, name="personal_cancel"),
    path(MINE + "stunden/", views.personal_hours, name="personal_hours"),
    path(MINE + "abwesenheit/", views.personal_absence, name="personal_absence"),
    path(MINE + "abwesenheit/entfernen/", views.personal_absence_remove, name="personal_absence_remove"),
    path(MINE + "kalender.ics", views.personal_calendar, name="personal_calendar"),
    path(MINE + "abrechnung/<int:year>.pdf", views.personal_statement, name="personal_statement"),
    path("<slug:centre>/intern/dolmetschen/", views.institution_requests, name="institution_requests"),
    path("<slug:centre>/intern/dolmetschen/<int:pk>/", views.institution_request, name="institution_request"),
    path(
        "<slug:centre>/intern/dolmetschen/<int:pk>/absagen/",
        views.institution_request_cancel,
        name="institution_request_cancel",
    ),
    path(V, views.volunteer_list, name="list"),
    path(V + "einstellungen/", views.interpreting_settings, name="settings"),
    path(V + "pools/", views.pools, name="pools"),
    path(V + "zahlen/", views.figures, name="figures"),
    path(V + "anfragen/", views.requests, name="requests"),
    path(V + "anfragen/<int:pk>/", views.request_detail, name="request"),
    path(V + "anfragen/<int:pk>/anbieten/", views.request_offer, name="request_offer"),
    path(V + "anfragen/<int:pk>/erneut-anbieten/", views.request_reoffer, name="request_reoffer"),
    path(V + "anfragen/<int:pk>/absagen/", views.request_cancel, name="request_cancel"),
    path(V + "<int:pk>/", views.volunteer_detail, name="detail"),
    path(V + "<int:pk>/status/", views.volunteer_status, name="status"),
    path(V + "<int:pk>/persoenlicher-link/", views.personal_link, name="personal_link"),
    path(V + "<int:pk>/stunden/freigeben/", views.hours_approve, name="hours_approve"),
    path(V + "<int:pk>/nicht-erschienen/", views.assignment_no_show, name="no_show"),
    path(V + "<int:pk>/auskunft/", views.volunteer_access, name="access"),
    path(V + "<int:pk>/profil/", views.volunteer_profile, name="profile"),
    path(V + "<int:pk>/abwesenheit/", views.volunteer_absence, name="absence"),
    path(V + "<int:pk>/abwesenheit/entfernen/", views.volunteer_absence_remove, name="absence_remove"),
    path(V + "<int:pk>/stunden/", views.assignment_hours, name="hours"),
    path(V + "<int:pk>/abrechnung/<int:year>.pdf", views.statement, name="statement"),
    path(V + "<int:pk>/loeschen/", views.volunteer_erase, name="erase"),
]

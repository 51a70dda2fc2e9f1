"""URLs of the volunteers module: the public sign-up and the coordinator's area."""

from django.urls import path

from anlaufstelle.volunteers import views

app_name = "volunteers"

V = "<slug:centre>/intern/ehrenamt/"

urlpatterns = [
    path("<slug:centre>/ehrenamt/mitmachen/", views.sign_up, name="sign_up"),
    path("<slug:centre>/ehrenamt/angebot/<str:token>/", views.offer, name="offer"),
    path("<slug:centre>/ehrenamt/angebot/<str:token>/termin.ics", views.offer_calendar, name="offer_calendar"),
    path("<slug:centre>/ehrenamt/mein/<str:token>/", views.personal_page, name="personal"),
    path("<slug:centre>/ehrenamt/mein/<str:token>/kalender.ics", views.personal_calendar, name="personal_calendar"),
    path(
        "<slug:centre>/ehrenamt/mein/<str:token>/abrechnung/<int:year>.pdf",
        views.personal_statement,
        name="personal_statement",
    ),
    path("<slug:centre>/intern/dolmetschen/", views.institution_requests, name="institution_requests"),
    path("<slug:centre>/intern/dolmetschen/<int:pk>/", views.institution_request, name="institution_request"),
    path(V, views.volunteer_list, name="list"),
    path(V + "einstellungen/", views.interpreting_settings, name="settings"),
    path(V + "pools/", views.pools, name="pools"),
    path(V + "zahlen/", views.figures, name="figures"),
    path(V + "anfragen/", views.requests, name="requests"),
    path(V + "anfragen/<int:pk>/", views.request_detail, name="request"),
    path(V + "<int:pk>/", views.volunteer_detail, name="detail"),
    path(V + "<int:pk>/auskunft/", views.volunteer_access, name="access"),
    path(V + "<int:pk>/profil/", views.volunteer_profile, name="profile"),
    path(V + "<int:pk>/abwesenheit/", views.volunteer_absence, name="absence"),
    path(V + "<int:pk>/stunden/", views.assignment_hours, name="hours"),
    path(V + "<int:pk>/abrechnung/<int:year>.pdf", views.statement, name="statement"),
    path(V + "<int:pk>/loeschen/", views.volunteer_erase, name="erase"),
]

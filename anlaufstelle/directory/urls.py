"""URLs of the public directory."""

from django.urls import path

from anlaufstelle.directory import views

app_name = "directory"

urlpatterns = [
    path("<slug:centre>/angebote/", views.offer_search, name="search"),
    path("<slug:centre>/angebote/<int:pk>/", views.offer_detail, name="offer"),
    path("<slug:centre>/intern/angebote/", views.staff_offer_list, name="staff_list"),
    path("<slug:centre>/intern/angebote/neu/", views.staff_offer_edit, name="staff_create"),
    path("<slug:centre>/intern/angebote/<int:pk>/", views.staff_offer_edit, name="staff_edit"),
    path("<slug:centre>/intern/angebote/<int:pk>/status/", views.staff_offer_status, name="staff_status"),
]

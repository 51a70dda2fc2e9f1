"""URLs of the public directory."""

from django.urls import path

from anlaufstelle.directory import views

app_name = "directory"

urlpatterns = [
    path("<slug:centre>/angebote/", views.offer_search, name="search"),
    path("<slug:centre>/angebote/<int:pk>/", views.offer_detail, name="offer"),
]

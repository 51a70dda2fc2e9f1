"""URLs of the news: public under <centre>/aktuelles/, the editor's under <centre>/intern/aktuelles/."""

from django.urls import path

from anlaufstelle.news import views

app_name = "news"

P = "<slug:centre>/aktuelles/"
S = "<slug:centre>/intern/aktuelles/"

urlpatterns = [
    path(P, views.news_list, name="list"),
    path(P + "rss/", views.news_rss, name="rss"),
    path(P + "atom/", views.news_atom, name="atom"),
    path(P + "<int:pk>/", views.news_detail, name="detail"),
    path(P + "<int:pk>/bild/", views.news_picture, name="picture"),
    path(S, views.staff_list, name="staff_list"),
    path(S + "neu/", views.edit, name="create"),
    path(S + "<int:pk>/", views.edit, name="edit"),
    path(S + "<int:pk>/bild/", views.staff_picture, name="staff_picture"),
    path(S + "<int:pk>/veroeffentlichen/", views.publish, name="publish"),
    path(S + "<int:pk>/zurueckziehen/", views.unpublish, name="unpublish"),
]

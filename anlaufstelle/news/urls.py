"""URLs of the news: public under <centre>/aktuelles/, the editor's under <centre>/intern/aktuelles/."""

from django.urls import path

from anlaufstelle.news import newsletter_views, views

app_name = "news"

P = "<slug:centre>/aktuelles/"
S = "<slug:centre>/intern/aktuelles/"

urlpatterns = [
    path(P, views.news_list, name="list"),
    path(P + "rss/", views.news_rss, name="rss"),
    path(P + "atom/", views.news_atom, name="atom"),
    path(P + "<int:pk>/", views.news_detail, name="detail"),
    path(P + "<int:pk>/bild/", views.news_picture, name="picture"),
    path(P + "galerien/", views.galleries, name="galleries"),
    path(P + "galerien/<int:pk>/", views.gallery, name="gallery"),
    path(P + "fotos/<int:pk>/", views.photo, name="photo"),
    path(P + "newsletter/", newsletter_views.subscribe, name="subscribe"),
    path(P + "newsletter/bestaetigen/<str:token>/", newsletter_views.subscription_confirm, name="subscription_confirm"),
    path(P + "newsletter/abmelden/<str:token>/", newsletter_views.unsubscribe, name="unsubscribe"),
    path(S, views.staff_list, name="staff_list"),
    path(S + "neu/", views.edit, name="create"),
    path(S + "<int:pk>/", views.edit, name="edit"),
    path(S + "<int:pk>/bild/", views.staff_picture, name="staff_picture"),
    path(S + "<int:pk>/veroeffentlichen/", views.publish, name="publish"),
    path(S + "<int:pk>/zurueckziehen/", views.unpublish, name="unpublish"),
    path(S + "galerien/", views.gallery_list, name="gallery_list"),
    path(S + "galerien/neu/", views.gallery_edit, name="gallery_create"),
    path(S + "galerien/<int:pk>/", views.gallery_edit, name="gallery_edit"),
    path(S + "galerien/<int:pk>/fotos/", views.gallery_upload, name="gallery_upload"),
    path(S + "galerien/<int:pk>/veroeffentlichen/", views.gallery_publish, name="gallery_publish"),
    path(S + "galerien/<int:pk>/zurueckziehen/", views.gallery_unpublish, name="gallery_unpublish"),
    path(S + "fotos/<int:pk>/", views.photo_edit, name="photo_edit"),
    path(S + "fotos/<int:pk>/bild/", views.photo_file, name="photo_file"),
    path(S + "fotos/<int:pk>/einwilligung/", views.photo_consent_form, name="photo_consent_form"),
    path(S + "fotos/<int:pk>/verschieben/", views.photo_move, name="photo_move"),
    path(S + "fotos/<int:pk>/widerruf/", views.photo_withdraw, name="photo_withdraw"),
    path(S + "fotos/<int:pk>/loeschen/", views.photo_delete, name="photo_delete"),
    path(S + "newsletter/", newsletter_views.newsletter_list, name="newsletter"),
    path(S + "newsletter/neu/", newsletter_views.issue_edit, name="issue_create"),
    path(S + "newsletter/<int:pk>/", newsletter_views.issue_edit, name="issue_edit"),
    path(S + "newsletter/<int:pk>/vorschau/", newsletter_views.issue_preview, name="issue_preview"),
    path(S + "newsletter/<int:pk>/senden/", newsletter_views.issue_send, name="issue_send"),
    path(S + "newsletter/unzustellbar/", newsletter_views.subscribers_bounce, name="subscribers_bounce"),
]

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
    path("<slug:centre>/intern/angebote/<int:pk>/uebersetzen/", views.staff_offer_translate, name="staff_translate"),
    path("<slug:centre>/intern/angebote/vorschlaege/", views.proposal_list, name="proposal_list"),
    path("<slug:centre>/intern/angebote/wegweiser/", views.staff_brochure, name="staff_brochure"),
    path("<slug:centre>/intern/angebote/import/", views.staff_import, name="staff_import"),
    path("<slug:centre>/intern/angebote/import/<uuid:pk>/", views.staff_import_mapping, name="staff_import_mapping"),
    path("<slug:centre>/intern/angebote/vorschlaege/<int:pk>/", views.proposal_review, name="proposal_review"),
    path(
        "<slug:centre>/intern/angebote/vorschlaege/<int:pk>/veroeffentlichen/",
        views.proposal_publish,
        name="proposal_publish",
    ),
    path(
        "<slug:centre>/intern/angebote/vorschlaege/<int:pk>/zurueckgeben/",
        views.proposal_return,
        name="proposal_return",
    ),
    path("<slug:centre>/intern/angebote/vorschlaege/<int:pk>/bearbeiten/", views.proposal_edit, name="proposal_edit"),
    path(
        "<slug:centre>/intern/angebote/vorschlaege/<int:pk>/kommentar/", views.proposal_comment, name="proposal_comment"
    ),
    path("<slug:centre>/intern/meine-angebote/", views.partner_offers, name="partner_offers"),
    path("<slug:centre>/intern/meine-angebote/neu/", views.partner_propose, name="partner_propose"),
    path("<slug:centre>/intern/meine-angebote/<int:pk>/aendern/", views.partner_propose, name="partner_change"),
    path("<slug:centre>/intern/meine-angebote/vorschlaege/<int:pk>/", views.partner_proposal, name="partner_proposal"),
]

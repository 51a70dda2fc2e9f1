"""URLs of the library module: staff under <centre>/intern/mediothek/, the public catalogue under
<centre>/mediothek/."""

from django.urls import path

from anlaufstelle.library import views

app_name = "library"

L = "<slug:centre>/intern/mediothek/"

urlpatterns = [
    path(L, views.overview, name="overview"),
    path(L + "titel/neu/", views.title_edit, name="title_create"),
    path(L + "titel/<int:pk>/", views.title_detail, name="title"),
    path(L + "titel/<int:pk>/bearbeiten/", views.title_edit, name="title_edit"),
    path(L + "titel/<int:pk>/exemplar/", views.copy_create, name="copy_create"),
    path(L + "titel/<int:pk>/vormerken/", views.hold_place, name="hold_place"),
    path(L + "titel/<int:pk>/etiketten.pdf", views.labels, name="labels"),
    path(L + "exemplare/<int:pk>/", views.copy_detail, name="copy"),
    path(L + "exemplare/<int:pk>/bearbeiten/", views.copy_edit, name="copy_edit"),
    path(L + "exemplare/<int:pk>/bestandteil/", views.component_add, name="component_add"),
    path(L + "bestandteile/<int:pk>/verloren/", views.component_lost, name="component_lost"),
    path(L + "themen/", views.topics, name="topics"),
    path(L + "import/", views.import_view, name="import"),
    path(L + "ausleihende/", views.borrowers, name="borrowers"),
    path(L + "ausleihende/<int:pk>/", views.borrower_detail, name="borrower"),
    path(L + "ausleihende/<int:pk>/auskunft.json", views.borrower_access, name="borrower_access"),
    path(L + "ausleihende/<int:pk>/loeschen/", views.borrower_erase, name="borrower_erase"),
    path(L + "regeln/", views.rules, name="rules"),
    path(L + "regeln/neu/", views.rule_edit, name="rule_create"),
    path(L + "regeln/<int:pk>/", views.rule_edit, name="rule_edit"),
    path(L + "zahlen/", views.figures_page, name="figures"),
    path(L + "theke/", views.desk, name="desk"),
    path(L + "theke/ausleihen/", views.check_out, name="check_out"),
    path(L + "theke/zuruecknehmen/", views.check_in, name="check_in"),
    path(L + "ausleihen/<int:pk>/verlaengern/", views.renew, name="renew"),
    path(L + "vormerkungen/<int:pk>/stornieren/", views.hold_cancel, name="hold_cancel"),
    path("<slug:centre>/mediothek/", views.public_catalogue, name="public_catalogue"),
    path("<slug:centre>/mediothek/<int:pk>/", views.public_title, name="public_title"),
]

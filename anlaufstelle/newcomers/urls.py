"""URLs of the newcomers module (internal area of a centre)."""

from django.urls import path

from anlaufstelle.newcomers import views

app_name = "newcomers"

INTERNAL = "<slug:centre>/intern/"
F = INTERNAL + "familien/"

urlpatterns = [
    path(F, views.worklist, name="worklist"),
    path(F + "neu/", views.intake, name="intake"),
    path(F + "<int:pk>/", views.family_detail, name="family"),
    path(F + "<int:pk>/bearbeiten/", views.family_edit, name="family_edit"),
    path(F + "<int:pk>/auskunft/", views.family_access, name="family_access"),
    path(F + "<int:pk>/loeschen/", views.family_erase, name="family_erase"),
    path(F + "<int:pk>/termin/", views.family_book, name="family_book"),
    path(F + "<int:pk>/kinder/neu/", views.child_edit, name="child_create"),
    path(F + "<int:pk>/kinder/<int:child_pk>/", views.child_edit, name="child_edit"),
    path(F + "<int:pk>/kinder/<int:child_pk>/schritt/", views.child_stage, name="child_stage"),
    path(F + "<int:pk>/kinder/<int:child_pk>/termin/", views.child_book, name="child_book"),
    path(F + "<int:pk>/kinder/<int:child_pk>/vergabe/", views.child_preferences, name="child_preferences"),
    path(F + "<int:pk>/kinder/<int:child_pk>/brief/<slug:kind>/", views.letter, name="letter"),
    path(INTERNAL + "briefe/", views.letters, name="letters"),
    path(INTERNAL + "briefe/<slug:kind>/<slug:language>/", views.letter_text, name="letter_text"),
    path(INTERNAL + "termine/", views.slots, name="slots"),
    path(INTERNAL + "termine/import/", views.slot_import, name="slot_import"),
    path(INTERNAL + "termine/<int:pk>/", views.slot_update, name="slot_update"),
    path(INTERNAL + "schulplaetze/", views.seats, name="seats"),
    path(INTERNAL + "schulplaetze/<int:pk>/", views.seats, name="seat_edit"),
    path(INTERNAL + "aufnahmeregeln/", views.rules, name="rules"),
    path(INTERNAL + "aufnahmeregeln/<int:pk>/", views.rules, name="rule_edit"),
    path(INTERNAL + "schulplatzvergabe/", views.placement, name="placement"),
    path(INTERNAL + "schulplatzvergabe/freigeben/", views.placement_release, name="placement_release"),
    path(INTERNAL + "schulamt/", views.authority, name="authority"),
    path(INTERNAL + "schulamt/<int:pk>/", views.authority_decide, name="authority_decide"),
    path(INTERNAL + "wartezeiten/", views.figures, name="figures"),
    path(INTERNAL + "uebergabe/<int:school_pk>/", views.handover, name="handover"),
    path(INTERNAL + "uebergabe/<int:school_pk>/vorbereiten/", views.handover_screen, name="handover_screen"),
    path(INTERNAL + "schule/", views.school, name="school"),
    path(INTERNAL + "schule/<int:pk>/", views.school_decide, name="school_decide"),
]

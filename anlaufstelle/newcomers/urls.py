"""URLs of the newcomers module (internal area of a centre)."""

from django.urls import path

from anlaufstelle.newcomers import views

app_name = "newcomers"

INTERNAL = "<slug:centre>/intern/"
F = INTERNAL + "familien/"

urlpatterns = [
    path(F, views.worklist, name="worklist"),
    path(F + "neu/", views.intake, name="intake"),
    path(F + "neu/weiteres-kind/", views.intake_add_child, name="intake_add_child"),
    path(F + "<int:pk>/", views.family_detail, name="family"),
    path(F + "<int:pk>/bearbeiten/", views.family_edit, name="family_edit"),
    path(F + "<int:pk>/auskunft/", views.family_access, name="family_access"),
    path(F + "<int:pk>/loeschen/", views.family_erase, name="family_erase"),
    path(F + "<int:pk>/termin/", views.family_book, name="family_book"),
    path(F + "<int:pk>/kinder/neu/", views.child_edit, name="child_create"),
    path(F + "<int:pk>/kinder/<int:child_pk>/", views.child_edit, name="child_edit"),
    path(F + "<int:pk>/kinder/<int:child_pk>/schritt/", views.child_stage, name="child_stage"),
    path(F + "<int:pk>/kinder/<int:child_pk>/termin/", views.child_book, name="child_book"),
    path(F + "<int:pk>/kinder/<int:child_pk>/vergabe/festlegen/", views.child_pin, name="child_pin"),
    path(F + "<int:pk>/kinder/<int:child_pk>/vergabe/ausschliessen/", views.child_exclude, name="child_exclude"),
    path(F + "<int:pk>/kinder/<int:child_pk>/vergabe/zulassen/", views.child_include, name="child_include"),
    path(F + "<int:pk>/kinder/<int:child_pk>/brief/<slug:kind>/", views.letter, name="letter"),
    path(INTERNAL + "briefe/", views.letters, name="letters"),
    path(INTERNAL + "briefe/<slug:kind>/<slug:language>/", views.letter_text, name="letter_text"),
    path(INTERNAL + "termine/", views.slots, name="slots"),
    path(INTERNAL + "termine/import/", views.slot_import, name="slot_import"),
    path(INTERNAL + "termine/<int:pk>/absagen/", views.slot_cancel, name="slot_cancel"),
    path(INTERNAL + "termine/<int:pk>/stattgefunden/", views.slot_done, name="slot_done"),
    path(INTERNAL + "termine/<int:pk>/verpasst/", views.slot_missed, name="slot_missed"),
    path(INTERNAL + "termine/<int:pk>/dolmetschen/", views.slot_covered, name="slot_covered"),
    path(INTERNAL + "schulplaetze/", views.seats, name="seats"),
    path(INTERNAL + "schulplaetze/<int:pk>/", views.seats, name="seat_edit"),
    path(INTERNAL + "aufnahmeregeln/", views.rules, name="rules"),
    path(INTERNAL + "aufnahmeregeln/vorgaben/", views.rules_defaults, name="rules_defaults"),
    path(INTERNAL + "aufnahmeregeln/<int:pk>/", views.rules, name="rule_edit"),
    path(INTERNAL + "aufnahmeregeln/<int:pk>/loeschen/", views.rule_delete, name="rule_delete"),
    path(INTERNAL + "schulplatzvergabe/", views.placement, name="placement"),
    path(INTERNAL + "schulplatzvergabe/freigeben/", views.placement_release, name="placement_release"),
    path(INTERNAL + "schulplatzvergabe/vorgehen/", views.placement_policy, name="placement_policy"),
    path(INTERNAL + "schulamt/", views.authority, name="authority"),
    path(INTERNAL + "schulamt/tabelle/", views.authority_table, name="authority_table"),
    path(INTERNAL + "schulamt/auswahl/", views.authority_bulk, name="authority_bulk"),
    path(INTERNAL + "schulamt/auswahl/genehmigen/", views.authority_bulk_approve, name="authority_bulk_approve"),
    path(INTERNAL + "schulamt/auswahl/zurueckgeben/", views.authority_bulk_return, name="authority_bulk_return"),
    path(INTERNAL + "schulamt/<int:pk>/genehmigen/", views.authority_approve, name="authority_approve"),
    path(INTERNAL + "schulamt/<int:pk>/umleiten/", views.authority_redirect, name="authority_redirect"),
    path(INTERNAL + "wartezeiten/", views.figures, name="figures"),
    path(INTERNAL + "uebergabe/<int:school_pk>/", views.handover, name="handover"),
    path(INTERNAL + "uebergabe/<int:school_pk>/vorbereiten/", views.handover_screen, name="handover_screen"),
    path(INTERNAL + "schule/", views.school, name="school"),
    path(INTERNAL + "schule/<int:pk>/bestaetigen/", views.school_accept, name="school_accept"),
    path(INTERNAL + "schule/<int:pk>/ablehnen/", views.school_decline, name="school_decline"),
]

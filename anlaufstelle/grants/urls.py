"""URLs of the grants module: officers under <centre>/intern/foerderung/, partner organisations under
<centre>/intern/antraege/, the open calls in public under <centre>/foerderaufrufe/."""

from django.urls import path

from anlaufstelle.grants import views

app_name = "grants"

P = "<slug:centre>/intern/foerderung/"
A = "<slug:centre>/intern/antraege/"

urlpatterns = [
    path(P, views.overview, name="overview"),
    path(P + "quellen/", views.sources, name="sources"),
    path(P + "quellen/neu/", views.source_edit, name="source_create"),
    path(P + "quellen/<int:pk>/", views.source_edit, name="source_edit"),
    path(P + "quellen/<int:pk>/budget/", views.budget_save, name="budget_save"),
    path(P + "quellen/<int:pk>/zahlungsauftrag/", views.payment_order_create, name="payment_order_create"),
    path(P + "aufrufe/neu/", views.call_edit, name="call_create"),
    path(P + "aufrufe/<int:pk>/", views.call_edit, name="call_edit"),
    path(P + "vorlagen/", views.template_edit, name="template_edit"),
    path(P + "antraege/", views.applications, name="applications"),
    path(P + "antraege/<int:pk>/", views.application, name="application"),
    path(P + "antraege/<int:pk>/pruefung-beginnen/", views.review_start, name="review_start"),
    path(P + "antraege/<int:pk>/pruefung/<slug:kind>/", views.review, name="review"),
    path(P + "antraege/<int:pk>/rueckfragen/", views.ask, name="ask"),
    path(P + "antraege/<int:pk>/bewilligen/", views.decide, name="decide"),
    path(P + "antraege/<int:pk>/ablehnen/", views.reject, name="reject"),
    path(P + "antraege/<int:pk>/schreiben/<slug:kind>.pdf", views.letter, name="letter"),
    path(P + "antraege/<int:pk>/nachweis-abschliessen/", views.proof_close, name="proof_close"),
    path(P + "antraege/<int:pk>/nachweis-zurueck/", views.proof_return, name="proof_return"),
    path(P + "abrufe/<int:pk>/freigeben/", views.drawdown_approve, name="drawdown_approve"),
    path(P + "abrufe/<int:pk>/ablehnen/", views.drawdown_refuse, name="drawdown_refuse"),
    path(P + "zahlungen/", views.payments, name="payments"),
    path(P + "zahlungen/<int:pk>/sepa.xml", views.payment_order_xml, name="payment_order_xml"),
    path(P + "zahlungen/<int:pk>/auftrag.csv", views.payment_order_csv, name="payment_order_csv"),
    path(P + "zahlen/", views.figures, name="figures"),
    path(A + "aufrufe/", views.partner_calls, name="partner_calls"),
    path(A + "aufrufe/<int:pk>/", views.partner_apply, name="partner_apply"),
    path(A, views.partner_applications, name="partner_applications"),
    path(A + "<int:pk>/", views.partner_application, name="partner_application"),
    path(A + "<int:pk>/einreichen/", views.partner_submit, name="partner_submit"),
    path(A + "<int:pk>/antworten/", views.partner_answer, name="partner_answer"),
    path(A + "<int:pk>/annehmen/", views.partner_accept, name="partner_accept"),
    path(A + "<int:pk>/zurueckziehen/", views.partner_withdraw, name="partner_withdraw"),
    path(A + "<int:pk>/schreiben/<slug:kind>.pdf", views.partner_letter, name="partner_letter"),
    path(A + "<int:pk>/mittelabruf/", views.partner_drawdown, name="partner_drawdown"),
    path(A + "<int:pk>/verwendungsnachweis/", views.partner_proof, name="partner_proof"),
    path("<slug:centre>/foerderaufrufe/", views.public_calls, name="public_calls"),
]

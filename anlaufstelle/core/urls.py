"""URLs of the core app: installation pages, accounts, public centre pages, internal area."""

from django.urls import path

from anlaufstelle.core.views import account, internal, public

app_name = "core"

urlpatterns = [
    path("", public.landing, name="landing"),
    path("konto/", account.home_view, name="home"),
    path("konto/anmelden/", account.login_view, name="login"),
    path("konto/zweiter-faktor/", account.otp_view, name="otp"),
    path("konto/abmelden/", account.logout_view, name="logout"),
    path("konto/passwort-vergessen/", account.password_reset, name="password_reset"),
    path("konto/passwort-vergessen/gesendet/", account.password_reset_sent, name="password_reset_sent"),
    path("konto/passwort-setzen/<uidb64>/<token>/", account.set_password, name="set_password"),
    path("konto/einladung/<str:token>/", account.invitation_accept, name="invitation_accept"),
    # Public pages of a centre.
    path("<slug:centre>/", public.centre_home, name="centre"),
    path("<slug:centre>/datenschutz/", public.centre_page, {"page": "privacy"}, name="privacy"),
    path(
        "<slug:centre>/barrierefreiheit/",
        public.centre_page,
        {"page": "accessibility"},
        name="accessibility",
    ),
    path(
        "<slug:centre>/leichte-sprache/",
        public.centre_page,
        {"page": "easy_language"},
        name="easy_language",
    ),
    path("<slug:centre>/impressum/", public.centre_page, {"page": "legal"}, name="legal"),
    path("<slug:centre>/foerderer/<int:pk>/logo/", public.funder_logo, name="funder_logo"),
    # Internal area.
    path("<slug:centre>/intern/", internal.dashboard, name="dashboard"),
    path("<slug:centre>/intern/seite/", internal.page_languages, name="page_languages"),
    path("<slug:centre>/intern/seite/<str:language>/", internal.page_edit, name="page_edit"),
    path("<slug:centre>/intern/team/", internal.team_list, name="team_list"),
    path("<slug:centre>/intern/team/neu/", internal.team_edit, name="team_create"),
    path("<slug:centre>/intern/team/<int:pk>/", internal.team_edit, name="team_edit"),
    path("<slug:centre>/intern/team/<int:pk>/loeschen/", internal.team_delete, name="team_delete"),
    path("<slug:centre>/intern/foerderer/", internal.funder_list, name="funder_list"),
    path("<slug:centre>/intern/foerderer/<int:pk>/", internal.funder_edit, name="funder_edit"),
    path(
        "<slug:centre>/intern/foerderer/<int:pk>/loeschen/",
        internal.funder_delete,
        name="funder_delete",
    ),
    path("<slug:centre>/intern/kontaktdaten/", internal.centre_edit, name="centre_edit"),
    path("<slug:centre>/intern/mitglieder/", internal.member_list, name="member_list"),
    path("<slug:centre>/intern/mitglieder/neu/", internal.member_edit, name="member_create"),
    path("<slug:centre>/intern/mitglieder/<int:pk>/", internal.member_edit, name="member_edit"),
    path(
        "<slug:centre>/intern/einladungen/<int:pk>/erneut-senden/",
        internal.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "<slug:centre>/intern/einladungen/<int:pk>/zurueckziehen/",
        internal.invitation_withdraw,
        name="invitation_withdraw",
    ),
    path("<slug:centre>/intern/protokoll/", internal.audit_trail, name="audit"),
    path("<slug:centre>/intern/protokoll.csv", internal.audit_csv, name="audit_csv"),
    path("<slug:centre>/intern/auftraege/<uuid:pk>/", internal.job_status, name="job"),
    path("<slug:centre>/intern/auftraege/<uuid:pk>/datei/", internal.job_download, name="job_download"),
]

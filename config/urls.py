"""Root URLs. Everything a person sees is under a language prefix (none for German)."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import URLPattern, URLResolver, include, path

from anlaufstelle.core.views.public import healthz
from anlaufstelle.sso.views import callback as sso_callback

urlpatterns: list[URLPattern | URLResolver] = [
    path("healthz", healthz, name="healthz"),
    # The one redirect URI registered at every centre's identity provider: no language prefix.
    path("konto/oidc/rueckkehr/", sso_callback, name="sso_callback"),
    path("", include("anlaufstelle.directory.api_urls")),
    path("", include("anlaufstelle.council.api_urls")),
]
urlpatterns += i18n_patterns(
    path("", include("anlaufstelle.partners.urls")),
    path("", include("anlaufstelle.directory.urls")),
    path("", include("anlaufstelle.newcomers.urls")),
    path("", include("anlaufstelle.volunteers.urls")),
    path("", include("anlaufstelle.events.urls")),
    path("", include("anlaufstelle.news.urls")),
    path("", include("anlaufstelle.council.urls")),
    path("", include("anlaufstelle.sso.urls")),
    path("", include("anlaufstelle.workspace.urls")),
    path("", include("anlaufstelle.grants.urls")),
    path("", include("anlaufstelle.programmes.urls")),
    path("", include("anlaufstelle.networks.urls")),
    path("", include("anlaufstelle.reports.urls")),
    path("", include("anlaufstelle.library.urls")),
    path("", include("anlaufstelle.core.urls")),
    prefix_default_language=False,
)

# Server errors: 503 while the database is unreachable, 507 when the upload disk is full (docs/operations.md).
handler500 = "anlaufstelle.core.views.errors.server_error"

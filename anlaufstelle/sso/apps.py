"""Staff sign-in through the town's directory: OpenID Connect per centre (issue 18)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SsoConfig(AppConfig):
    name = "anlaufstelle.sso"
    label = "sso"
    verbose_name = _("Sign-in through the town's directory")

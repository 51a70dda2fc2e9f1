"""Core: tenancy, accounts, roles, audit trail, translations, public centre page."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "anlaufstelle.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from anlaufstelle.core import checks  # noqa: F401 - registers the deploy checks

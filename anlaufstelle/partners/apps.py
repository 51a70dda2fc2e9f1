"""Partners: the shared register of organisations, their addresses and contact persons."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "anlaufstelle.partners"
    label = "partners"
    verbose_name = _("Partner register")

    def ready(self) -> None:
        from anlaufstelle.partners import permissions, transfer  # noqa: F401 - register permissions and jobs

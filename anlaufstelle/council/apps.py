"""Council: the Integrationsrat office — body, members, meetings, papers, minutes, follow-up, OParl 1.1."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    name = "anlaufstelle.council"
    label = "council"
    verbose_name = _("Integration council")

    def ready(self) -> None:
        from anlaufstelle.council import permissions  # noqa: F401 - register the permission table

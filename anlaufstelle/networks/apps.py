"""Networks: the networks and working groups the centre leads or joins, their meetings with agenda,
minutes and action items, and the log of the centre's consultations with partner organisations."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "anlaufstelle.networks"
    label = "networks"
    verbose_name = _("Networks")

    def ready(self) -> None:
        from anlaufstelle.networks import permissions, retention  # noqa: F401 - register permissions, retention
        from anlaufstelle.networks.relations import register

        register()

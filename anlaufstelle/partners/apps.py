"""Partners: the shared register of organisations, their addresses and contact persons."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "anlaufstelle.partners"
    label = "partners"
    verbose_name = _("Partner register")

    def ready(self) -> None:
        from anlaufstelle.core.geo import register_address_source
        from anlaufstelle.partners import permissions, transfer  # noqa: F401 - register permissions and jobs
        from anlaufstelle.partners.selectors import addresses_for_geocoding

        register_address_source(addresses_for_geocoding)

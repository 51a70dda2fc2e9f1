"""Library (Mediothek): the centre's specialist library — titles, copies and kits, borrowers the platform
already knows, circulation rules, check-out, check-in, renewals and holds."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "anlaufstelle.library"
    label = "library"
    verbose_name = _("Library")

    def ready(self) -> None:
        from anlaufstelle.library import permissions, retention, transfer  # noqa: F401 - register

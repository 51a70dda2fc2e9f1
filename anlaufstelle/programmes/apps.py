"""Programmes: Rucksack KiTa, Rucksack Schule, Griffbereit, Sport vor Ort, Schule ohne Rassismus —
sites, groups, facilitators, sessions and the figures the state coordination asks for."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "anlaufstelle.programmes"
    label = "programmes"
    verbose_name = _("Programmes")

    def ready(self) -> None:
        from anlaufstelle.programmes import permissions  # noqa: F401 - register the permission table

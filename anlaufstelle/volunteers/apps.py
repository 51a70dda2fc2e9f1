"""Volunteers: pools of interpreters and mentors, onboarding, requests, matching and allowances."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "anlaufstelle.volunteers"
    label = "volunteers"
    verbose_name = _("Volunteers")

    def ready(self) -> None:
        from anlaufstelle.volunteers import permissions, retention  # noqa: F401 - register
        from anlaufstelle.volunteers.actions import interpreting  # noqa: F401 - registers the interpreter-need hook

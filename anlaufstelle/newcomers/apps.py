"""Newcomers: families and children arriving, counselling, health exams and school placement."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewcomersConfig(AppConfig):
    name = "anlaufstelle.newcomers"
    label = "newcomers"
    verbose_name = _("Newcomers and school placement")

    def ready(self) -> None:
        from anlaufstelle.newcomers import permissions, retention, tasks, transfer  # noqa: F401 - tables, policies, jobs

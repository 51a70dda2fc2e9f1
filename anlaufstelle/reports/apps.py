"""Reports: the integration concept, platform and imported indicators, dashboards with charts, the
state view with disclosure control and the annual report."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "anlaufstelle.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from anlaufstelle.reports import annual, permissions  # noqa: F401 - register the job and the permissions

        # Every app's report_indicators.py registers its indicators (see reports/registry.py).
        autodiscover_modules("report_indicators")

"""Directory: the public multilingual directory of offers (Angebote) and its search."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "anlaufstelle.directory"
    label = "directory"
    verbose_name = _("Directory of offers")

    def ready(self) -> None:
        from anlaufstelle.directory import brochure, permissions, transfer  # noqa: F401 - permissions and jobs
        from anlaufstelle.directory.actions import reindex_provider
        from anlaufstelle.partners.hooks import on_organisation_changed

        on_organisation_changed(reindex_provider)

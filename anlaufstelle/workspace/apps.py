"""The staff workspace: the start page with what is due, and the messages at every hand-off."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    name = "anlaufstelle.workspace"
    label = "workspace"
    verbose_name = _("Workspace")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from anlaufstelle.core.start import register_start_page
        from anlaufstelle.workspace import permissions, retention  # noqa: F401 - register the tables
        from anlaufstelle.workspace.views import start

        # Every app's due.py registers its providers of "what is due" (see workspace/due.py).
        autodiscover_modules("due")
        # … and its agenda.py the dated things of the staff calendar (see workspace/agenda.py).
        autodiscover_modules("agenda")
        # Every app's search.py registers its providers of the staff search (see workspace/search.py).
        autodiscover_modules("search")
        register_start_page(start)

"""Events and trainings: public calendar, registration with capacity and waiting list,
attendance, certificates and feedback."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "anlaufstelle.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from anlaufstelle.events import permissions, retention  # noqa: F401 - register
        from anlaufstelle.events.relations import register

        register()  # its section on an organisation's page in the partner register

"""News: the centre's public voice, news items per language with a picture, feeds and JSON-LD."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "anlaufstelle.news"
    label = "news"
    verbose_name = _("News")

    def ready(self) -> None:
        from anlaufstelle.news import permissions, photo_upload, retention  # noqa: F401 - register

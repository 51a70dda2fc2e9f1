"""`make prod-check`: the production settings as they are, plus the bare reference view and the drill's job.

Everything else (database, Redis, secret, hosts) comes from the environment that bench/prod_check.py
sets, exactly as in production (docs/operations.md).
"""

from config.settings.prod import *  # noqa: F403
from config.settings.prod import INSTALLED_APPS, STORAGES

# Static files from the app folders, so the check needs no `collectstatic` run (production collects them).
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
STATIC_ROOT = None  # type: ignore[assignment]
WHITENOISE_USE_FINDERS = True

ROOT_URLCONF = "bench.urls"
INSTALLED_APPS = [*INSTALLED_APPS, "bench.opsjobs"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "ERROR"},
    "loggers": {"django.request": {"level": "CRITICAL"}, "huey": {"level": "ERROR"}},
}

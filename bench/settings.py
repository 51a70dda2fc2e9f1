"""Benchmark settings: production-like (no debug), a throw-away SQLite database, plus a bare view."""

import os

os.environ.setdefault("TASKS_BACKEND", "immediate")

from config.settings.base import *  # noqa: F403

SECRET_KEY = "bench-only-key"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ROOT_URLCONF = "bench.urls"
STATIC_ROOT = None  # type: ignore[assignment]
WHITENOISE_USE_FINDERS = True
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
LOGGING = {"version": 1, "disable_existing_loggers": True}
RATELIMIT_ENABLE = False  # one client address drives the load
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", "")

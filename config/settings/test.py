"""Test settings: tasks run in-process, fast password hashing, no manifest for static files."""

import os

os.environ.setdefault("TASKS_BACKEND", "immediate")

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
AXES_ENABLED = True
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
# Serve static files straight from the app folders (no collectstatic needed).
STATIC_ROOT = None  # type: ignore[assignment]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

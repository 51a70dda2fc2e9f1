"""Settings shared by every environment; everything that differs comes from the environment."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("ANLAUFSTELLE_VAR_DIR", BASE_DIR / "var"))
# Local state (SQLite database, task queue file, uploads) lives here unless configured otherwise;
# a read-only installation configures DATABASE_URL, TASKS_BACKEND and DJANGO_MEDIA_ROOT instead.
with contextlib.suppress(OSError):
    VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "anlaufstelle.core",
    "anlaufstelle.partners",
    "anlaufstelle.directory",
    "anlaufstelle.newcomers",
    "anlaufstelle.volunteers",
    "anlaufstelle.events",
    "anlaufstelle.news",
    "anlaufstelle.council",
    "anlaufstelle.sso",
    "anlaufstelle.workspace",
    "anlaufstelle.grants",
    "anlaufstelle.programmes",
    "anlaufstelle.networks",
    "anlaufstelle.reports",
    "anlaufstelle.library",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_htmx",
    "template_partials",
    "axes",
    "csp",
    "huey.contrib.djhuey",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "anlaufstelle.sso.middleware.SsoMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "anlaufstelle.core.middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "anlaufstelle.core.middleware.CentreMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "anlaufstelle.core.context_processors.site",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'anlaufstelle.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web process and the task consumer share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"

# Login throttling (django-axes): lock an e-mail + IP pair after 5 failures for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "email"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/account/locked.html"

# Sessions: rotated on login (Django's login()), idle and absolute timeouts enforced by
# SessionTimeoutMiddleware; a disabled account is logged out on its next request.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_ABSOLUTE_SECONDS", str(10 * 3600)))
SESSION_IDLE_SECONDS = int(os.environ.get("SESSION_IDLE_SECONDS", str(30 * 60)))
SESSION_ABSOLUTE_SECONDS = SESSION_COOKIE_AGE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

OTP_TOTP_ISSUER = "Anlaufstelle"

LANGUAGE_CODE = "de"
LANGUAGES = [
    ("de", "Deutsch"),
    ("en", "English"),
    ("ar", "العربية"),
    ("uk", "Українська"),
    ("tr", "Türkçe"),
]
# Languages whose editable content (public pages) is maintained by the centre.
CONTENT_LANGUAGES = ["de", "en", "ar", "uk", "tr"]
LANGUAGES_BIDI = ["ar", "fa", "ps", "he", "ur"]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
# Completes Django's locale formats (Arabic has no short date-time format of its own).
FORMAT_MODULE_PATH = ["anlaufstelle.core.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))
# Uploaded files (docs/decisions/0030-production-layout-and-storage.md): the local disk under MEDIA_ROOT
# ("filesystem", default; a single server, or a disk every server mounts) or an S3-compatible object
# store ("s3": MinIO, Ceph, a municipal or commercial cloud; through django-storages and boto3).
STORAGE_BACKEND = os.environ.get("STORAGE_BACKEND", "filesystem")
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "anlaufstelle.core.storage.SafeFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if STORAGE_BACKEND == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("S3_BUCKET", ""),
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("S3_REGION") or None,
            "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("S3_PREFIX", ""),
            "addressing_style": os.environ.get("S3_ADDRESSING_STYLE") or None,  # "path" for most MinIO set-ups
            "verify": os.environ.get("S3_CA_BUNDLE") or None,
            # Files are private: every download goes through a view that checks the visitor's rights.
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
elif STORAGE_BACKEND != "filesystem":
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"STORAGE_BACKEND must be 'filesystem' or 's3', not {STORAGE_BACKEND!r}.")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", str(5 * 1024 * 1024)))
# Bounds for every spreadsheet an import reads (core/tabular.py). They are checked while the file is
# unpacked and parsed, before any row is worked on, so a small file that unpacks to gigabytes (a
# "decompression bomb") or claims a million rows is refused within a second.
TABULAR_MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024  # all parts of an XLSX file together, as unpacked
TABULAR_MAX_ZIP_MEMBERS = 200  # parts in an XLSX file (a normal one has about ten)
TABULAR_MAX_COMPRESSION_RATIO = 200  # unpacked/packed, for parts beyond 1 MB (real sheets: below 30)
TABULAR_MAX_ROWS = 20_000  # data rows below the column names
TABULAR_MAX_COLUMNS = 200
TABULAR_MAX_CELL_CHARS = 10_000  # characters in one cell (Excel itself allows 32,767)
TABULAR_MAX_CELLS = 1_000_000  # cells in a sheet, and texts in the shared-text table
TABULAR_MAX_XML_ELEMENTS = 200_000  # XML elements in one part outside the cells (styles, formatting, ...)

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "anlaufstelle@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 20

# Behind a reverse proxy: how many proxies append to X-Forwarded-For. 0 trusts nobody and
# uses REMOTE_ADDR (for the audit trail and for login throttling alike).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT or None
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if TRUSTED_PROXY_COUNT else ["REMOTE_ADDR"]

# The installation's public address, for links in e-mails sent outside a request.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Machine translation of editable content: "" (off), "libretranslate", or a dotted class path.
MACHINE_TRANSLATION = os.environ.get("MACHINE_TRANSLATION", "")
MACHINE_TRANSLATION_URL = os.environ.get("MACHINE_TRANSLATION_URL", "")
MACHINE_TRANSLATION_API_KEY = os.environ.get("MACHINE_TRANSLATION_API_KEY", "")

# Geocoding and map tiles are configurable services; nothing is contacted unless configured.
GEOCODER = os.environ.get("GEOCODER", "anlaufstelle.core.geo.LocalGeocoder")
GEOCODER_URL = os.environ.get("GEOCODER_URL", "")
# e.g. https://tile.example.org/{z}/{x}/{y}.png — empty: the directory shows the list only.
# Travel between home and school (issue 17): straight-line km × road factor at an average speed unless a
# routing server is configured (TRAVEL_TIMES=anlaufstelle.core.travel.OsrmTravel, TRAVEL_TIMES_URL=…).
TRAVEL_TIMES = os.environ.get("TRAVEL_TIMES", "anlaufstelle.core.travel.StraightLine")
TRAVEL_TIMES_URL = os.environ.get("TRAVEL_TIMES_URL", "")
TRAVEL_TIMES_PROFILE = os.environ.get("TRAVEL_TIMES_PROFILE", "driving")
TRAVEL_TIMES_BLOCK = int(os.environ.get("TRAVEL_TIMES_BLOCK", "400"))  # coordinates per request
TRAVEL_ROAD_FACTOR = float(os.environ.get("TRAVEL_ROAD_FACTOR", "1.3"))
TRAVEL_SPEED_KMH = float(os.environ.get("TRAVEL_SPEED_KMH", "20"))  # door to door by bus, on foot
MAP_TILES_URL = os.environ.get("MAP_TILES_URL", "")
MAP_TILES_ATTRIBUTION = os.environ.get("MAP_TILES_ATTRIBUTION", "")

# Directory: offers not reviewed for this many days are flagged and their owners reminded.
DIRECTORY_REVIEW_AFTER_DAYS = int(os.environ.get("DIRECTORY_REVIEW_AFTER_DAYS", "365"))

# Retention periods in days (see core/retention.py and docs/decisions/0007-*.md).
RETENTION_AUDIT_DAYS = int(os.environ.get("RETENTION_AUDIT_DAYS", "730"))
RETENTION_JOBS_DAYS = int(os.environ.get("RETENTION_JOBS_DAYS", "30"))
RETENTION_FAILED_LOGINS_DAYS = int(os.environ.get("RETENTION_FAILED_LOGINS_DAYS", "90"))
# Invitations to a centre: counted from acceptance, withdrawal or expiry.
RETENTION_INVITATIONS_DAYS = int(os.environ.get("RETENTION_INVITATIONS_DAYS", "90"))
# Newcomer families: counted from the day the last child's way ended (first school day, withdrawn, moved).
RETENTION_NEWCOMER_FAMILIES_DAYS = int(os.environ.get("RETENTION_NEWCOMER_FAMILIES_DAYS", "730"))
RETENTION_VOLUNTEER_SIGN_UPS_DAYS = int(os.environ.get("RETENTION_VOLUNTEER_SIGN_UPS_DAYS", "180"))
RETENTION_VOLUNTEERS_DAYS = int(os.environ.get("RETENTION_VOLUNTEERS_DAYS", "1095"))
# NRW practice: the extended police certificate (erweitertes Führungszeugnis) is seen again after this many years.
VOLUNTEER_POLICE_CERTIFICATE_YEARS = int(os.environ.get("VOLUNTEER_POLICE_CERTIFICATE_YEARS", "5"))

# Content-Security-Policy: no inline scripts or styles anywhere (django-csp 4).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if MAP_TILES_URL:
    from urllib.parse import urlsplit

    # "{s}.tile.example.org" (subdomains a, b, c) becomes "*.tile.example.org" in the policy.
    _tiles = urlsplit(MAP_TILES_URL.replace("{s}", "SUBDOMAIN"))
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(
        f"{_tiles.scheme}://{_tiles.netloc.replace('SUBDOMAIN', '*')}"
    )
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Background tasks (Huey, see docs/decisions/0003-background-tasks.md).
# TASKS_BACKEND: "immediate" (in-process), "sqlite" (file queue + `manage.py run_huey`),
# "redis" (production, TASKS_REDIS_URL).
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "sqlite")
if TASKS_BACKEND == "redis":
    HUEY = {
        # RedisHuey that logs instead of raising when Redis is down (core/queue.py).
        "huey_class": "anlaufstelle.core.queue.FailSoftRedisHuey",
        "name": "anlaufstelle",
        "url": os.environ.get("TASKS_REDIS_URL", "redis://127.0.0.1:6379/0"),
        "immediate": False,
        "consumer": {"workers": int(os.environ.get("TASKS_WORKERS", "2")), "worker_type": "thread"},
    }
elif TASKS_BACKEND == "sqlite":
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "anlaufstelle",
        "filename": str(VAR_DIR / "tasks.sqlite3"),
        "immediate": False,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }
else:
    HUEY = {"huey_class": "huey.MemoryHuey", "name": "anlaufstelle", "immediate": True}

# Cache (docs/decisions/0010-public-page-cache.md): per-process memory unless CACHE_URL names a
# shared one — redis://… in production (one cache for every worker), file:///path for `make run`.
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHES: dict[str, dict[str, Any]]
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    # Redis, failing soft: while Redis is down the pages answer without the cache (core/cache.py).
    CACHES = {
        "default": {
            "BACKEND": "anlaufstelle.core.cache.FailSoftRedisCache",
            "LOCATION": CACHE_URL,
            "OPTIONS": {
                "socket_connect_timeout": float(os.environ.get("CACHE_TIMEOUT_SECONDS", "0.5")),
                "socket_timeout": float(os.environ.get("CACHE_TIMEOUT_SECONDS", "0.5")),
                "retry_seconds": float(os.environ.get("CACHE_RETRY_SECONDS", "5")),
            },
        }
    }
elif CACHE_URL.startswith("file://"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": CACHE_URL.removeprefix("file://"),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
# Rate limits (django-ratelimit) count in the cache; when the count cannot be had (Redis down), let the
# request through rather than refuse everyone. Password sign-ins are throttled in the database
# (django-axes and core/login_throttle.py), which does not depend on the cache.
RATELIMIT_FAIL_OPEN = env_bool("RATELIMIT_FAIL_OPEN", True)
# Background jobs (core/jobs.py): one still "running" after this long is marked failed by the periodic
# sweep (its worker died); one still "waiting" after JOBS_REQUEUE_SECONDS is queued again.
JOBS_RUNNING_TIMEOUT_SECONDS = int(os.environ.get("JOBS_RUNNING_TIMEOUT_SECONDS", str(2 * 3600)))
JOBS_REQUEUE_SECONDS = int(os.environ.get("JOBS_REQUEUE_SECONDS", "300"))
# Rendered public pages are kept this long at most (0 turns the public page cache off).
PUBLIC_CACHE_SECONDS = int(os.environ.get("PUBLIC_CACHE_SECONDS", "60"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

SITE_NAME = _("Anlaufstelle")

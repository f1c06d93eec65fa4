"""Django settings for ZoneAtlas.

Every setting that differs between machines comes from an environment variable read through the small
strict helpers below; the defaults run a development server with no configuration at all (an SQLite
file under ``var/``). Production sets ``ZONEATLAS_ENV=production`` and ``DATABASE_URL``.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ZONEATLAS_VAR_DIR", BASE_DIR / "var"))


def envbool(name: str, default: bool) -> bool:
    """Read a boolean: 1/true/yes/on or 0/false/no/off, anything else is an error."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no, on/off)")


def envlist(name: str, default: str = "") -> list[str]:
    """Read a comma-separated list, dropping blanks."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return default if raw in (None, "") else int(raw)


DEBUG = envbool("DEBUG", default=True)
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "zoneatlas.core",
    "zoneatlas.geo",
    "zoneatlas.sources",
    "zoneatlas.zones",
    "zoneatlas.figures",
    "zoneatlas.accounts",
    "zoneatlas.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "zoneatlas.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "zoneatlas" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

WSGI_APPLICATION = "zoneatlas.wsgi.application"


def _database() -> dict[str, object]:
    url = os.environ.get("DATABASE_URL", "")
    if url:
        return dict(dj_database_url.parse(url, conn_max_age=envint("DB_CONN_MAX_AGE", 60)))
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": VAR_DIR / "zoneatlas.sqlite3",
        "OPTIONS": {
            # WAL lets readers run beside one writer; IMMEDIATE takes the write lock at BEGIN so two
            # writers queue instead of failing with "database is locked" halfway through a transaction.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        },
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "zoneatlas" / "locale"]
FORMAT_MODULE_PATH = ["zoneatlas.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # The token first: an unauthenticated request then gets 401 with WWW-Authenticate, not 403.
        "zoneatlas.accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "EXCEPTION_HANDLER": "zoneatlas.core.api.exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "ZoneAtlas API",
    "DESCRIPTION": (
        "Industrial parks, industrial clusters and economic zones of Vietnam: registry, lifecycle, "
        "figures with their sources, and administrative units of both eras (before and after 1 July 2025)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Served from the installed sidecar package: no CDN at run time.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Reference data and tolerances, kept as settings so an administrator can change them without code.
ZONEATLAS = {
    # Decree 32/2024 Art. 2.1: clusters are 10-75 ha, 5-75 ha in mountainous areas and craft villages.
    "CLUSTER_MIN_AREA_HA": 5,
    "CLUSTER_MAX_AREA_HA": 75,
    # Bounding box of Vietnam's mainland and islands (WGS84), used to refuse coordinates outside the country.
    "VIETNAM_BBOX": (102.1, 8.1, 117.9, 23.5),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

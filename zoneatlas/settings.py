"""Django settings for ZoneAtlas.

Every setting that differs between machines comes from an environment variable read through the small
strict helpers below; the defaults run a development server with no configuration at all (an SQLite
file under ``var/``). Production sets ``ZONEATLAS_ENV=production`` (or ``DEBUG=0``), ``SECRET_KEY``,
``ALLOWED_HOSTS`` and ``DATABASE_URL``; it refuses to start without the first two and switches on HTTPS-only
cookies, HSTS and an enforced Content Security Policy (see docs/security.md).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

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


def envrate(name: str, default: str) -> str:
    """Read a DRF throttle rate such as 600/minute (second, minute, hour or day)."""
    value = os.environ.get(name, "").strip() or default
    count, _, period = value.partition("/")
    if not count.isdigit() or period[:1] not in {"s", "m", "h", "d"}:
        raise ImproperlyConfigured(f"{name}={value!r} is not a rate such as 600/minute")
    return value


def envheader(name: str) -> tuple[str, str] | None:
    """Read "Header-Name: value" as Django's META key and value, e.g. ("HTTP_X_FORWARDED_PROTO", "https")."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    header, _, value = raw.partition(":")
    if not header.strip() or not value.strip():
        raise ImproperlyConfigured(f"{name}={raw!r} is not a header such as X-Forwarded-Proto: https")
    return "HTTP_" + header.strip().upper().replace("-", "_"), value.strip()


def envchoice(name: str, default: str, choices: set[str]) -> str:
    value = os.environ.get(name, "").strip().lower() or default
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} is not one of {', '.join(sorted(choices))}")
    return value


ENVIRONMENT = envchoice("ZONEATLAS_ENV", "development", {"development", "production"})
DEBUG = envbool("DEBUG", default=ENVIRONMENT != "production")
# Either switch turns production on: a server started with DEBUG=0 gets the production safeguards too.
PRODUCTION = ENVIRONMENT == "production" or not DEBUG
DEV_SECRET_KEY = "dev-only-insecure-key-change-me"  # noqa: S105  (public on purpose: production refuses it)
SECRET_KEY = os.environ.get("SECRET_KEY", "") or DEV_SECRET_KEY
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")


def _refuse_unsafe_production() -> None:
    """Production never starts on the development key, a short key, or without the host names it serves."""
    problems = []
    if DEBUG:
        problems.append("DEBUG must be off (DEBUG=0)")
    if SECRET_KEY == DEV_SECRET_KEY:
        problems.append("SECRET_KEY is not set (the development key is refused)")
    elif len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        problems.append("SECRET_KEY must be at least 50 random characters")
    if not ALLOWED_HOSTS:
        problems.append("ALLOWED_HOSTS is not set (a comma-separated list of the host names served)")
    if problems:
        raise ImproperlyConfigured(
            "ZoneAtlas production settings (ZONEATLAS_ENV=production or DEBUG=0) refuse to start: "
            + "; ".join(problems)
            + ". Generate a key with: python -c 'import secrets; print(secrets.token_urlsafe(64))'"
        )


if PRODUCTION:
    _refuse_unsafe_production()

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
    "django_tasks_db",
    "zoneatlas.core",
    "zoneatlas.geo",
    "zoneatlas.sources",
    "zoneatlas.zones",
    "zoneatlas.figures",
    "zoneatlas.accounts",
    "zoneatlas.tenants",
    "zoneatlas.planning",
    "zoneatlas.reporting",
    "zoneatlas.steering",
    "zoneatlas.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
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
                "django.template.context_processors.csp",
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

# The throttled backend refuses a (username, IP address) pair locked out after too many failed logins; the
# site login, the admin login and anything else calling authenticate() go through it.
AUTHENTICATION_BACKENDS = ["zoneatlas.accounts.backends.ThrottledModelBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
LOGIN_THROTTLE = {
    "FAILURES": envint("LOGIN_THROTTLE_FAILURES", 5),
    "WINDOW_MINUTES": envint("LOGIN_THROTTLE_WINDOW_MINUTES", 15),
    "LOCKOUT_MINUTES": envint("LOGIN_THROTTLE_LOCKOUT_MINUTES", 15),
}


def _cache(name: str = "CACHE_URL", default_location: str = "zoneatlas") -> dict[str, object]:
    """A cache from a URL: locmem:// (default, one per process), file:///path (one host), db://table (every host)
    or dummy:// (none)."""
    url = os.environ.get(name, "")
    parts = urlsplit(url)
    if not url or parts.scheme == "locmem":
        location = parts.netloc or default_location
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": location}
    if parts.scheme == "file" and parts.path:
        return {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": parts.path}
    if parts.scheme == "db" and parts.netloc:
        # Needs `zoneatlas createcachetable` once.
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": parts.netloc}
    if parts.scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(f"{name}={url!r}: use locmem://, file:///absolute/path, db://table_name or dummy://")


CACHES = {
    # Login lockouts and API rate limits count in this cache: with several worker processes, point CACHE_URL at a
    # shared cache (file or db), or each process counts on its own.
    "default": _cache(),
    # Whole API answers (zoneatlas.core.caching; docs/decisions/0004-response-caching.md), keyed by the registry
    # version, so a per-process cache is never stale; API_CACHE_SECONDS bounds an entry's life, dummy:// turns it off.
    "api": {
        **_cache("API_CACHE_URL", "zoneatlas-api"),
        "TIMEOUT": envint("API_CACHE_SECONDS", 600),
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}

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
    # Generous limits against scraping and runaway scripts, per IP address (anonymous) or per user.
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": envrate("API_THROTTLE_ANON", "600/minute"),
        "user": envrate("API_THROTTLE_USER", "1200/minute"),
    },
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
    # Choice sets sharing a field name ("kind", "status") get explicit component names.
    "ENUM_NAME_OVERRIDES": {
        "ZoneKindEnum": "zoneatlas.zones.choices.ZoneKind",
        "DocumentKindEnum": "zoneatlas.sources.choices.DocumentKind",
        "ZoneStatusEnum": "zoneatlas.zones.choices.ZoneStatus",
        "InfrastructureStatusEnum": "zoneatlas.zones.choices.InfrastructureStatus",
        "WastewaterPlantStatusEnum": "zoneatlas.zones.choices.WastewaterPlantStatus",
        "ProjectStatusEnum": "zoneatlas.tenants.choices.ProjectStatus",
        "LeaseStatusEnum": "zoneatlas.tenants.choices.LeaseStatus",
        "ObstacleKindEnum": "zoneatlas.steering.choices.ObstacleKind",
        "ObstacleStatusEnum": "zoneatlas.steering.choices.ObstacleStatus",
        "AgencyLevelEnum": "zoneatlas.steering.choices.AgencyLevel",
        "AdminUnitLevelEnum": "zoneatlas.geo.choices.Level",
        "EscalationLevelEnum": "zoneatlas.steering.choices.EscalationLevel",
        "TaskStatusEnum": "zoneatlas.steering.choices.TaskStatus",
    },
}

# Background work (reporting reminders, generated province reports) goes through Django's task framework. The
# database backend keeps the queue in the project's own database, so no extra server is needed; run the worker
# with `zoneatlas db_worker`. TASKS_BACKEND=django.tasks.backends.immediate.ImmediateBackend runs tasks inline.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Outgoing e-mail (reporting reminders), as Django 6.1 mailers. Development prints messages on the console;
# production sends through SMTP (EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS).
EMAIL_BACKEND_PATH = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
MAILERS = {
    "default": {
        "BACKEND": EMAIL_BACKEND_PATH,
        "OPTIONS": (
            {
                "host": os.environ.get("EMAIL_HOST", "localhost"),
                "port": envint("EMAIL_PORT", 587),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": envbool("EMAIL_USE_TLS", True),
            }
            if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend")
            else {}
        ),
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ZoneAtlas <no-reply@zoneatlas.local>")
# The site's address as mails link to it (reporting reminders), e.g. https://zoneatlas.example.gov.vn
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000")

# Reference data and tolerances, kept as settings so an administrator can change them without code.
ZONEATLAS = {
    # Decree 32/2024 Art. 2.1: clusters are 10-75 ha, 5-75 ha in mountainous areas and craft villages.
    "CLUSTER_MIN_AREA_HA": 5,
    "CLUSTER_MAX_AREA_HA": 75,
    # Bounding box of Vietnam's mainland and islands (WGS84), used to refuse coordinates outside the country.
    "VIETNAM_BBOX": (102.1, 8.1, 117.9, 23.5),
    # Reported and lease-derived occupancy further apart than this (percentage points) are flagged.
    "OCCUPANCY_TOLERANCE_PP": 5,
    # Targets "about" a value count as reached within this share of it (5: about 45 % is reached from 42.75 %), and
    # a forecast short of the bar by at most this share of the value is at risk, further off track (ADR 0008).
    "TARGET_ABOUT_TOLERANCE_PCT": 5,
    "TARGET_AT_RISK_MARGIN_PCT": 10,
    # Land leased this many months without the project starting to build is listed as idle.
    "IDLE_LAND_MONTHS": 24,
    # A rate with no end date holds until the next rate of its currency, but never longer than this.
    "EXCHANGE_RATE_MAX_AGE_DAYS": 31,
    # A Vietnamese enterprise with foreign ownership above this share counts as foreign-invested (FDI).
    "FDI_OWNERSHIP_THRESHOLD_PCT": 0,
}

# HTTPS and browser protections. Development runs over plain HTTP, so cookies are not marked secure there.
SECURE_SSL_REDIRECT = PRODUCTION and envbool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 365 * 24 * 3600) if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
# Behind a TLS-terminating proxy, the header it sets to tell HTTPS from HTTP, e.g. "X-Forwarded-Proto: https".
# Set it only when the proxy always overwrites that header, or clients could claim HTTPS.
SECURE_PROXY_SSL_HEADER = envheader("SECURE_PROXY_SSL_HEADER")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"


def _tile_sources(url: object) -> list[str]:
    """The origin of the map tile URL template as a CSP source: https://{s}.tile.example.org/... gives
    https://*.tile.example.org. Nothing when no tile server is configured or the URL is relative ('self')."""
    if not isinstance(url, str) or not url.strip():
        return []
    parts = urlsplit(url.strip())
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return []
    labels = parts.netloc.rsplit("@", 1)[-1].split(".")
    if labels[0].startswith("{") and labels[0].endswith("}"):
        labels[0] = "*"  # Leaflet's {s} subdomains; CSP allows a wildcard only as the leftmost label.
    host = ".".join(labels)
    if "{" in host or "}" in host:
        raise ImproperlyConfigured(f"MAP_TILE_URL={url!r}: only the leftmost label of the host may be a placeholder")
    return [f"{parts.scheme}://{host}"]


# Content Security Policy: scripts, styles, images and requests from this site only (plus the map tile
# server), no plugins, no framing. Enforced in production; report-only in development, where violations show
# in the browser console without breaking the page.
_TILES = _tile_sources(ZONEATLAS.get("MAP_TILE_URL"))
CONTENT_SECURITY_POLICY: dict[str, list[str]] = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    # Style attributes only (not <style> elements, not scripts): status colours are data, set per badge and marker.
    "style-src-attr": [CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, *_TILES],
    "connect-src": [CSP.SELF, *_TILES],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
if envbool("CSP_REPORT_ONLY", default=not PRODUCTION):
    SECURE_CSP_REPORT_ONLY = CONTENT_SECURITY_POLICY
else:
    SECURE_CSP = CONTENT_SECURITY_POLICY

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

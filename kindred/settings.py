"""Kindred settings: every deployment choice comes from the environment.

The defaults are safe for production (DEBUG off, secure cookies when not in
DEBUG); `make demo` sets DEBUG and the console e-mail backend explicitly.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


TRUE, FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool = False) -> bool:
    """A yes/no setting. A value it does not know stops the start: a typo
    like SECURE_COOKIES=flase must not quietly mean "no"."""
    value = os.environ.get(name)
    if value is None:
        return default
    word = value.strip().lower()
    if word not in TRUE | FALSE:
        raise ImproperlyConfigured(f"{name}={value!r}: use 1/0, true/false, yes/no or on/off.")
    return word in TRUE


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
TESTING = env_bool("KINDRED_TESTING")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
KINDRED_BASE_URL = os.environ.get("KINDRED_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    # django-ninja, so the API docs serve Swagger UI from our static files
    # (its pinned copy) rather than from a CDN the CSP rightly blocks.
    "ninja",
    "template_partials",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "kindred.lib",
    "kindred.operations",
    "kindred.accounts",
    "kindred.programs",
    "kindred.calendars",
    "kindred.profiles",
    "kindred.relationships",
    "kindred.matching",
    "kindred.notifications",
    "kindred.meetings",
    "kindred.circles",
    "kindred.officehours",
    "kindred.commitments",
    "kindred.guides",
    "kindred.messaging",
    "kindred.safety",
    "kindred.projects",
    "kindred.health",
    "kindred.development",
    "kindred.practice",
    "kindred.audit",
    "kindred.identity",
    "kindred.outcomes",
    "kindred.pages",
]
# The demo organisation's builder (`manage.py load_demo`) is for trying
# Kindred out: `make demo` and the tests ask for it, a deployment does not.
if env_bool("KINDRED_DEMO", TESTING):
    INSTALLED_APPS.append("kindred.demo")

MIDDLEWARE = [
    "kindred.lib.logs.RequestIdMiddleware",  # first: everything after logs under its id
    "kindred.lib.metrics.MetricsMiddleware",  # times all that follows, by route
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kindred.lib.middleware.LanguageResetMiddleware",
    "django.middleware.locale.LocaleMiddleware",  # the browser's language
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kindred.audit.services.AuditRequestMiddleware",
    "kindred.lib.middleware.UserTimezoneMiddleware",
    "kindred.lib.middleware.UserLanguageMiddleware",  # the person's own, over the browser's
    "django.contrib.messages.middleware.MessageMiddleware",
    "kindred.accounts.sign_in.EnrolmentMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "kindred.lib.middleware.DomainErrorMiddleware",
    "kindred.lib.middleware.DirectionOverrideMiddleware",
    # Axes must come last so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kindred.urls"
WSGI_APPLICATION = "kindred.wsgi.application"
ASGI_APPLICATION = "kindred.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "kindred" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kindred.lib.context_processors.navigation",
                "kindred.notifications.context_processors.unread",
            ],
            # Every template speaks eight languages: {% translate %} needs no load.
            "builtins": ["django.templatetags.i18n"],
        },
    },
]

# --- Database -------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'kindred.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database host that stops answering fails a request in seconds (a
    # 503 page) instead of holding the server's threads.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 5
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while a writer commits; IMMEDIATE transactions
    # take the write lock up front so concurrent workers queue instead of
    # failing with "database is locked" half-way through a transaction.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "kindred.accounts.backends.CachedModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 is deliberately slow; tests hash hundreds of passwords.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Organisation admins and programme managers who sign in with a password
# must have a second factor. Off for tests and the demo, whose managers sign
# in with a password in every browser test and tour.
TWO_FACTOR_REQUIRED_FOR_STAFF = env_bool(
    "TWO_FACTOR_REQUIRED_FOR_STAFF", not (TESTING or env_bool("KINDRED_DEMO"))
)
# Seals identity providers' client secrets (kindred.identity.secrets).
IDENTITY_ENCRYPTION_KEY = os.environ.get("IDENTITY_ENCRYPTION_KEY", "")
# The folder a scheduled roster sync may read a local file from (none: URLs only).
KINDRED_ROSTER_DIR = os.environ.get("KINDRED_ROSTER_DIR", "")
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Five failed sign-ins for the same e-mail from the same address lock it out
# for fifteen minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
# One canonical form of an address for counting failures (A@x is a@x), and
# the visitor's address as the rate limits see it (behind trusted proxies).
AXES_USERNAME_CALLABLE = "kindred.accounts.backends.attempted_email"
AXES_CLIENT_IP_CALLABLE = "kindred.lib.ratelimit.client_address"
# Reverse proxies whose X-Forwarded-For is believed (exact addresses).
TRUSTED_PROXIES = frozenset(env_list("TRUSTED_PROXIES"))
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_ENABLED = env_bool("AXES_ENABLED", True)

# --- Sessions and transport security -------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12
SESSION_EXPIRE_AT_BROWSER_CLOSE = False
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
_secure_transport = env_bool("SECURE_COOKIES", not DEBUG and not TESTING)
SESSION_COOKIE_SECURE = _secure_transport
CSRF_COOKIE_SECURE = _secure_transport
# Production serves only HTTPS: plain HTTP is redirected (the load
# balancer's health probe excepted) and browsers are told to remember that
# for a year. A deployment behind a proxy that already redirects may turn
# the redirect off; the demo and tests run on plain loopback HTTP.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _secure_transport)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(
    os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365) if _secure_transport else "0")
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Cache (rate-limit counts) -------------------------------------------
# One process counts on its own; several share a Redis (CACHE_URL=redis://…)
# so a limit holds across them.
CACHES = {
    "default": (
        {"BACKEND": "kindred.lib.cache.backend.RedisCache", "LOCATION": _cache_url}
        if (_cache_url := os.environ.get("CACHE_URL", ""))
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Sessions are read on every signed-in request. With a shared cache they
# are read from it and written through to the database (which stays the
# record, so a cache flush signs nobody out); a per-process cache would let
# one worker serve a session another had already changed, so without a
# shared cache they stay in the database alone.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if _cache_url
    else "django.contrib.sessions.backends.db"
)

# The signed-in person and their home page are cached between requests and
# invalidated when anything they show changes (kindred/lib/cache). Only with
# a shared cache, for the same reason as the sessions; the tests keep it on
# (in one process) so that every test that changes a person or reads their
# home also tests what is invalidated.
SHARED_CACHE = bool(_cache_url) or TESTING
# Each process's own copies of what it served, checked against the shared
# version (0 turns them off): see docs/performance.md for what they earn.
CACHE_LOCAL_COPIES = int(os.environ.get("CACHE_LOCAL_COPIES", "5000"))

# --- E-mail (real SMTP unless the environment says otherwise) -------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Kindred <kindred@localhost>")

# --- Background work ------------------------------------------------------
# Tests run tasks as soon as they are enqueued unless a test asks for the
# database queue and a real worker (see the welcome-mail test).
_default_tasks_backend = (
    "django_tasks.backends.immediate.ImmediateBackend"
    if TESTING
    else "django_tasks_db.DatabaseBackend"
)
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", _default_tasks_backend),
        "QUEUES": ["default"],
    }
}

# A worker's claim on the notifications it is sending lapses after this long
# without renewal (it renews before each message, so only a dead worker's
# claim lapses); failed sends wait 2, 4, 8 ... times the retry step.
NOTIFICATION_LEASE_SECONDS = float(os.environ.get("NOTIFICATION_LEASE_SECONDS", "600"))
NOTIFICATION_RETRY_SECONDS = float(os.environ.get("NOTIFICATION_RETRY_SECONDS", "60"))

# The scheduler (manage.py run_scheduler) renews its lease every third of
# this; another scheduler takes over once it has lapsed.
SCHEDULER_LEASE_SECONDS = float(os.environ.get("SCHEDULER_LEASE_SECONDS", "90"))

# /readyz fails when no task worker has answered the scheduler's heartbeat
# (asked each minute) for this long, or an e-mail has been due this long.
READY_WORKER_HEARTBEAT_SECONDS = float(os.environ.get("READY_WORKER_HEARTBEAT_SECONDS", "180"))
READY_OUTBOX_MAX_AGE_SECONDS = float(os.environ.get("READY_OUTBOX_MAX_AGE_SECONDS", "900"))

# /metrics answers a scraper that sends this token (Authorization: Bearer),
# or that connects from one of these exact addresses; with neither it is off.
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
METRICS_ALLOWED_ADDRESSES = frozenset(env_list("METRICS_ALLOWED_ADDRESSES"))
# Counts shared between processes need their folder (kindred.lib.metrics),
# which the services' units make. A command run by hand where it does not
# exist, or cannot write it, counts for itself rather than failing to start
# (prometheus-client reads this when first imported, after the settings).
_metrics_folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
if _metrics_folder and not os.access(_metrics_folder, os.W_OK):
    del os.environ["PROMETHEUS_MULTIPROC_DIR"]

# --- I18n, time -----------------------------------------------------------
LANGUAGE_CODE = "en-gb"
# Each person reads Kindred in their own language (User.language, else the
# browser's Accept-Language); what is sent to them is written in theirs.
LANGUAGES = [
    ("en-gb", "English"),
    ("es", "Español"),
    ("fr", "Français"),
    ("de", "Deutsch"),
    ("pt-br", "Português (Brasil)"),
    ("ja", "日本語"),
    ("hi", "हिन्दी"),
    ("ar", "العربية"),
]
LOCALE_PATHS = [BASE_DIR / "kindred" / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------
STATIC_URL = "static/"
# Where collectstatic writes and WhiteNoise serves from.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "kindred" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
KINDRED_IMPORT_MAX_BYTES = 8 * 1024 * 1024
# Addresses people type (calendar feeds) are fetched only from public
# networks; loopback is allowed for the test suite's own servers.
KINDRED_FETCH_ALLOW_LOOPBACK = env_bool("KINDRED_FETCH_ALLOW_LOOPBACK", TESTING)
KINDRED_IMPORT_MAX_ROWS = 50_000

# Matching budgets. A run that reaches one is kept with the best assignment
# found, says in words how far it is from proven, and is published only when
# a manager confirms (and `manage.py match` exits non-zero without
# --accept-gap). Candidates per mentee trade the flow's size for rounds.
KINDRED_MATCHING_TIME_BUDGET_SECONDS = float(
    os.environ.get("KINDRED_MATCHING_TIME_BUDGET_SECONDS", "300")
)
KINDRED_MATCHING_MEMORY_BUDGET_MB = int(os.environ.get("KINDRED_MATCHING_MEMORY_BUDGET_MB", "3072"))
KINDRED_MATCHING_MAX_ROUNDS = int(os.environ.get("KINDRED_MATCHING_MAX_ROUNDS", "60"))
KINDRED_MATCHING_CANDIDATES_PER_MENTEE = int(
    os.environ.get("KINDRED_MATCHING_CANDIDATES_PER_MENTEE", "24")
)

NINJA_PAGINATION_PER_PAGE = 50

# LOG_FORMAT=json writes one JSON object per line (kindred/lib/logs.py);
# every line carries the request id that started the work.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "kindred.lib.logs.RequestIdFilter"},
        "no_paths": {"()": "kindred.lib.logs.NoPathsFilter"},
    },
    "formatters": {
        "json": {"()": "kindred.lib.logs.JsonFormatter"},
        "text": {
            "()": "kindred.lib.logs.TextFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id", "no_paths"],
            "formatter": "json" if os.environ.get("LOG_FORMAT") == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint tells each step of every PDF at INFO: its warnings are enough.
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}},
}

"""Settings for the claims desk: one file, driven by environment variables.

Every value comes through a small typed helper that stops start-up with a message naming the
variable when its value cannot be used. The defaults give a developer desk that needs no
servers: SQLite in ./var and Kombu's filesystem transport as the broker. Production switches
by variables (see README.md), never by extra settings files.
"""

from __future__ import annotations

import os
import re
import ssl
from pathlib import Path
from urllib.parse import unquote, urlsplit

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured

from claims.lookups import conf as lookup_conf  # the lookups' defaults, written once there

# Generic Django classes (ModelAdmin[Claim], ModelChoiceField[Rating]) can be subscripted at run
# time, as the type checker reads them.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (got {raw!r}).")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number (got {raw!r}).") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum} (got {value}).")
    return value


def env_float(name: str, default: float, *, minimum: float = 0.0) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number (got {raw!r}).") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum} (got {value}).")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, default: str, *, choices: tuple[str, ...]) -> str:
    raw = os.environ.get(name, default)
    if raw not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)} (got {raw!r}).")
    return raw


def env_url(name: str, default: str, *, schemes: tuple[str, ...]) -> str:
    raw = os.environ.get(name, default)
    parts = urlsplit(raw)
    if parts.scheme not in schemes:
        allowed = ", ".join(f"{s}://" for s in schemes)
        raise ImproperlyConfigured(f"{name} must start with one of {allowed} (got {raw!r}).")
    return raw


# --- Core -------------------------------------------------------------------------------------

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Only ever used with DEBUG on; check --deploy flags it if it leaks into production.
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_url("SITE_URL", "http://127.0.0.1:8000", schemes=("http", "https")).rstrip("/")
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # runserver serves static files through WhiteNoise (as production does), not through
    # Django's static handler, which answers a path outside the folder with a 500.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.forms",
    "django_htmx",
    "template_partials",
    "axes",
    "foundation",
    "claims",
    "reviews",
    "webhooks",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "foundation.middleware.SecurityHeadersMiddleware",
    # Before CommonMiddleware, so that the 400 answer to an unknown host is framed-protected too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "foundation.middleware.RequestSanityMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "foundation.middleware.DeskLoginRequiredMiddleware",
    "foundation.middleware.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Last: it answers a locked-out login attempt (see "Login throttling" below).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
FORM_RENDERER = "foundation.rendering.DeskFormRenderer"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "reviews.context_processors.notifications",
            ],
            "string_if_invalid": "",
        },
    },
]

# --- Database ---------------------------------------------------------------------------------

DATABASE_URL = env_url(
    "DATABASE_URL",
    f"sqlite:///{VAR_DIR / 'desk.sqlite3'}",
    schemes=("sqlite", "postgres", "postgresql"),
)
DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers run beside the single writer; IMMEDIATE takes the write lock at BEGIN so
    # concurrent writers queue on the timeout instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_TIMEOUT", 20, minimum=1),
    }
    # A file, not memory, so a real worker process can share the test database.
    test_name = Path(DATABASES["default"]["NAME"]).with_suffix("").name + "-test.sqlite3"
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / test_name)}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 60, minimum=0)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env_int(
        "DB_CONNECT_TIMEOUT", 5, minimum=1
    )
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------------------------

# A shared cache (Redis) lets every web process reuse sessions and permission sets. The default
# local-memory cache is private to one process, so nothing that must stay consistent across
# processes is cached there.
CACHE_URL = env_url("CACHE_URL", "locmem://", schemes=("locmem", "redis", "rediss"))
SHARED_CACHE = not CACHE_URL.startswith("locmem")
if SHARED_CACHE:
    CACHES = {
        "default": {
            # Redis, but an unreachable or hung Redis is a cache miss, never an error page.
            "BACKEND": "foundation.faults.ResilientRedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "desk",
            "OPTIONS": {
                "socket_connect_timeout": env_float("CACHE_SOCKET_TIMEOUT", 1.0, minimum=0.1),
                "socket_timeout": env_float("CACHE_SOCKET_TIMEOUT", 1.0, minimum=0.1),
            },
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Auth -------------------------------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out login before the password check
    "foundation.backends.CachedPermissionsBackend",
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "claims:list"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one user name
# from one address, that pair is locked out for the cool-off; a right password resets the count.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_float("LOGIN_COOLOFF_MINUTES", 15.0, minimum=0.01) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "claims.views.auth.locked_out"
AXES_CLIENT_IP_CALLABLE = "foundation.middleware.client_ip"
AXES_VERBOSE = False

# --- Internationalisation ---------------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ru", "Русский"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
if DEBUG:
    # WhiteNoise warns about a missing STATIC_ROOT; in development collectstatic never runs.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
# Large exports are written here by a worker and downloaded through the web: with several
# machines, point MEDIA_ROOT at storage they share.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"  # never served directly: downloads go through a view that checks access
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Security ---------------------------------------------------------------------------------

# Behind a TLS-terminating proxy that sets X-Forwarded-Proto and appends the client's address
# to X-Forwarded-For (see README "Production"); never trust those headers otherwise.
BEHIND_HTTPS_PROXY = env_bool("BEHIND_HTTPS_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_HTTPS_PROXY else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers check it over plain HTTP
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", SECURE_HSTS_SECONDS > 0)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "foundation.errors.csrf_failure"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2500  # the article picks page sends 8 fields a proposed claim

# --- Celery -----------------------------------------------------------------------------------

CELERY_BROKER_URL = env_url(
    "CELERY_BROKER_URL", "filesystem://localhost/", schemes=("filesystem", "redis", "rediss")
)
BROKER_SOCKET_TIMEOUT = env_float("BROKER_SOCKET_TIMEOUT", 3.0, minimum=0.1)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 120, minimum=5)
if CELERY_BROKER_URL.startswith("filesystem"):
    _broker_dir = Path(env_str("BROKER_DIR", str(VAR_DIR / "broker")))
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
        # Kombu polls the folder; its 1 s default caps a worker at a couple of tasks a second.
        "polling_interval": 0.05,
    }
    # kombu's filesystem transport, mended so that a reader never takes a half-written message
    # (see config/filesystem_broker.py).
    CELERY_BROKER_TRANSPORT = "config.filesystem_broker:Transport"
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # A Redis that accepts connections but never answers must not hang a web request.
        "socket_connect_timeout": BROKER_SOCKET_TIMEOUT,
        "socket_timeout": BROKER_SOCKET_TIMEOUT,
        "retry_on_timeout": False,
        # Unacked tasks are redelivered after this; every hard time limit stays well under it.
        "visibility_timeout": max(3600, CELERY_TASK_TIME_LIMIT * 10),
    }
    # Lets several desks (or test runs) share one Redis without taking each other's tasks.
    if _prefix := env_str("BROKER_KEY_PREFIX"):
        CELERY_BROKER_TRANSPORT_OPTIONS["global_keyprefix"] = _prefix
    # kombu's Redis transport, mended to reconnect after losing Redis (see config/broker.py).
    CELERY_BROKER_TRANSPORT = "config.broker:Transport"
    if CELERY_BROKER_URL.startswith("rediss"):
        # Named by its class the transport no longer sees the scheme; TLS is asked for here,
        # with the certificate checked (kombu's own default for rediss:// checks nothing).
        CELERY_BROKER_USE_SSL = {"ssl_cert_reqs": ssl.CERT_REQUIRED}
CELERY_BROKER_CONNECTION_TIMEOUT = BROKER_SOCKET_TIMEOUT
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
# The soft limit leaves a task time to note its failure before the hard limit kills it: 10 s,
# or a fifth of a short limit.
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - min(10, max(1, CELERY_TASK_TIME_LIMIT // 5))
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# A web request that publishes while the broker is down gives up quickly; the outbox sweeper
# re-enqueues whatever was owed once the broker is back.
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_WORKER_CONCURRENCY = env_int("CELERY_WORKER_CONCURRENCY", 2, minimum=1)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
SWEEP_INTERVAL_SECONDS = env_int("SWEEP_INTERVAL_SECONDS", 30, minimum=1)
# Beat looks for followed sources due this often; each source has its own interval.
FOLLOW_BEAT_SECONDS = env_int("FOLLOW_BEAT_SECONDS", 60, minimum=1)
SWEEP_GRACE_SECONDS = env_int("SWEEP_GRACE_SECONDS", 60, minimum=1)
# A running export whose progress has not moved for this long lost its worker.
EXPORT_STALL_SECONDS = env_int("EXPORT_STALL_SECONDS", 300, minimum=5)
CELERY_BEAT_SCHEDULE = {
    # Re-sends every kind of owed background work (foundation.background).
    "resend-owed-work": {
        "task": "foundation.tasks.resend_owed",
        "schedule": float(SWEEP_INTERVAL_SECONDS),
    },
    # Sends a poll for every followed source that is due (claims.monitoring).
    "poll-followed-sources": {
        "task": "claims.monitoring.tasks.poll_due",
        "schedule": float(FOLLOW_BEAT_SECONDS),
    },
    # The morning list by e-mail, for the members who asked (claims.monitoring.digest).
    "send-morning-emails": {
        "task": "claims.monitoring.tasks.send_morning_emails",
        "schedule": 600.0,
    },
    # Re-checks: review-by dates come, and the lookups behind published verdicts re-run.
    "rechecks-scan": {
        "task": "reviews.tasks.rechecks_scan",
        "schedule": float(env_int("RECHECK_SCAN_INTERVAL_SECONDS", 3600, minimum=60)),
    },
    # The daily digest of unread notifications, for the members who asked (reviews.digest).
    "send-notification-digests": {
        "task": "reviews.tasks.send_notification_digests",
        "schedule": 600.0,
    },
    # Readers' e-mail addresses past READERS_RETENTION_DAYS are deleted (claims.readers).
    "forget-readers": {
        "task": "claims.tasks.readers_forget",
        "schedule": 3600.0,
    },
}
# A prediction that names no date is suggested a re-check this many months after it was said.
RECHECK_DEFAULT_MONTHS = env_int("RECHECK_DEFAULT_MONTHS", 6, minimum=1)
# How often the lookups and cited pages behind a published verdict are looked at again.
RECHECK_WATCH_INTERVAL_DAYS = env_int("RECHECK_WATCH_INTERVAL_DAYS", 30, minimum=1)

# --- Source lookups ---------------------------------------------------------------------------


def env_rates(name: str, default: dict[str, str]) -> dict[str, str]:
    """provider=rate pairs, e.g. "factcheck=10/m,wikipedia=60/m" (Celery rate strings); an empty
    rate ("factcheck=") means no limit."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    rates = dict(default)
    for pair in filter(None, (p.strip() for p in raw.split(","))):
        key, _, rate = pair.partition("=")
        if not key or not re.fullmatch(r"(\d+(\.\d+)?(/[smh])?)?", rate.strip()):
            raise ImproperlyConfigured(f"{name} must look like provider=10/m,... (got {pair!r}).")
        rates[key.strip()] = rate.strip()
    return rates


# Empty: every provider. Names: factcheck, wikipedia, wikidata, wayback, worldbank, pagemeta,
# archive. The other lookup settings have their defaults (and what each means) written once, in
# claims/lookups/conf.py; here each is read from the environment variable of the same name.
LOOKUPS_PROVIDERS = env_list("LOOKUPS_PROVIDERS", [])
_LOOKUPS = lookup_conf.DEFAULTS
LOOKUPS_ALLOW_PRIVATE_ADDRESSES = env_bool(
    "LOOKUPS_ALLOW_PRIVATE_ADDRESSES", _LOOKUPS["LOOKUPS_ALLOW_PRIVATE_ADDRESSES"]
)
LOOKUPS_ALLOWED_TEST_HOSTS = env_list(
    "LOOKUPS_ALLOWED_TEST_HOSTS", _LOOKUPS["LOOKUPS_ALLOWED_TEST_HOSTS"]
)
LOOKUPS_USER_AGENT = env_str("LOOKUPS_USER_AGENT", _LOOKUPS["LOOKUPS_USER_AGENT"])
LOOKUPS_TIMEOUT = env_float("LOOKUPS_TIMEOUT", _LOOKUPS["LOOKUPS_TIMEOUT"], minimum=0.5)
LOOKUPS_MAX_BYTES = env_int("LOOKUPS_MAX_BYTES", _LOOKUPS["LOOKUPS_MAX_BYTES"], minimum=10_000)
LOOKUPS_MAX_REDIRECTS = env_int(
    "LOOKUPS_MAX_REDIRECTS", _LOOKUPS["LOOKUPS_MAX_REDIRECTS"], minimum=0
)
LOOKUPS_RATE_LIMITS = env_rates("LOOKUPS_RATE_LIMITS", _LOOKUPS["LOOKUPS_RATE_LIMITS"])
_HTTP = ("http", "https")
FACTCHECK_API_URL = env_url("FACTCHECK_API_URL", _LOOKUPS["FACTCHECK_API_URL"], schemes=_HTTP)
WIKIPEDIA_API_URL = env_url("WIKIPEDIA_API_URL", _LOOKUPS["WIKIPEDIA_API_URL"], schemes=_HTTP)
WIKIDATA_API_URL = env_url("WIKIDATA_API_URL", _LOOKUPS["WIKIDATA_API_URL"], schemes=_HTTP)
WAYBACK_CDX_URL = env_url("WAYBACK_CDX_URL", _LOOKUPS["WAYBACK_CDX_URL"], schemes=_HTTP)
WAYBACK_AVAILABILITY_URL = env_url(
    "WAYBACK_AVAILABILITY_URL", _LOOKUPS["WAYBACK_AVAILABILITY_URL"], schemes=_HTTP
)
WAYBACK_SAVE_URL = env_url("WAYBACK_SAVE_URL", _LOOKUPS["WAYBACK_SAVE_URL"], schemes=_HTTP)
WORLDBANK_API_URL = env_url("WORLDBANK_API_URL", _LOOKUPS["WORLDBANK_API_URL"], schemes=_HTTP)
FACTCHECK_API_KEY = env_str("FACTCHECK_API_KEY")
WAYBACK_ACCESS_KEY = env_str("WAYBACK_ACCESS_KEY")
WAYBACK_SECRET_KEY = env_str("WAYBACK_SECRET_KEY")

# --- Followed sources (claims/monitoring) ----------------------------------------------------

# A poll or a page read holding its host longer than this lost its worker.
FOLLOW_LEASE_SECONDS = env_int("FOLLOW_LEASE_SECONDS", 300, minimum=5)
# Politeness: one request at a time to a host, and at least this long between two.
FOLLOW_HOST_INTERVAL_SECONDS = env_float("FOLLOW_HOST_INTERVAL_SECONDS", 2.0)
FOLLOW_MAX_FEED_BYTES = env_int("FOLLOW_MAX_FEED_BYTES", 10_000_000, minimum=10_000)
FOLLOW_SITEMAP_CHILDREN = env_int("FOLLOW_SITEMAP_CHILDREN", 3, minimum=1)  # of an index
FOLLOW_MAX_NEW_ITEMS = env_int("FOLLOW_MAX_NEW_ITEMS", 200, minimum=1)  # read per poll
FOLLOW_PAUSE_AFTER_FAILURES = env_int("FOLLOW_PAUSE_AFTER_FAILURES", 8, minimum=1)
FOLLOW_PROPOSALS_PER_ARTICLE = env_int("FOLLOW_PROPOSALS_PER_ARTICLE", 10, minimum=1)
FOLLOW_READ_ATTEMPTS = env_int("FOLLOW_READ_ATTEMPTS", 3, minimum=1)

# --- E-mail -----------------------------------------------------------------------------------

# smtp://user:password@host:587 sends with STARTTLS (smtp+insecure:// without it, for a local
# relay), smtps://…:465 over TLS. Unset: messages are written to the worker's output (console).
# Messages are queued in foundation.OutgoingMail and sent by the worker, never in a request.
EMAIL_URL = env_str("EMAIL_URL")
if EMAIL_URL:
    _mail = urlsplit(EMAIL_URL)
    if _mail.scheme not in ("smtp", "smtps", "smtp+insecure") or not _mail.hostname:
        raise ImproperlyConfigured(
            "EMAIL_URL must look like smtp://user:password@host:587 (or smtps://, smtp+insecure://)."
        )
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _mail.hostname
    EMAIL_PORT = _mail.port or (465 if _mail.scheme == "smtps" else 587)
    EMAIL_HOST_USER = unquote(_mail.username or "")
    EMAIL_HOST_PASSWORD = unquote(_mail.password or "")
    EMAIL_USE_SSL = _mail.scheme == "smtps"
    EMAIL_USE_TLS = _mail.scheme == "smtp"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Claims desk <desk@localhost>")
MAIL_ATTEMPTS = env_int("MAIL_ATTEMPTS", 8, minimum=1)  # then the message is marked failed
# The morning list is e-mailed (to members who asked) from this hour, in TIME_ZONE.
MORNING_EMAIL_HOUR = env_int("MORNING_EMAIL_HOUR", 7, minimum=0)

# --- Webhooks (webhooks/) ---------------------------------------------------------------------

# One delivery: the whole POST, connection to answer, within this many seconds.
WEBHOOK_TIMEOUT = env_float("WEBHOOK_TIMEOUT", 10.0, minimum=0.1)
# A delivery is retried with backoff for this long after its event; then it is marked failed.
# An endpoint whose deliveries have failed for this long without one success is paused.
WEBHOOK_RETRY_FOR_SECONDS = env_int("WEBHOOK_RETRY_FOR_SECONDS", 24 * 3600, minimum=1)
# The first retry waits this long, each next one twice as long, at most WEBHOOK_BACKOFF_MAX_SECONDS.
WEBHOOK_BACKOFF_SECONDS = env_int("WEBHOOK_BACKOFF_SECONDS", 30, minimum=1)
WEBHOOK_BACKOFF_MAX_SECONDS = env_int("WEBHOOK_BACKOFF_MAX_SECONDS", 3600, minimum=1)
# A worker holds a delivery this long past its timeout; a killed worker's delivery is then owed.
WEBHOOK_LEASE_SECONDS = env_int("WEBHOOK_LEASE_SECONDS", 60, minimum=1)

# --- Desk -------------------------------------------------------------------------------------

# Who publishes the fact-checks: the author of every ClaimReview and of the public pages.
DESK_ORGANISATION_NAME = env_str("DESK_ORGANISATION_NAME", "Claims desk")
DESK_ORGANISATION_URL = env_url("DESK_ORGANISATION_URL", SITE_URL, schemes=("http", "https"))
API_RATE_LIMIT = env_int("API_RATE_LIMIT", 120, minimum=1)  # requests a minute per address
API_TOKEN_RATE_LIMIT = env_int("API_TOKEN_RATE_LIMIT", 60, minimum=1)  # a minute per token
# Each web process loads the matching model and builds its index as it starts (config/wsgi.py).
MATCHING_WARM = env_bool("MATCHING_WARM", True)

CLAIM_TEXT_MAX_LENGTH = 2000
CLAIMS_PER_PAGE = env_int("CLAIMS_PER_PAGE", 25, minimum=5)

# --- Readers' submissions ---------------------------------------------------------------------

# The account that files the claims readers ask about (inactive, no password, no permissions).
READERS_ACCOUNT = env_str("READERS_ACCOUNT", "from-readers")
# Submissions a minute from one address, and from everyone together (a 429 above either).
READERS_RATE_PER_ADDRESS = env_int("READERS_RATE_PER_ADDRESS", 5, minimum=1)
READERS_RATE_GLOBAL = env_int("READERS_RATE_GLOBAL", 600, minimum=1)
# Readers' e-mail addresses (and the keyed hash of their address) are deleted after this many
# days; what they asked stays.
READERS_RETENTION_DAYS = env_int("READERS_RETENTION_DAYS", 90, minimum=1)

# --- Logging ----------------------------------------------------------------------------------

_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {
        "handlers": ["console"],
        "level": env_choice("LOG_LEVEL", "INFO", choices=_LOG_LEVELS),
    },
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Axes logs every login at INFO; lockouts (WARNING) are what an operator needs.
        "axes": {"level": "WARNING"},
        # Requests for other host names are answered 400; scanners send many, none is ours.
        "django.security.DisallowedHost": {"handlers": [], "propagate": False},
    },
}

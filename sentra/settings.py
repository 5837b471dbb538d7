"""Sentra settings: one module, configured by environment variables only."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from sentra.core.datadir import default_data_dir
from sentra.core.keys import keys_load

BASE_DIR = Path(__file__).resolve().parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


# Production is the default: development mode (DEBUG, tracebacks, the URL list on 404) is an
# explicit opt-in with SENTRA_DEBUG=1 or SENTRA_ENV=development.
SENTRA_ENV = env_str("SENTRA_ENV", "production")
DEBUG = env_bool("SENTRA_DEBUG", default=SENTRA_ENV == "development")
PRODUCTION = not DEBUG
# HTTPS-only settings (secure cookies, HSTS, the redirect) once the app sits behind TLS;
# until then plain http://127.0.0.1 and http://localhost keep working.
BEHIND_TLS = env_bool("SENTRA_BEHIND_TLS", default=False)

DATA_DIR = default_data_dir()
DATA_DIR.mkdir(parents=True, exist_ok=True)
KEYS = keys_load(DATA_DIR)
SENTRA_DATA_KEY_FROM_ENV = KEYS.data_key_from_env
SECRET_KEY = KEYS.secret_key
# Key for protected personal fields (NIK, phone): the first encrypts and keys the look-up
# digests; retired keys only decrypt (data written before a rotation finished).
SENTRA_DATA_KEY = KEYS.data_key
SENTRA_DATA_KEYS_RETIRED: list[str] = list(KEYS.retired)

ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", *env_list("SENTRA_ALLOWED_HOSTS")]
CSRF_TRUSTED_ORIGINS = env_list("SENTRA_CSRF_TRUSTED_ORIGINS")
# Reverse proxies whose X-Forwarded-For is believed (addresses, comma-separated). Without
# one, the client address is REMOTE_ADDR: a client sets X-Forwarded-For to anything it likes.
SENTRA_TRUSTED_PROXIES = env_list("SENTRA_TRUSTED_PROXIES")

# The deployment's home region (Kemendagri code); Kabupaten Lebak by default.
SENTRA_HOME_REGION = env_str("SENTRA_HOME_REGION", "36.02")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    # Background jobs (long web imports): Django 6's Tasks API (backport) with its database
    # backend; `sentra db_worker` runs them, `sentra serve` starts one beside gunicorn.
    "django_tasks",
    "django_tasks_db",
    "sentra.core",
    "sentra.accounts",
    "sentra.regions",
    "sentra.registry",
    "sentra.exchange",
    "sentra.programs",
    "sentra.market",
    "sentra.siinas",
    "sentra.insights",
    "sentra.api",
    "sentra.demo",
    # Django Ninja's templates and static files: its interactive API documentation is then
    # served from Sentra's own static files (Swagger UI), never from a CDN.
    "ninja",
]

# Later apps add to earlier ones without being imported by them (dependencies point one way):
# the unit page shows each SENTRA_UNIT_PANELS panel (dotted paths to callables).
SENTRA_UNIT_PANELS: list[str] = [
    "sentra.programs.panels.unit_programs_panel",
    "sentra.market.panels.unit_market_panel",
    "sentra.siinas.panels.unit_siinas_panel",
]
# The owner's own page (/usaha-saya/) shows each SENTRA_OWNER_PANELS panel, called as
# `panel(request, units)` and returning {"key", "title", "html"} (key "inquiries": the market's
# buyer inquiries).
SENTRA_OWNER_PANELS: list[str] = [
    "sentra.programs.panels.owner_programs_panel",
    "sentra.market.panels.owner_inquiries_panel",
]
# After a unit, yearly report or certificate write commits, registry services call each hook
# as `hook(unit_ids=[...])` (dotted paths), e.g. to keep pre-aggregated statistics in step.
SENTRA_REPORT_CHANGE_HOOKS: list[str] = ["sentra.insights.refresh.stats_on_registry_change"]
# A person's data export (UU PDP) gathers what later apps hold: `fn(person=, units=) -> dict`.
SENTRA_PRIVACY_EXPORT_EXTENSIONS: list[str] = ["sentra.programs.privacy.person_participations"]
# `sentra privacy retention` runs each job as `fn(now=) -> {what: rows deleted}`.
SENTRA_RETENTION_JOBS: list[str] = [
    "sentra.accounts.throttle.login_attempts_retention",
    "sentra.registry.services.privacy.reveal_logs_retention",
    "sentra.exchange.uploads.uploads_retention",
    "sentra.exchange.jobs.task_results_retention",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "sentra.core.middleware.FailureMiddleware",  # machine failures → 503, not 500
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sentra.core.middleware.LanguageMiddleware",
    "sentra.api.middleware.ApiLanguageMiddleware",  # /api/ also honours Accept-Language
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "sentra.accounts.middleware.SessionTimeoutMiddleware",  # 30 min idle, 12 h absolute
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# Requests per minute per API token (or per address for anonymous API calls), counted in the
# database so that every process of a deployment shares the count.
SENTRA_API_RATE_LIMIT = env_int("SENTRA_API_RATE_LIMIT", 120)

ROOT_URLCONF = "sentra.urls"
WSGI_APPLICATION = "sentra.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

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
                "django.template.context_processors.i18n",
                "csp.context_processors.nonce",
                "sentra.accounts.context_processors.policy",
            ],
        },
    }
]

DEFAULT_DATABASE_URL = f"sqlite:///{DATA_DIR / 'sentra.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", DEFAULT_DATABASE_URL),
        conn_max_age=env_int("SENTRA_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # One regency on a laptop: WAL lets readers run beside the writer, the busy timeout waits
    # for the lock instead of failing, and IMMEDIATE transactions take the write lock up front
    # so two writers never deadlock on a lock upgrade.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
    # A file (not :memory:) so that browser tests' live server shares it; one per process so
    # that parallel test runs never share a database.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / f"test-sentra-{os.getpid()}.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The job queue lives in the database, so a worker on any app host takes any job.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# PostgreSQL streaming replicas for read-only traffic (comma-separated URLs), aliases
# replica_1, replica_2, … (docs/deployment.md). Writes, transactions, commands and the worker
# use the primary; a client that just wrote reads from the primary for SENTRA_REPLICA_PIN_SECONDS;
# a replica more than SENTRA_REPLICA_MAX_LAG_SECONDS behind is skipped. None: nothing changes.
SENTRA_DATABASE_REPLICAS: list[str] = []
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    _alias = f"replica_{_number}"
    DATABASES[_alias] = dj_database_url.parse(_url, conn_max_age=env_int("SENTRA_CONN_MAX_AGE", 0))
    # Tests create no database on a replica: the alias reads the primary's test database.
    DATABASES[_alias]["TEST"] = {"MIRROR": "default"}
    SENTRA_DATABASE_REPLICAS.append(_alias)
SENTRA_REPLICA_MAX_LAG_SECONDS = env_int("SENTRA_REPLICA_MAX_LAG_SECONDS", 5)
SENTRA_REPLICA_CHECK_SECONDS = env_int("SENTRA_REPLICA_CHECK_SECONDS", 1)
# Longer than the allowed lag plus a check's age, so the writer never reads an older copy.
SENTRA_REPLICA_PIN_SECONDS = env_int(
    "SENTRA_REPLICA_PIN_SECONDS",
    SENTRA_REPLICA_MAX_LAG_SECONDS + SENTRA_REPLICA_CHECK_SECONDS + 10,
)
if SENTRA_DATABASE_REPLICAS:
    from django.core.exceptions import ImproperlyConfigured

    if not DATABASES["default"]["ENGINE"].endswith("postgresql"):
        # Before Django starts there is no translation: the operator's message in Indonesian.
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URLS memerlukan PostgreSQL di DATABASE_URL (replika streaming "
            "adalah fitur PostgreSQL; SQLite tidak punya replika)."
        )
    if SENTRA_REPLICA_PIN_SECONDS <= SENTRA_REPLICA_MAX_LAG_SECONDS + SENTRA_REPLICA_CHECK_SECONDS:
        raise ImproperlyConfigured(
            "SENTRA_REPLICA_PIN_SECONDS harus lebih besar dari SENTRA_REPLICA_MAX_LAG_SECONDS "
            "ditambah SENTRA_REPLICA_CHECK_SECONDS; jika tidak, pengguna bisa tidak melihat "
            "data yang baru disimpannya."
        )
    DATABASE_ROUTERS = ["sentra.core.replicas.ReplicaRouter"]
    # First: every later middleware (sessions, authentication) already reads through it.
    MIDDLEWARE.insert(0, "sentra.core.replicas.ReplicaReadsMiddleware")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "sentra.accounts.passwords.IndonesianPatternValidator"},
    {"NAME": "sentra.accounts.passwords.BreachedPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "sentra.core.storage.StaticStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# `sentra serve` collects the static files first; before that (a command rendering a
# report, the test server) they are found and served by their plain names.
WHITENOISE_USE_FINDERS = True
# Source maps (megabytes in the vendored API documentation) serve developers' tools only;
# compressing them made every `sentra serve` start take about 40 s.
from whitenoise.compress import Compressor  # noqa: E402 - a settings value built from it

WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]
# Uploads waiting for their import (encrypted). Several app hosts behind one load balancer
# need this folder on shared storage: any host's worker may take the job.
MEDIA_ROOT = Path(env_str("SENTRA_MEDIA_ROOT") or DATA_DIR / "media")
# Uploads are capped while they arrive; larger ones spool here (swept by the retention job).
FILE_UPLOAD_HANDLERS = [
    "sentra.core.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_TEMP_DIR = DATA_DIR / "tmp"
FILE_UPLOAD_TEMP_DIR.mkdir(mode=0o700, exist_ok=True)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 12 * 60 * 60  # the absolute session limit (see accounts.middleware)
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# No inline script or style anywhere: every script is a static file; a <style> or <script>
# that must stay inline carries the request's nonce ({{ CSP_NONCE }}). Nothing is loaded from
# another origin (Chart.js and Leaflet are vendored), so 'self' is the whole list.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Browser features Sentra never uses are switched off for every page.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}
if BEHIND_TLS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SENTRA_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SENTRA_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
else:
    # Plain HTTP on a laptop or an office network: `check --deploy` would warn about the
    # HTTPS settings above, which would break http://127.0.0.1 (see docs/security.md).
    SILENCED_SYSTEM_CHECKS = ["security.W004", "security.W008", "security.W012", "security.W016"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("SENTRA_LOG_LEVEL", "INFO")},
    # WeasyPrint reports every rendering step and fontTools every font subset at INFO: noise
    # on the console of `sentra report` and the server. Their warnings still show.
    "loggers": {
        name: {"level": "WARNING"} for name in ("weasyprint", "weasyprint.progress", "fontTools")
    },
}

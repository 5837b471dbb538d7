"""Sentra settings: one module, configured by environment variables only."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

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


SENTRA_ENV = env_str("SENTRA_ENV", "development")
PRODUCTION = SENTRA_ENV == "production"
DATA_DIR = Path(env_str("SENTRA_DATA_DIR", str(Path.cwd() / "var"))).resolve()

SECRET_KEY = env_str("SENTRA_SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SENTRA_SECRET_KEY must be set when SENTRA_ENV=production.")
    SECRET_KEY = "django-insecure-development-only-key-not-for-production-use"  # noqa: S105

# Key for protected personal fields (NIK). Changing it makes stored NIKs unreadable.
SENTRA_DATA_KEY = env_str("SENTRA_DATA_KEY")
if not SENTRA_DATA_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SENTRA_DATA_KEY must be set when SENTRA_ENV=production.")
    SENTRA_DATA_KEY = SECRET_KEY

DEBUG = env_bool("SENTRA_DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env_list("SENTRA_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("SENTRA_CSRF_TRUSTED_ORIGINS")

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
# `panel(request, units)` and returning {"key", "title", "html"}. The key "inquiries" is kept
# for the market app's buyer inquiries (the page shows a marked place until it exists).
SENTRA_OWNER_PANELS: list[str] = ["sentra.programs.panels.owner_programs_panel"]
# After a unit, yearly report or certificate write commits, registry services call each hook
# as `hook(unit_ids=[...])` (dotted paths), e.g. to keep pre-aggregated statistics in step.
SENTRA_REPORT_CHANGE_HOOKS: list[str] = ["sentra.insights.refresh.stats_on_registry_change"]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
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

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
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
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = DATA_DIR / "media"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # also creates DATA_DIR for SQLite

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
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SENTRA_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SENTRA_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

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

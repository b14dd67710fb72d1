"""The one settings module. Everything that differs per deployment comes from the environment."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise RuntimeError(f"Environment variable {name} must be set")
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise RuntimeError(f"Environment variable {name} must be a boolean, not {value!r}")


def env_list(name: str, default: str | None) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_choice(name: str, choices: dict[str, str], default: str) -> str:
    """The value `choices` gives for the environment variable's key."""
    key = env_str(name, default).strip().lower()
    if key not in choices:
        raise RuntimeError(
            f"Environment variable {name} must be one of {', '.join(choices)}, not {key!r}"
        )
    return choices[key]


# `mijlpaal production` sets MIJLPAAL_PRODUCTION: gunicorn, whitenoise, DEBUG off, secure
# defaults, and no fallbacks for what a real site must set (SECRET_KEY, ALLOWED_HOSTS, SITE_URL).
PRODUCTION = env_bool("MIJLPAAL_PRODUCTION", False)
DEBUG = env_bool("DEBUG", False) and not PRODUCTION
# Without SECRET_KEY the development server runs with a fixed development key.
# The "django-insecure-" prefix makes `check --deploy` refuse this key in production.
SECRET_KEY = env_str(
    "SECRET_KEY",
    None if PRODUCTION else "django-insecure-mijlpaal-development-key-set-SECRET_KEY-in-production",
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", None if PRODUCTION else "127.0.0.1,localhost,testserver")
SITE_URL = env_str("SITE_URL", None if PRODUCTION else "http://127.0.0.1:8000")
_site = urlsplit(SITE_URL)
CSRF_TRUSTED_ORIGINS = env_list(
    "CSRF_TRUSTED_ORIGINS",
    f"{_site.scheme}://{_site.netloc},http://127.0.0.1:8000,http://localhost:8000",
)

INSTALLED_APPS = [
    "mijlpaal.accounts",
    "mijlpaal.plans",
    "mijlpaal.responsibilities",
    "mijlpaal.charts",
    "mijlpaal.workbook",
    "mijlpaal.monitoring",
    "mijlpaal.indicators",
    "mijlpaal.budget",
    "mijlpaal.operations",
    "mijlpaal.decisions",
    "mijlpaal.feeds",
    "mijlpaal.api",
    # django-ninja: its docs page then loads Swagger UI from our static files, not a CDN.
    "ninja",
    "mijlpaal.msproject",
    "mijlpaal.reports",
    "mijlpaal.portfolio",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files in production (hashed names, gzip and brotli); `mijlpaal serve` serves them
    # itself.
    *(["whitenoise.middleware.WhiteNoiseMiddleware"] if PRODUCTION else []),
    "django.contrib.sessions.middleware.SessionMiddleware",
    "mijlpaal.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "mijlpaal.middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last: it answers a locked-out login with the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mijlpaal.urls"
WSGI_APPLICATION = "mijlpaal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{PROJECT_DIR / 'var' / 'mijlpaal.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Only a SQLite database makes a folder (var/ by default): an installed package with
    # PostgreSQL writes nothing next to its code.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Concurrent use: readers do not wait for a writer (WAL), a writer takes the lock when its
    # transaction begins (IMMEDIATE) and waits for another writer up to `timeout` seconds instead
    # of failing with "database is locked" halfway through.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Tests use a file too: an in-memory database shares one lock in a way no server does.
    DATABASES["default"]["TEST"] = {"NAME": str(PROJECT_DIR / "var" / "test.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses logins while an account or address is locked
    "django.contrib.auth.backends.ModelBackend",
]
# Wrong passwords: after LOGIN_FAILURE_LIMIT tries for one account, or from one address, logins
# for it wait LOGIN_COOLOFF_MINUTES; the lockout page offers a password reset. One address may be
# a whole school behind one router, so the limit is not too tight.
AXES_FAILURE_LIMIT = int(env_str("LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(env_str("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# The login form's field is called "username", although it holds the e-mail address.
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "mijlpaal.accounts.views.locked_out"
AXES_VERBOSE = False
# Password reset mails per address and per client address within an hour.
PASSWORD_RESET_LIMIT = int(env_str("PASSWORD_RESET_LIMIT", "5"))
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "plans:list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env_str("STATIC_ROOT", str(PROJECT_DIR / "var" / "static"))
# Hashed, compressed names need `collectstatic` (the production command runs it); tests and
# `mijlpaal serve` read the files where they are.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# School holidays imported with `mijlpaal calendar import` (next to the ones shipped with the
# engine).
MIJLPAAL_DATA_DIR = Path(env_str("MIJLPAAL_DATA_DIR", str(PROJECT_DIR / "var")))

# Without EMAIL_HOST, e-mails are printed on the console (of `mijlpaal worker`).
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if "EMAIL_HOST" in os.environ
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Mijlpaal <noreply@mijlpaal.invalid>")
if "EMAIL_HOST" in os.environ:
    EMAIL_HOST = env_str("EMAIL_HOST")
    EMAIL_PORT = int(env_str("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)

# Background tasks (the monitoring app's e-mails). The database backend keeps them until
# `mijlpaal worker` runs them; MIJLPAAL_TASKS=immediate runs them in the request that queues them.
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS = {"default": {"BACKEND": env_choice("MIJLPAAL_TASKS", TASK_BACKENDS, "database")}}

# A login lasts SESSION_DAYS at most, and ends after SESSION_IDLE_HOURS without a request
# (mijlpaal.middleware.SessionTimeoutMiddleware).
SESSION_COOKIE_AGE = int(env_str("SESSION_DAYS", "14")) * 24 * 3600
SESSION_IDLE_SECONDS = int(env_str("SESSION_IDLE_HOURS", "8")) * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool(
    "SECURE_COOKIES", PRODUCTION or (not DEBUG and SITE_URL.startswith("https"))
)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Behind a proxy that ends TLS: the header it sets, e.g. SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto
# (its value must then be "https"). Only set it when the proxy always sets or strips the header.
if proxy_header := env_str("SECURE_PROXY_SSL_HEADER", "").strip():
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + proxy_header.upper().replace("-", "_"), "https")
# How many proxies in front of the app add themselves to X-Forwarded-For: the login throttle
# then counts the client's address, not the proxy's (mijlpaal.middleware.client_address).
TRUSTED_PROXY_COUNT = int(env_str("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "mijlpaal.middleware.client_address"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
# A load balancer's health check may ask over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(env_str("SECURE_HSTS_SECONDS", "31536000" if PRODUCTION else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if PRODUCTION and not SECURE_HSTS_PRELOAD:
    # Preloading binds the whole registered domain (the school's, usually) for years: that is its
    # owner's decision, not this app's. SECURE_HSTS_PRELOAD=true adds it.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy: only this site's own files run or style a page; no inline script or
# style anywhere (tests/test_a11y.py keeps the templates so), htmx configured for it in base.html.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

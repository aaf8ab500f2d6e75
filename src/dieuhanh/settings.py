"""Settings for dieuhanh, read from the environment with safe defaults.

``DATABASE_URL`` selects the database (``postgres://...`` or ``sqlite:///PATH``); without it an SQLite file under
the data directory is used, so nothing has to be installed. ``DIEUHANH_DATA_DIR`` holds the database, uploads and
generated files.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent.parent


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DATA_DIR = Path(os.environ.get("DIEUHANH_DATA_DIR", PROJECT_DIR / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = _env_bool("DIEUHANH_DEBUG", False)
SECRET_KEY = (
    os.environ.get("DIEUHANH_SECRET_KEY") or "dev-only-insecure-key-change-me-in-production-0123456789"
)
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("DIEUHANH_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("DIEUHANH_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "ninja",  # serves the API docs' scripts from our own static files (no CDN; allowed by the CSP)
    "dieuhanh.core",
    "dieuhanh.org",
    "dieuhanh.meetings",
    "dieuhanh.directives",
    "dieuhanh.notices",
    "dieuhanh.tthc",
    "dieuhanh.portal",
    "dieuhanh.outbox",
    "dieuhanh.api",
    "dieuhanh.accounts",
    "dieuhanh.annotations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "dieuhanh.core.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "dieuhanh.core.outage.OutageMiddleware",  # a database that refuses connections: 503, not 500
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After authentication and messages: the OTP device of the session, the idle and absolute session
    # limits, then the second factor that office, leader and administrator sessions must confirm.
    "django_otp.middleware.OTPMiddleware",
    "dieuhanh.accounts.middleware.SessionTimeoutMiddleware",
    "dieuhanh.accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "dieuhanh.core.handlers.DomainErrorMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dieuhanh.urls"
WSGI_APPLICATION = "dieuhanh.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dieuhanh.core.context_processors.shell",
            ],
        },
    }
]

_default_db = f"sqlite:///{DATA_DIR / 'dieuhanh.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", _default_db), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at BEGIN so two
    # writers queue on the busy timeout instead of failing half-way through a transaction.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
else:
    # A persistent connection is checked before reuse, so a restarted database costs no failed request.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Tests run on a file (not shared-cache memory) so that concurrent writers wait on the busy timeout.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test-dieuhanh.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# "summary": the dashboard's and the lists' cached figures (directives/summary.py), in files under the data folder
# so that every worker of the machine shares them (one computation per version of the data, not one per worker).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "summary": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "cache" / "summary"),
        "TIMEOUT": 6 * 3600,
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    # Argon2id with OWASP's interactive parameters (accounts/hashers.py); older hashes upgrade at sign-in
    "dieuhanh.accounts.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "dieuhanh.accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    # Django's list of 20,000 passwords seen in breaches, checked offline.
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # None of the last 5 passwords (their hashes are kept by dieuhanh.accounts).
    {"NAME": "dieuhanh.accounts.validators.PasswordReuseValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Two-factor sign-in (TOTP, recovery codes) for the office, leaders and superusers (org.rules); off only for
# a trial on a closed network.
DIEUHANH_2FA_REQUIRED = _env_bool("DIEUHANH_2FA_REQUIRED", True)
OTP_TOTP_ISSUER = os.environ.get("DIEUHANH_2FA_ISSUER", "Điều hành")
# A session ends after this long without a request, and this long after sign-in whatever happens.
DIEUHANH_SESSION_IDLE_MINUTES = int(os.environ.get("DIEUHANH_SESSION_IDLE_MINUTES", "30"))
DIEUHANH_SESSION_MAX_HOURS = int(os.environ.get("DIEUHANH_SESSION_MAX_HOURS", "12"))
SESSION_COOKIE_AGE = DIEUHANH_SESSION_MAX_HOURS * 3600
# Audit entries older than this are removed by `dieuhanh audit prune` (the chain stays verifiable).
DIEUHANH_AUDIT_RETENTION_DAYS = int(os.environ.get("DIEUHANH_AUDIT_RETENTION_DAYS", "1825"))

# Login throttling: five failures lock the username from that address for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("DIEUHANH_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Behind nginx every request comes from 127.0.0.1: throttle by the address nginx passes in X-Real-IP instead.
DIEUHANH_BEHIND_PROXY = _env_bool("DIEUHANH_BEHIND_PROXY", False)
AXES_CLIENT_IP_CALLABLE = "dieuhanh.core.security.client_ip"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"

# Uploads: the office's lists and documents are small; anything larger is refused with a message.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DIEUHANH_MAX_IMPORT_BYTES = int(os.environ.get("DIEUHANH_MAX_IMPORT_BYTES", str(20 * 1024 * 1024)))

EMAIL_BACKEND = os.environ.get("DIEUHANH_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DIEUHANH_FROM_EMAIL", "dieuhanh@localhost")
# Seconds the SMTP client waits for the server (connect and each command); the outbox retries later.
EMAIL_TIMEOUT = float(os.environ.get("DIEUHANH_EMAIL_TIMEOUT", "10"))
EMAIL_HOST = os.environ.get("DIEUHANH_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DIEUHANH_EMAIL_PORT", "25"))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if _env_bool("DIEUHANH_HTTPS", False):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Monitoring asks the app directly on 127.0.0.1 over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^suc-khoe/$"]
    # Preloading commits the domain and its subdomains to HTTPS in browsers for good: an explicit choice.
    SECURE_HSTS_PRELOAD = _env_bool("DIEUHANH_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

# DIEUHANH_LOG_FORMAT=json writes one JSON object a line (dieuhanh.core.logs); the default is plain text.
LOG_FORMAT = "json" if os.environ.get("DIEUHANH_LOG_FORMAT", "").strip().lower() == "json" else "plain"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "dieuhanh.core.logs.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.environ.get("DIEUHANH_LOG_LEVEL", "WARNING")},
    "loggers": {"dieuhanh": {"level": os.environ.get("DIEUHANH_LOG_LEVEL", "WARNING"), "propagate": True}},
}

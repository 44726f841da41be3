"""Settings for Mayday.

One settings module for every environment: production differs only by its
environment variables, each listed in `.env.example` and the README.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from helpers.env import envbool, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DJANGO_DEBUG", False)

# Without a key and without DEBUG, commands that sign nothing (makemigrations, migrate)
# still run; Django refuses anything that signs, and mayday/wsgi.py refuses to serve.
SECRET_KEY = envstr("DJANGO_SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "development-only-key-never-use-in-production-1f7c0a9e4b2d"  # noqa: S105

ALLOWED_HOSTS = envlist("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS", "")
SITE_NAME = envstr("SITE_NAME", "Mayday coaching")

INSTALLED_APPS = [
    "mayday.apps.MaydayAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "django_tasks_db",
    "coaching",
    "budgets",
    "outcomes",
]
# Development-only apps: generated data and the benchmark (`scale_data`, `make bench`).
# On with DEBUG, in the tests and by the bench; never in production unless asked for.
DEV_APPS = envbool("DJANGO_DEV_APPS", DEBUG)
if DEV_APPS:
    INSTALLED_APPS += ["benchmarks"]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "coaching.middleware.PersonLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "coaching.middleware.SessionLimitsMiddleware",
    "coaching.middleware.NoStoreForSignedInMiddleware",
    "coaching.middleware.AuditRefusalsMiddleware",
    "coaching.middleware.MethodNotAllowedPageMiddleware",
]

ROOT_URLCONF = "mayday.urls"
WSGI_APPLICATION = "mayday.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "coaching.context_processors.site",
            ],
            # `words`: Django's i18n tags, fixed words looked up once a language.
            "libraries": {
                "display": "helpers.display",
                "forms": "helpers.forms",
                "words": "helpers.words",
            },
        },
    },
]

# Django's widget templates, with the commonest widgets written in Python (same markup).
FORM_RENDERER = "helpers.forms.FormRenderer"

# SQLite out of the box; PostgreSQL (psycopg 3) when DATABASE_URL says so.
DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and envbool(
    "DATABASE_PREPARED_STATEMENTS", True
):
    # Most of a page's short queries is PostgreSQL planning them. Bound on the server, a
    # query a connection has run five times is prepared and planned once (psycopg's
    # default threshold). Needs persistent connections (DATABASE_CONN_MAX_AGE); turn off
    # behind PgBouncer in transaction mode, which cannot keep a session's statements.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=5
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a lock rather than fail at once when two requests write together.
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=20, transaction_mode="IMMEDIATE")
    # Covering indexes carry extra columns on PostgreSQL; SQLite keeps the same index
    # without them, which is all its databases need.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "coaching.User"

AUTHENTICATION_BACKENDS = [
    "coaching.backends.ModelBackend",
    "coaching.backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# allauth: staff sign in with email, people (often without email) with a username.
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*", "password2*"]
ACCOUNT_ADAPTER = "coaching.adapters.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "coaching.forms.LoginForm",
    "change_password": "coaching.forms.ChangePasswordForm",
    "reset_password_from_key": "coaching.forms.ResetPasswordKeyForm",
}
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
# No email to an address with no sign-in: nobody signs themselves up here.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# The charity's name before an email's subject, not "[the web address]".
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"{SITE_NAME}: "
# allauth's rate limits, counted in the shared cache. Failed sign-ins: per address, high
# enough that the many people behind one hostel's or library's wifi are never locked
# out by one of them; per account (the username or email typed), low enough to stop
# guessing one account's password. A right password gives back the try it used.
# Figures and reasons: docs/operations.md, "Sessions and sign-in".
ACCOUNT_RATE_LIMITS = {
    "login_failed": "30/m/ip,5/5m/key",
    "login": "60/m/ip",
}
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300

# Staff need a second factor before any coach or manager page: TOTP, recovery
# codes or a passkey. People are offered it, never forced.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = envstr("SITE_NAME", "Mayday coaching")
# One 30-second step either side (RFC 6238's advice): a code typed as it rolls over,
# or on a phone whose clock is a little out, still works. Each code works only once.
MFA_TOTP_TOLERANCE = 1
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
STAFF_MFA_REQUIRED = envbool("STAFF_MFA_REQUIRED", True)
# TOTP secrets and recovery-code seeds are stored encrypted (coaching.adapters.MFAAdapter).
# The first key encrypts, every key decrypts: rotate by putting a new key first, running
# `manage.py reencrypt_second_factors`, then dropping the old key. Without any, a key is
# derived from SECRET_KEY (development and tests); production refuses to start without
# one (mayday/wsgi.py, and `check --deploy`), so changing SECRET_KEY never locks staff out.
MFA_ADAPTER = "coaching.adapters.MFAAdapter"
MFA_SECRET_KEYS = envlist("MFA_SECRET_KEYS", "")
# Sessions are recorded at sign-in; tracking every request would cost a write each.
USERSESSIONS_TRACK_ACTIVITY = False

# Session limits: staff are signed out after a quiet spell; everyone after the
# absolute limit, however active.
STAFF_IDLE_MINUTES = envint("STAFF_IDLE_MINUTES", 30)
SESSION_ABSOLUTE_HOURS = envint("SESSION_ABSOLUTE_HOURS", 12)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
# English, and Welsh for every page a person sees (staff pages stay in English, their
# strings marked). The language comes from the person's saved choice once signed in,
# else the switch's cookie, else the browser (see coaching.middleware.PersonLanguage).
USE_I18N = True
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_SECURE = envbool("DJANGO_SECURE_COOKIES", not DEBUG)
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
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
WHITENOISE_USE_FINDERS = envbool("WHITENOISE_USE_FINDERS", DEBUG)

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "mayday_cache",
    }
}
if envstr("REDIS_URL", ""):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": envstr("REDIS_URL", ""),
    }

email_backend = envstr(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
# The mail server's settings, for the SMTP backend only: another backend (the console's,
# in development) refuses options it does not know, and every email would fail.
smtp_options = {
    key: value
    for key, value in {
        "host": envstr("EMAIL_HOST", ""),
        "port": envint("EMAIL_PORT", 0),
        "username": envstr("EMAIL_HOST_USER", ""),
        "password": envstr("EMAIL_HOST_PASSWORD", ""),
        "use_tls": envbool("EMAIL_USE_TLS", False),
        # A mail server that answers nothing holds up the worker, never longer.
        "timeout": envint("EMAIL_TIMEOUT", 30),
    }.items()
    if value
}
MAILERS = {
    "default": {
        "BACKEND": email_backend,
        "OPTIONS": smtp_options if email_backend.endswith(".smtp.EmailBackend") else {},
    }
}
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "coaching@localhost")
# Where people write about their information or about access: the statements give it.
CONTACT_EMAIL = envstr("CONTACT_EMAIL", "") or DEFAULT_FROM_EMAIL

# Background work (emails, housekeeping) waits in the database for `manage.py db_worker`;
# `manage.py clock` enqueues the heartbeat and the daily housekeeping (coaching/tasks.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Security: every value below can be tightened by the environment alone.
SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
BEHIND_TLS_PROXY = envbool("DJANGO_BEHIND_TLS_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_TLS_PROXY else None
# How many proxies of ours add themselves to X-Forwarded-For: the client's address is
# that many from the right. Without it, every sign-in would seem to come from the proxy
# and one client's failures would lock out everyone (allauth's limits and ours alike).
ALLAUTH_TRUSTED_PROXY_COUNT = envint("DJANGO_TRUSTED_PROXY_COUNT", 1) if BEHIND_TLS_PROXY else 0
SECURE_HSTS_SECONDS = envint("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = envbool("DJANGO_HSTS_PRELOAD", SECURE_HSTS_SECONDS > 0)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = envbool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# The __Host- prefix binds the cookie to this exact host over HTTPS only.
SESSION_COOKIE_NAME = "__Host-sessionid" if SESSION_COOKIE_SECURE else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if CSRF_COOKIE_SECURE else "csrftoken"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_HOURS * 60 * 60
X_FRAME_OPTIONS = "DENY"

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

# The product's own settings.
STEPPED_BACK_AFTER_DAYS = envint("STEPPED_BACK_AFTER_DAYS", 42)
INVITATION_VALID_DAYS = envint("INVITATION_VALID_DAYS", 14)
# Tries at an invitation code from one address per hour (a sign-in route: no guessing).
INVITATION_ATTEMPTS_PER_HOUR = envint("INVITATION_ATTEMPTS_PER_HOUR", 20)
QUICK_EXIT_URL = envstr("QUICK_EXIT_URL", "https://www.bbc.co.uk/weather")
# A generic email (no name, no detail) to the coach when one of their people pauses,
# ends coaching or asks for a personal budget.
COACH_ACTIVITY_EMAILS = envbool("COACH_ACTIVITY_EMAILS", True)
# Asking for a coach (/ask/): sends allowed from one address per hour, and how long
# a request nobody took is kept before `manage.py forget_untaken_requests` deletes it.
ASK_RATE_LIMIT_PER_HOUR = envint("ASK_RATE_LIMIT_PER_HOUR", 10)
COACH_REQUEST_KEEP_DAYS = envint("COACH_REQUEST_KEEP_DAYS", 90)
# Records of people whose coaching ended more than this many years ago are listed for
# a manager to review and erase (never erased without one).
RETENTION_YEARS = envint("RETENTION_YEARS", 6)
WELLBEING_SCALE = envstr("WELLBEING_SCALE", "swemwbs").strip().lower()
if WELLBEING_SCALE not in {"swemwbs", "wemwbs"}:
    raise ImproperlyConfigured(
        f"WELLBEING_SCALE must be swemwbs or wemwbs, not {WELLBEING_SCALE!r}."
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "WARNING")},
}

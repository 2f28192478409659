"""Settings for LOB-match, read from the environment (twelve-factor).

The embedded defaults run the whole application in one process: SQLite, local-memory cache, console email and
eager Celery tasks. Production (``lobmatch.settings.production``) adds the secure flags and refuses to start
without a real secret key.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="insecure-local-development-key-do-not-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "lobmatch",
    "lobmatch.admin_site.AdminConfig",  # django.contrib.admin with the programme's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "django_celery_beat",
    "ambassadors",
    "partners",
    "trajectories",
    "demo",  # manage.py demo_data: the fictional programme of `make run`
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lobmatch.i18n.ChosenLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "lobmatch.middleware.MethodNotAllowedPageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "lobmatch.middleware.RequireSecondFactorMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "lobmatch.urls"
WSGI_APPLICATION = "lobmatch.wsgi.application"

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
                "csp.context_processors.nonce",
                "lobmatch.context_processors.roles",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Keep a worker's database connection between requests (a new PostgreSQL connection costs a few milliseconds,
# more than a whole cached page), checked before reuse so a restarted database is no error.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    # The demo's SQLite makes a covering index (INCLUDE) a plain one; only PostgreSQL's index-only scans need it.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    # A Redis that hangs must fail fast like one that is down: the page cache then renders instead.
    CACHES = {"default": {"BACKEND": "lobmatch.cache.RedisCache", "LOCATION": REDIS_URL,
                          "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "lobmatch.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "start"

# django-allauth: email is the login, verification is mandatory, rate limits use the cache above.
ACCOUNT_LOGIN_METHODS = {"email"}
# Mails in the programme's voice (lobmatch.account_adapter), and back to a form typed before logging in.
ACCOUNT_ADAPTER = "partners.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "reset_password": "lobmatch.accounts.PasswordResetForm",  # reset links only to confirmed addresses
    "add_email": "lobmatch.accounts.AddEmailForm",
    "signup": "lobmatch.accounts.SignupForm",  # an address another account typed in but never confirmed is free  # a login address of an account with rights: the superuser's
}
# Adding, removing or switching a login address asks for the password again (a session left open is not enough), and
# the account's addresses are told of every change of address or password.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[LOB Ambassadeurs] "
# Per visitor address and per account. A school's network shows one address for all its staff, so the address limit
# allows a few people's typing errors; the account limit (5 per 5 minutes) is what stops guessing one password.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "20/5m/ip,5/5m/key",
    "login": "30/m/ip",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
# The visitor's address for those limits. Behind a reverse proxy every request comes from the proxy's address: with
# N proxies of our own in front (docker-compose: 1), the visitor is the N-th address from the end of X-Forwarded-For
# (each proxy appends the address it saw, so what a visitor writes there itself does not count). 0: no proxy,
# X-Forwarded-For is ignored.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "LOB-match"
# Staff and finance must have a second factor. Production always enforces it; the local demo may relax it.
LOBMATCH_REQUIRE_MFA = env.bool("LOBMATCH_REQUIRE_MFA", default=True)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# Django's renderer with the plain inputs and textareas written in Python (same markup; lobmatch/form_renderer.py).
FORM_RENDERER = "lobmatch.form_renderer.FastWidgetRenderer"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["lobmatch.formats"]

STATIC_URL = "/static/"
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "media"))
MEDIA_URL = "/media-not-served/"  # uploads are only served through views with a permission check
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
LOBMATCH_MAX_UPLOAD_BYTES = env.int("LOBMATCH_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)

# Email: console by default, any backend by EMAIL_URL (smtp://user:pass@host:587 or smtp+tls://...).
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="LOB-match <lob-ambassadeurs@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
PROGRAMME_CONTACT_EMAIL = env("PROGRAMME_CONTACT_EMAIL", default="lob-ambassadeurs@example.org")

# Celery: without a broker every task runs eagerly inside the request (the embedded default).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# Security headers; production tightens the transport flags.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = False
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# Data protection: personal data of trajectories closed longer ago than this is anonymised.
LOBMATCH_RETENTION_YEARS = env.int("LOBMATCH_RETENTION_YEARS", default=7)

# The paying account of the SEPA credit-transfer files (pain.001) that finance exports.
LOBMATCH_DEBTOR_NAME = env("LOBMATCH_DEBTOR_NAME", default="VO-raad LOB Ambassadeurs")
# (not the IBAN every example uses: a school that copies the example must not be paid from its own payer account)
LOBMATCH_DEBTOR_IBAN = env("LOBMATCH_DEBTOR_IBAN", default="NL02ABNA0123456789")
LOBMATCH_DEBTOR_BIC = env("LOBMATCH_DEBTOR_BIC", default="ABNANL2A")

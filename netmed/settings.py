"""NetMed settings: one module, configured from environment variables (see `.env.example`).

Production is the default: DEBUG off, secure cookies, HSTS, a required secret key. Development
mode is explicit: ``DJANGO_DEBUG=true`` (what `.env.example` and `bin/run` set).
"""

from pathlib import Path
from urllib.parse import unquote

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
DATA_DIR = Path(env.str("NETMED_DATA_DIR", default=str(BASE_DIR / "data")))

if DEBUG:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="dev-only-insecure-key-change-me-" + "x" * 32)
else:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set to 50+ random characters in production "
            "(or set DJANGO_DEBUG=true for development)."
        )

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# Absolute base for links in emails (digest "done" links, calendar feeds).
SITE_URL = env.str("NETMED_SITE_URL", default="http://localhost:8000").rstrip("/")

# With no DATABASE_URL / REDIS_URL, start real embedded servers (see netmed/embedded.py).
if not env.str("DATABASE_URL", default="") or not env.str("REDIS_URL", default=""):
    from netmed.embedded import ensure_environment

    ensure_environment(DATA_DIR)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # "Where you're signed in": each sign-in's device, address and start; end any or all (ASVS 7.5).
    "allauth.usersessions",
    "django_htmx",
    "django_filters",
    "django_celery_beat",
    "django_countries",
    "simple_history",
    "anymail",
    "core",
    "accounts",
    "contacts",
    "events",
    "mentorship",
    "reminders",
    "collaboration",
    "cpd",
    "sync",
    "inbound",
]

MIDDLEWARE = [
    # Health probes first: no host check or HTTPS redirect for them (core.middleware).
    "core.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # HTML and JSON gzipped (with Django's BREACH padding), outside the timed part.
    "core.middleware.CompressedPagesMiddleware",
    "core.middleware.ServerTimingMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Contact change history records who made each change (contacts.history).
    "simple_history.middleware.HistoryRequestMiddleware",
    # Every view needs a login unless marked @login_not_required (public pages are few).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Idle timeout and absolute lifetime of signed-in sessions (accounts.middleware).
    "accounts.middleware.SessionLifetimeMiddleware",
    # Work queued while Redis is down is kept and the doctor told it is delayed (core/queueing).
    "core.queueing.QueueDelayMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    # Signed-in pages show notes about colleagues: never keep them in a browser or proxy cache.
    "core.middleware.PrivatePagesNoStoreMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "accounts.middleware.StaffTwoFactorMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "core.middleware.UserTimezoneMiddleware",
]

ROOT_URLCONF = "netmed.urls"
WSGI_APPLICATION = "netmed.wsgi.application"

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
                "core.context_processors.navigation",
                "reminders.context_processors.dispatcher_status",
            ],
            # The design system's tags ({% icon %}, |initials) on every page without a {% load %}.
            "builtins": ["core.templatetags.ui"],
        },
    },
]

# Django's form renderer with the common widget templates written in Python, byte for byte the same
# markup (core/form_renderer.py).
FORM_RENDERER = "core.form_renderer.FormRenderer"

# --- Database -----------------------------------------------------------------------------------
DATABASES = {"default": env.db_url("DATABASE_URL")}
# A unix-socket path arrives percent-encoded in the URL's host part.
DATABASES["default"]["HOST"] = unquote(DATABASES["default"].get("HOST", ""))
DATABASES["default"].setdefault("OPTIONS", {})
# Fail fast when PostgreSQL is down or hung (docs/architecture.md, "When the database is
# unreachable"): a connection that is not made in DJANGO_DB_CONNECT_TIMEOUT seconds (libpq's
# minimum is 2) ends the request with the 503 page, well inside gunicorn's 30 s worker timeout,
# instead of the worker hanging until gunicorn kills it.
DATABASES["default"]["OPTIONS"]["connect_timeout"] = env.int("DJANGO_DB_CONNECT_TIMEOUT", default=3)
# Behind PgBouncer in transaction mode (docker-compose.yml, docs/scaling.md) a connection is lent
# to this process for one transaction only, so nothing may outlive a transaction on it: no
# server-side cursors (``QuerySet.iterator()`` would open one), no pool of our own in front of the
# pooler, and no startup ``options`` (PgBouncer refuses them; PostgreSQL's own configuration sets
# jit and statement_timeout instead, as compose's postgres command does).
DB_PGBOUNCER = env.bool("DJANGO_DB_PGBOUNCER", default=False)
if DB_PGBOUNCER and env.bool("DJANGO_DB_POOL", default=False):
    raise ImproperlyConfigured(
        "DJANGO_DB_POOL and DJANGO_DB_PGBOUNCER are exclusive: PgBouncer is the pool."
    )
if DB_PGBOUNCER:
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
if env.bool("DJANGO_DB_POOL", default=False):
    # psycopg 3's pool (Django 5.1+); CONN_MAX_AGE must stay 0 with it. A request waits at most
    # DJANGO_DB_POOL_TIMEOUT seconds for a connection, then gets the 503 page.
    DATABASES["default"]["OPTIONS"]["pool"] = {
        "min_size": 2,
        "max_size": 10,
        "timeout": env.float("DJANGO_DB_POOL_TIMEOUT", default=3.0),
    }
else:
    # Persistent connections (to PgBouncer, a cheap client connection that holds no server one
    # between transactions; or straight to PostgreSQL).
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# No JIT compilation: PostgreSQL compiles any query its planner costs over 100,000 (a doctor's
# 10,000 contacts reach that), which took 40-75 ms per query on the dashboard, due list and event
# page for queries that run in a few ms, and the batched due-list query spent 1.4 s of its 2 s
# compiling (docs/performance.md). Web requests are short; JIT pays off only for long analytical
# queries. DJANGO_DB_JIT=true turns it back on: this is the only place that sets the option (behind
# PgBouncer, PostgreSQL's own configuration does: docker-compose.yml's postgres command).
_server_options = [] if env.bool("DJANGO_DB_JIT", default=False) else ["-c jit=off"]
# A statement PostgreSQL has not finished in DJANGO_DB_STATEMENT_TIMEOUT seconds is cancelled
# (0: no limit; `migrate` in docker-compose.yml runs without one). Below gunicorn's 30 s, so a
# runaway query ends one request with an error page rather than killing the worker.
_statement_timeout = env.int("DJANGO_DB_STATEMENT_TIMEOUT", default=15)
_server_options.append(f"-c statement_timeout={_statement_timeout}s")
if not DB_PGBOUNCER:
    DATABASES["default"]["OPTIONS"]["options"] = " ".join(_server_options)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Django 6 behaviour now: a URL typed without a scheme is taken as https.
FORMS_URLFIELD_ASSUME_HTTPS = True

# --- Redis: cache, Celery broker ----------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL")
CACHES = {
    "default": {
        # Pages keep working (without the cache) while Redis is down: see core/cache.py.
        "BACKEND": "core.cache.TolerantRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env.str("NETMED_CACHE_PREFIX", default="netmed"),
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
    }
}


def _celery_url(url: str) -> str:
    # redis-py speaks unix://; Celery's transport spells the same socket redis+socket://.
    return "redis+socket://" + url.removeprefix("unix://") if url.startswith("unix://") else url


CELERY_BROKER_URL = _celery_url(REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
# Nothing is lost when a worker dies mid-task (docs/security.md, "Faults"): a task is
# acknowledged only when it has finished; if its pool process is killed (OOM, SIGKILL) the
# message goes straight back on the queue; if the whole worker dies, Redis hands the unacked
# message to another worker once the visibility timeout has passed. Every task is safe to run
# twice, so a redelivery of a task that was merely slow (longer than the timeout) is harmless.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=15 * 60)
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing a task from a web request gives up within about two seconds when Redis is down
# (core.queueing tells the doctor the work is delayed), instead of hanging the request.
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 1,
    "socket_timeout": 2,
    "visibility_timeout": _VISIBILITY_TIMEOUT,
}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = "UTC"
# Every periodic schedule, in one place. django-celery-beat copies these into the database.
CELERY_BEAT_SCHEDULE = {
    "core-resend-pending-tasks": {
        "task": "core.tasks.resend_pending_tasks",
        "schedule": crontab(minute="*/5"),
    },
    "core-send-due-emails": {
        "task": "core.tasks.send_due_emails",
        "schedule": crontab(minute="*"),
    },
    "accounts-purge-deleted": {
        "task": "accounts.tasks.purge_deleted_accounts",
        "schedule": crontab(minute=41, hour=3),
    },
    "contacts-purge-trash": {
        "task": "contacts.tasks.purge_trash",
        "schedule": crontab(minute=17, hour=3),
    },
    "contacts-forget-abandoned-import-previews": {
        "task": "contacts.tasks.forget_abandoned_import_previews",
        "schedule": crontab(minute=23, hour="*"),
    },
    "collaboration-forget-abandoned-reference-uploads": {
        "task": "collaboration.tasks.forget_abandoned_reference_uploads",
        "schedule": crontab(minute=29, hour="*"),
    },
    "inbound-forget-read-raw-messages": {
        "task": "inbound.tasks.forget_read_raw_messages",
        "schedule": crontab(minute=53, hour=3),
    },
    # Digests: each pass claims in PostgreSQL, so a missed or doubled beat tick is harmless.
    "reminders-dispatch-digests": {
        "task": "reminders.tasks.dispatch_digests",
        "schedule": crontab(minute="*/5"),
    },
}

# --- Auth (django-allauth) ----------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # ASVS 5.0 6.2.1: at least 12 characters (and 6.2.4: not a common password, below).
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
# The doctor who changes the password stays signed in; every other session ends, because Django
# checks each session's password hash (tests/security/test_authentication.py proves it).
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Adding, removing or changing an email address asks for the password again, as do the data
# download and account deletion (accounts.views); a doctor with an authenticator app is asked for
# its code instead (accounts.adapter). A reauthentication lasts five minutes (allauth's default).
ACCOUNT_REAUTHENTICATION_REQUIRED = True
# "Remember me" at sign-in: ticked, the session may last NETMED_SESSION_REMEMBER_DAYS; not ticked,
# the cookie ends with the browser and the session within NETMED_SESSION_MAX_HOURS.
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "NetMed: "
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupProfileForm"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# allauth's rate limits keep their defaults (they need the real Redis cache above). They key on
# the client's IP address, so behind a reverse proxy they must see the real client, not the proxy:
# otherwise every doctor shares the proxy's key and one attacker's failures lock everyone out.
# NETMED_TRUSTED_PROXY_COUNT is how many proxies we run in front of gunicorn (each appends to
# X-Forwarded-For; the entry that many from the right is the client). 0 (no proxy) ignores the
# header, since a client could forge it. NETMED_TRUSTED_CLIENT_IP_HEADER names a header a proxy
# sets to the client's address instead (X-Real-IP, CF-Connecting-IP). Any limit NetMed adds must
# key on ``allauth.account.adapter.get_adapter().get_client_ip(request)`` to follow these.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("NETMED_TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env.str("NETMED_TRUSTED_CLIENT_IP_HEADER", default="") or None
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "NetMed"

# --- Sessions (ASVS 5.0 7.3): an idle timeout and an absolute lifetime, shorter for staff --------
# accounts.middleware.SessionLifetimeMiddleware signs a session out after this long without a
# request, or this long after sign-in, whichever comes first.
SESSION_IDLE_TIMEOUT = env.int("NETMED_SESSION_IDLE_HOURS", default=12) * 3600
SESSION_MAX_AGE_REMEMBERED = env.int("NETMED_SESSION_REMEMBER_DAYS", default=30) * 86400
SESSION_MAX_AGE = env.int("NETMED_SESSION_MAX_HOURS", default=24) * 3600
# Staff can change any account from the admin: their sessions are much shorter.
STAFF_SESSION_IDLE_TIMEOUT = env.int("NETMED_STAFF_SESSION_IDLE_MINUTES", default=30) * 60
STAFF_SESSION_MAX_AGE = env.int("NETMED_STAFF_SESSION_MAX_HOURS", default=8) * 3600
# The cookie and the stored session last as long as the longest session may; the middleware
# enforces the shorter limits.
SESSION_COOKIE_AGE = SESSION_MAX_AGE_REMEMBERED

# --- Email ----------------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url(
    "EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25"
)
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="NetMed <no-reply@netmed.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Email that logs itself (inbound/, docs/operations.md) --------------------------------------
# Each doctor's private address is <local part>+<token>@<domain>; the domain's MX points at the
# SMTP receiver (manage.py inbound_smtp) or at the hosted provider. The default is a reserved
# name that routes nowhere, so a site that has not chosen one shows no address that could work.
NETMED_INBOUND_DOMAIN = env.str("NETMED_INBOUND_DOMAIN", default="inbound.localhost").lower()
NETMED_INBOUND_LOCAL_PART = env.str("NETMED_INBOUND_LOCAL_PART", default="log").lower()
NETMED_INBOUND_SMTP_HOST = env.str("NETMED_INBOUND_SMTP_HOST", default="127.0.0.1")
NETMED_INBOUND_SMTP_PORT = env.int("NETMED_INBOUND_SMTP_PORT", default=2525)
# Larger messages are refused (552 from the receiver; recorded as refused from the webhook).
NETMED_INBOUND_MAX_BYTES = env.int("NETMED_INBOUND_MAX_BYTES", default=10 * 1024 * 1024)
# A message's raw text (headers, body, attachments) is emptied this many days after it was read;
# what came of it stays (inbound.retention).
NETMED_INBOUND_RAW_DAYS = env.int("NETMED_INBOUND_RAW_DAYS", default=30)
# Hosted inbound mail (Mailgun, through django-anymail): the webhook at /inbound/mailgun/mime/
# answers only when the signing key is set, and checks every request's signature with it. An
# optional basic-auth secret ("user:password", put in the route's URL) is checked as well.
ANYMAIL = {"MAILGUN_WEBHOOK_SIGNING_KEY": env.str("MAILGUN_WEBHOOK_SIGNING_KEY", default="")}
if _anymail_secret := env.str("ANYMAIL_WEBHOOK_SECRET", default=""):
    ANYMAIL["WEBHOOK_SECRET"] = _anymail_secret

# --- Internationalisation: Australia first, nothing hard-wired ------------------------------------
LANGUAGE_CODE = "en-au"
LANGUAGES = [("en-au", "English (Australia)")]
TIME_ZONE = env.str("NETMED_DEFAULT_TIMEZONE", default="Australia/Sydney")
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("NETMED_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploads (contact photos) are private: no URL serves MEDIA_URL, in development or production.
# contacts.photos serves each photo to its owner only, handing the file to the web server when
# one of the two settings below is set (docs/security.md, "Private media").
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("NETMED_MEDIA_ROOT", default=str(DATA_DIR / "media")))
# nginx: the internal location that aliases MEDIA_ROOT, e.g. /protected-media/.
NETMED_MEDIA_ACCEL_REDIRECT = env.str("NETMED_MEDIA_ACCEL_REDIRECT", default="")
# Apache mod_xsendfile, lighttpd, Caddy: answer with X-Sendfile and the file's path.
NETMED_MEDIA_X_SENDFILE = env.bool("NETMED_MEDIA_X_SENDFILE", default=False)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Security: safe by default, relaxed only in development ---------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
# htmx sends the CSRF token from the page (hx-headers in base.html), so no script needs the cookie.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No inline script or style anywhere (htmx is configured by a <meta> tag in base.html), so the
# policy allows only our own origin. Pico CSS draws its icons from data: SVG URIs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        # The installable app (core/pwa.py): its manifest and service worker, our own only.
        "manifest-src": [SELF],
        "worker-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
# Browser features NetMed never uses are switched off for every page (core.middleware).
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}

# Server-Timing also counts queries (benchmarks read it): on in development or with NETMED_BENCH.
SERVER_TIMING_QUERIES = env.bool("NETMED_BENCH", default=DEBUG)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"pgserver": {"level": "WARNING"}},
}

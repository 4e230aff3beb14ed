"""Settings of amo.

Every value comes from an AMO_* environment variable, with an embedded
default that lets `amo demo` run on a fresh machine with no service
configured: SQLite under var/, in-process caches, jobs run in-process.
The layers, in order: defaults, then the environment, then computed values.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from amo.core.config import (
    database_from_url,
    env_bool,
    env_float,
    env_int,
    env_list,
    env_str,
    secret_from_file,
    sqlite_database,
)

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var"))).resolve()

# --- Site -----------------------------------------------------------------

DEBUG = env_bool("DEBUG", False)
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env_str("SITE_NAME", "amo")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
VERSION_FILE = BASE_DIR / "version.json"

# --- Databases ------------------------------------------------------------

_database_url = env_str("DATABASE_URL")
# Embedded mode: no database configured, so everything runs from var/.
EMBEDDED = not _database_url

if _database_url:
    _default_db = database_from_url(_database_url, name="AMO_DATABASE_URL")
else:
    # The embedded database, its secret and its media live in var/, which a
    # fresh clone does not have yet.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    _default_db = sqlite_database(VAR_DIR / "amo.sqlite3")

DATABASES = {"default": _default_db}
REPLICA_DATABASES: list[str] = []
for _index, _url in enumerate(env_list("REPLICA_URLS")):
    _alias = "replica" if _index == 0 else f"replica{_index + 1}"
    DATABASES[_alias] = database_from_url(_url, name="AMO_REPLICA_URLS")
    DATABASES[_alias]["TEST"] = {"MIRROR": "default"}
    REPLICA_DATABASES.append(_alias)
if not REPLICA_DATABASES:
    # With no replica configured the `replica` alias reads the primary, so
    # code and tests route the same way in every configuration.
    DATABASES["replica"] = {**_default_db, "TEST": {"MIRROR": "default"}}
    if _default_db["ENGINE"].endswith("sqlite3"):
        # The replica alias only reads, so it must not take SQLite's write
        # lock when a transaction begins, as IMMEDIATE mode does.
        DATABASES["replica"]["OPTIONS"] = {
            **_default_db["OPTIONS"],
            "transaction_mode": "DEFERRED",
        }
    REPLICA_DATABASES.append("replica")

for _db in DATABASES.values():
    # The sync connections live in long-lived threads (the write thread,
    # the admin's thread, Celery), so they persist and are health-checked.
    _db["CONN_MAX_AGE"] = None
    _db["CONN_HEALTH_CHECKS"] = True

DATABASE_ROUTERS = ["amo.core.db.routers.ReplicaRouter"]

# Sizes and timeouts of the async pools, per process and alias.
DB_POOL_SIZE = env_int("DB_POOL_SIZE", 10, minimum=1)
# Requests each process runs through Django at once; the others wait
# without using the CPU. Page-cache hits, static and media files never
# wait. A few requests keep the processors busy, and more only make each
# wait longer for its turn of the event loop, cache hits included. One per
# CPU measured best with the database on the same machine; a remote
# database, whose round trips leave the CPU idle, wants more.
DJANGO_CONCURRENCY = env_int("DJANGO_CONCURRENCY", os.cpu_count() or 2, minimum=1)
DB_CONNECT_TIMEOUT = env_float("DB_CONNECT_TIMEOUT", 5.0)
DB_QUERY_TIMEOUT = env_float("DB_QUERY_TIMEOUT", 10.0)
# How long a client that wrote keeps reading from the primary, in seconds.
REPLICA_PIN_SECONDS = env_int("REPLICA_PIN_SECONDS", 15)
REPLICA_PIN_COOKIE = "amo_pin"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Caches and Redis -----------------------------------------------------

MEMCACHED_SERVERS = env_list("MEMCACHED")
REDIS_URL = env_str("REDIS_URL")
CACHE_TIMEOUT = env_int("CACHE_TIMEOUT", 500)
CACHE_CALL_TIMEOUT = env_float("CACHE_CALL_TIMEOUT", 0.25)
# Connections per memcached server, event loop and process. A call waits
# for a free one, and asyncio.Queue can pass a waiter over again and again,
# so the pool is sized for the requests one process serves at once.
CACHE_POOL_SIZE = env_int("CACHE_POOL_SIZE", 64, minimum=1)
CACHE_KEY_PREFIX = env_str("CACHE_KEY_PREFIX", "amo")

if MEMCACHED_SERVERS:
    CACHES = {
        "default": {
            "BACKEND": "amo.core.cache.backends.MemcachedCache",
            "LOCATION": MEMCACHED_SERVERS,
            "TIMEOUT": CACHE_TIMEOUT,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "amo.core.cache.backends.LocalCache",
            "TIMEOUT": CACHE_TIMEOUT,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {"MAX_ENTRIES": env_int("LOCAL_CACHE_ENTRIES", 20000)},
        }
    }

# The page cache answers anonymous GET and HEAD requests before Django.
PAGE_CACHE = env_bool("PAGE_CACHE", True)
# Seconds a cached page is fresh; after that it is sent while one request
# rebuilds it, for PAGE_CACHE_STALE more seconds at most.
PAGE_CACHE_TTL = env_int("PAGE_CACHE_TTL", 300, minimum=1)
PAGE_CACHE_STALE = env_int("PAGE_CACHE_STALE", 3600)
# Seconds a cached update-check response is kept. Changes to the add-on
# invalidate it sooner; the timeout bounds what no write path reports, such
# as a guid edited in the admin.
UPDATE_CACHE_TIMEOUT = env_int("UPDATE_CACHE_TIMEOUT", 3600, minimum=1)

# --- Jobs -----------------------------------------------------------------

BROKER_URL = env_str("BROKER_URL")
CELERY_BROKER_URL = BROKER_URL or "memory://"
# With no broker the jobs run in the process that queues them.
CELERY_TASK_ALWAYS_EAGER = not BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_TIMEOUT = env_float("BROKER_CONNECT_TIMEOUT", 2.0)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Upload validation has a queue of its own, so slow packages never hold up
# the other jobs; `amo worker` consumes every queue in WORKER_QUEUES.
VALIDATION_QUEUE = env_str("VALIDATION_QUEUE", "validation")
WORKER_QUEUES = ["celery", VALIDATION_QUEUE]
CELERY_TASK_ROUTES = {"files.validate_upload": {"queue": VALIDATION_QUEUE}}
# Seconds between two roll-ups of the Redis counters into the daily rows
# of amo.stats, and between two recomputes of the add-ons' popularity
# figures from those rows. With no broker the serving process runs both
# jobs itself on these intervals (amo.stats.embedded).
STATS_ROLLUP_INTERVAL = env_int("STATS_ROLLUP_INTERVAL", 300, minimum=1)
STATS_POPULARITY_INTERVAL = env_int("STATS_POPULARITY_INTERVAL", 3600, minimum=1)
# Seconds between two sweeps of stale rating aggregates.
RATINGS_SWEEP_INTERVAL = env_int("RATINGS_SWEEP_INTERVAL", 600, minimum=1)
# Beat's record of when each periodic job last ran; without this setting
# Celery writes it to the working directory, such as a checkout.
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    # Queue uploads that were stored while the broker was down, and those
    # whose worker died during validation.
    "files.requeue_uploads": {"task": "files.requeue_uploads", "schedule": 60.0},
    # Queue icons and screenshots whose resizing job was never sent or lost.
    "devhub.requeue_images": {"task": "devhub.requeue_images", "schedule": 300.0},
    # Each expires after its interval: the next run does all its work.
    "stats.rollup": {
        "task": "stats.rollup",
        "schedule": float(STATS_ROLLUP_INTERVAL),
        "options": {"expires": float(STATS_ROLLUP_INTERVAL)},
    },
    "stats.update_popularity": {
        "task": "stats.update_popularity",
        "schedule": float(STATS_POPULARITY_INTERVAL),
        "options": {"expires": float(STATS_POPULARITY_INTERVAL)},
    },
    # Recompute the rating aggregates whose job was never sent or lost.
    "ratings.sweep_aggregates": {
        "task": "ratings.sweep_aggregates",
        "schedule": float(RATINGS_SWEEP_INTERVAL),
        "options": {"expires": float(RATINGS_SWEEP_INTERVAL)},
    },
}
# Seconds an image may wait in the queued state before its job is sent again.
IMAGE_REQUEUE_AFTER = env_int("IMAGE_REQUEUE_AFTER", 300, minimum=1)

# --- Files ----------------------------------------------------------------

MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media"))).resolve()
MEDIA_URL = "/user-media/"
# Files no one may fetch by URL: uploads before they become versions, and
# the authors' source archives. Views that check permissions serve them.
PRIVATE_ROOT = Path(env_str("PRIVATE_ROOT", str(VAR_DIR / "private"))).resolve()
UPLOADS_ROOT = PRIVATE_ROOT / "uploads"
# The largest package an author may upload, in bytes. AMO accepts 200 MB.
MAX_UPLOAD_SIZE = env_int("MAX_UPLOAD_SIZE", 200 * 1024 * 1024, minimum=1)
# Times the validation of one upload may start before it is marked failed.
UPLOAD_MAX_ATTEMPTS = env_int("UPLOAD_MAX_ATTEMPTS", 3, minimum=1)
# Seconds one validation job may run: past the soft limit the job raises
# and is retried, past the hard limit its worker process is killed.
UPLOAD_VALIDATION_SOFT_TIME_LIMIT = env_int("UPLOAD_VALIDATION_SOFT_TIME_LIMIT", 240)
UPLOAD_VALIDATION_TIME_LIMIT = env_int("UPLOAD_VALIDATION_TIME_LIMIT", 300)
# Seconds after which an upload still validating is taken to have lost
# its worker and is queued again. Longer than the hard time limit, so a
# job that is still running is never queued twice.
UPLOAD_STALE_AFTER = env_int("UPLOAD_STALE_AFTER", 600)
# Seconds after which a queued upload whose job never started (its message
# was lost with the broker's data) is queued again.
UPLOAD_QUEUED_STALE_AFTER = env_int("UPLOAD_QUEUED_STALE_AFTER", 3600)
# Mozilla's addons-linter: the path of its command, or empty to look for
# var/node/node_modules/.bin/addons-linter. Without it only amo's own
# checks run.
ADDONS_LINTER = env_str("ADDONS_LINTER")
# Seconds the linter may take for one package before it is stopped.
ADDONS_LINTER_TIMEOUT = env_float("ADDONS_LINTER_TIMEOUT", 120.0)
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static"))).resolve()
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "servestatic.storage.CompressedManifestStaticFilesStorage"
    },
}
SERVESTATIC_MAX_AGE = 365 * 24 * 3600
SERVESTATIC_KEEP_ONLY_HASHED_FILES = False

# --- Secrets and security -------------------------------------------------

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if EMBEDDED or DEBUG:
        SECRET_KEY = secret_from_file(VAR_DIR / "secret_key")
    else:
        raise ImproperlyConfigured(
            "AMO_SECRET_KEY is missing. A configured database means a "
            "production setup, which needs its own secret: set AMO_SECRET_KEY "
            "to a long random string, or AMO_DEBUG=1 for development."
        )

SECURE = SITE_URL.startswith("https://")
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_NAME = "sessionid"
SESSION_ENGINE = "amo.core.sessions"
SESSION_COOKIE_AGE = 30 * 24 * 3600
CSRF_TRUSTED_ORIGINS = [SITE_URL]
CSRF_FAILURE_VIEW = "amo.core.views.csrf_failure"
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
X_FRAME_OPTIONS = "DENY"

AUTH_USER_MODEL = "users.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# The site's log-in page; paths without /<locale>/<app>/ redirect to the
# visitor's locale, keeping ?to= and ?next=.
LOGIN_URL = "/users/login/"
AUTHENTICATION_BACKENDS = ["amo.users.backends.AccountBackend"]
LOGIN_REDIRECT_URL = "/"
# Signed links: how long an email confirmation (sign-up or a new address)
# and a password reset stay valid, in seconds.
EMAIL_CONFIRMATION_SECONDS = env_int("EMAIL_CONFIRMATION_SECONDS", 3 * 24 * 3600)
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_SECONDS", 24 * 3600, minimum=60)
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Failed log-ins counted in Redis before further tries are refused, per
# account and per client IP, over a window of LOGIN_FAILURE_WINDOW seconds.
LOGIN_FAILURES_PER_ACCOUNT = env_int("LOGIN_FAILURES_PER_ACCOUNT", 5, minimum=1)
LOGIN_FAILURES_PER_IP = env_int("LOGIN_FAILURES_PER_IP", 20, minimum=1)
LOGIN_FAILURE_WINDOW = env_int("LOGIN_FAILURE_WINDOW", 15 * 60, minimum=1)
# Account mails (sign-up confirmations, resends, password resets) one
# client IP may request per ACCOUNT_MAIL_WINDOW seconds.
ACCOUNT_MAILS_PER_IP = env_int("ACCOUNT_MAILS_PER_IP", 10, minimum=1)
ACCOUNT_MAIL_WINDOW = env_int("ACCOUNT_MAIL_WINDOW", 3600, minimum=1)
MESSAGE_STORAGE = "django.contrib.messages.storage.cookie.CookieStorage"

# --- Mail -----------------------------------------------------------------

# With no mail server configured, mail is written to standard output
# (console); AMO_EMAIL_HOST sends it over SMTP. AMO_EMAIL_BACKEND=filebased
# writes each message to a file under AMO_EMAIL_FILE_PATH (the browser
# tests use it). Django's MAILERS replaces the old EMAIL_* settings.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "amo <nobody@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
_email_host = env_str("EMAIL_HOST")
_email_backend = env_str("EMAIL_BACKEND", "smtp" if _email_host else "console")
_email_options: dict[str, object]
if _email_backend == "smtp":
    _email_options = {
        "host": _email_host or "localhost",
        "port": env_int("EMAIL_PORT", 25, minimum=1),
        "username": env_str("EMAIL_HOST_USER"),
        "password": env_str("EMAIL_HOST_PASSWORD"),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        "timeout": env_int("EMAIL_TIMEOUT", 30, minimum=1),
    }
elif _email_backend == "filebased":
    _email_options = {
        "file_path": str(
            Path(env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))).resolve()
        )
    }
elif _email_backend in ("console", "locmem"):
    _email_options = {}
else:
    raise ImproperlyConfigured(
        f"AMO_EMAIL_BACKEND={_email_backend!r} is not one of console, smtp, "
        "filebased or locmem."
    )
MAILERS = {
    "default": {
        "BACKEND": f"django.core.mail.backends.{_email_backend}.EmailBackend",
        "OPTIONS": _email_options,
    }
}

# --- Applications ---------------------------------------------------------

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "amo.core",
    "amo.users",
    "amo.addons",
    "amo.versions",
    "amo.files",
    "amo.devhub",
    "amo.reviewers",
    "amo.search",
    "amo.stats",
    "amo.ratings",
    "amo.collections",
    "amo.catalogue",
    "amo.catalogue.demo",
    # django-ninja: its API docs page and the Swagger UI assets it loads,
    # served from static/ so the page runs under the site's CSP.
    "ninja",
]

MIDDLEWARE = [
    "amo.core.middleware.RequestContextMiddleware",
    "amo.core.middleware.ApiCorsMiddleware",
    "amo.core.middleware.CommonMiddleware",
    "amo.core.middleware.LocaleAppMiddleware",
    "amo.core.middleware.SessionMiddleware",
    "amo.core.middleware.CsrfViewMiddleware",
    "amo.core.middleware.AuthenticationMiddleware",
    "amo.core.middleware.MessageMiddleware",
    "amo.core.middleware.ReplicaPinningMiddleware",
]

ROOT_URLCONF = "amo.urls"
ASGI_APPLICATION = "asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "amo.core.templates.environment",
            "autoescape": True,
            "extensions": [
                "jinja2.ext.i18n",
                "amo.core.fragments.FragmentCacheExtension",
            ],
            # Templates change only on deploy, so they are not re-checked.
            "auto_reload": DEBUG,
        },
    },
    {
        # The admin keeps Django's own templates.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]
# Threads of the executor that renders Jinja2 templates, per process.
RENDER_THREADS = env_int("RENDER_THREADS", 2, minimum=1)

# --- Localisation ---------------------------------------------------------

LANGUAGE_CODE = "en-US"
# The 36 locales that AMO served in 2010, with their native names.
AMO_LANGUAGES = {
    "af": "Afrikaans",
    "ar": "عربي",
    "bg": "Български",
    "ca": "Català",
    "cs": "Čeština",
    "da": "Dansk",
    "de": "Deutsch",
    "el": "Ελληνικά",
    "en-US": "English (US)",
    "es-ES": "Español (de España)",
    "eu": "Euskara",
    "fa": "فارسی",
    "fi": "suomi",
    "fr": "Français",
    "ga-IE": "Gaeilge",
    "he": "עברית",
    "hu": "magyar",
    "id": "Bahasa Indonesia",
    "it": "Italiano",
    "ja": "日本語",
    "ko": "한국어",
    "mn": "Монгол",
    "nl": "Nederlands",
    "pl": "Polski",
    "pt-BR": "Português (do Brasil)",
    "pt-PT": "Português (Europeu)",
    "ro": "Română",
    "ru": "Русский",
    "sk": "slovenčina",
    "sq": "Shqip",
    "sr": "Српски",
    "sv-SE": "Svenska",
    "uk": "Українська",
    "vi": "Tiếng Việt",
    "zh-CN": "中文 (简体)",
    "zh-TW": "正體中文 (繁體)",
}
LANGUAGES = list(AMO_LANGUAGES.items())
RTL_LANGUAGES = {"ar", "fa", "he"}
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

# --- Logging --------------------------------------------------------------

LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOGGING_CONFIG = "amo.core.logging.configure"
LOGGING = {"level": LOG_LEVEL}

# --- API ------------------------------------------------------------------

# What GET /api/v5/site/ reports: whether the site refuses writes, and a
# notice for every page (empty for none).
READ_ONLY = env_bool("READ_ONLY", False)
SITE_NOTICE = env_str("SITE_NOTICE", "")

# Rate limits of the API's writes per user, as "<requests>/<unit>" windows
# (second, minute, hour, day), comma-separated; empty for no limit. They
# are generous, so web-ext runs in a loop or a CI job pass. Uploads and
# submissions (new add-ons and versions) count apart; edits of versions
# count as submissions.
API_THROTTLE_RATES = {
    "upload": env_str("API_THROTTLE_UPLOAD", "20/minute,200/hour,1000/day"),
    "submission": env_str("API_THROTTLE_SUBMISSION", "20/minute,200/hour,1000/day"),
    # Writes of the ratings endpoints: create, edit, delete, reply, flag.
    "rating": env_str("API_THROTTLE_RATING", "10/minute,100/hour,500/day"),
}
# The largest source code archive that a version accepts, in bytes.
MAX_SOURCE_SIZE = env_int("MAX_SOURCE_SIZE", 200 * 1024 * 1024)

# --- Listings -------------------------------------------------------------

PAGE_SIZE = 20

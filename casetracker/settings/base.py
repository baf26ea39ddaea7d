"""Settings shared by every environment.

Production differs from development only through environment variables:
DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DJANGO_DEBUG, DATABASE_URL and CACHE_URL.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get(
    "DJANGO_SECRET_KEY", "insecure-development-key-do-not-use-in-production"
)
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

INSTALLED_APPS = [
    "casetracker.admin_apps.CasetrackerAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "casetracker",
    "publishing",
    "places",
    "people",
    "sources",
    "events",
    "feeds",
    "releases",
    "imports",
    "api",
    "axes",
]

MIDDLEWARE = [
    "casetracker.request_log.RequestIDMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "casetracker.language.LanguageRedirectMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "casetracker.middleware.ContentSecurityPolicyMiddleware",
    "casetracker.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a login refused for lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "casetracker.urls"

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
                "casetracker.language.context",
                "publishing.texts.content_language",
            ],
        },
    },
]

WSGI_APPLICATION = "casetracker.wsgi.application"

# SQLite in the project folder is the zero-setup default; DATABASE_URL switches to PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Planner settings sent with every connection. Storage is an SSD, where a random read
    # costs little more than a sequential one (PostgreSQL's default assumes spinning disks
    # and scans whole tables instead of looking up a few thousand rows by index); and each
    # request runs short queries among many concurrent requests, where parallel workers
    # cost more than they save on a few cores; and no JIT compilation, which PostgreSQL
    # starts whenever a plan's estimated cost passes jit_above_cost: on a name search whose
    # row counts it misjudged, compiling took 50 ms of a 70 ms query that ran in 20.
    # DJANGO_PG_OPTIONS="" keeps the server's own.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = os.environ.get(
        "DJANGO_PG_OPTIONS",
        "-c random_page_cost=1.1 -c max_parallel_workers_per_gather=0 -c jit=off",
    )

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers wait for one another instead of failing with "database is locked".
    # WAL lets readers go on while one connection writes. A transaction that reads before
    # it writes cannot wait its turn once another writer has committed (SQLite answers
    # "locked" at once, whatever the timeout), so every transaction takes the write lock
    # when it begins (IMMEDIATE), and a second writer waits up to `timeout` seconds for it.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL",
            "transaction_mode": "IMMEDIATE",
            "timeout": int(os.environ.get("DJANGO_SQLITE_TIMEOUT", "20")),
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login protection (django-axes). After AXES_FAILURE_LIMIT failed logins for one username
# from one address, that pair is refused (HTTP 429) for AXES_COOLOFF_TIME. Failures are
# counted in the database, so the count holds across gunicorn workers and restarts. Counted
# by the pair, not by the username alone, so that nobody can lock a researcher out from
# elsewhere; nor by the address alone, so that colleagues behind one office address cannot
# lock each other out. A request the CSRF check refuses never reaches the login: it is not
# a failed attempt.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/login_locked.html"
AXES_CLIENT_IP_CALLABLE = "casetracker.proxy.client_address"
# Not the startup banner on every manage.py command; failures and lockouts are still logged.
AXES_VERBOSE = False

# How many reverse proxies in front of the site append to X-Forwarded-For (nginx: one).
# 0, the default, ignores that header: anyone could write it. See casetracker/proxy.py.
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))

LANGUAGE_CODE = "en"
# English has no prefix in the address (/cases/…), Russian and Kazakh have theirs (/ru/…,
# /kk/…): casetracker/language.py. Catalogs in locale/, compiled by `make install`.
LANGUAGES = [
    ("en", _("English")),
    ("ru", _("Russian")),
    ("kk", _("Kazakh")),
]
# The language researchers write records' own texts in (titles, summaries, descriptions);
# each may carry a version in the other languages (publishing/texts.py).
CASETRACKER_RECORDS_LANGUAGE = os.environ.get("CASETRACKER_RECORDS_LANGUAGE", "en")
# Our catalogs first (Django gives the first of LOCALE_PATHS precedence, and all of them
# precedence over the apps' own), then locale_packages/: translations of other packages'
# messages (Django's admin, django-axes, django-simple-history) their own ru/kk catalogs lack
# (issue 19), kept apart so that makemessages --no-obsolete never touches them.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_packages"]
# Per-language formats (partial dates, numbers); Django's own for the rest.
FORMAT_MODULE_PATH = ["casetracker.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

# Data releases (manage.py build_release) are written here and served from /data/.
CASETRACKER_RELEASES_DIR = Path(
    os.environ.get("CASETRACKER_RELEASES_DIR", BASE_DIR / "var" / "releases")
)
# The case list counts its facets only while the filtered list holds at most this many
# cases: their cost grows with the rows (events.facets reads every row and its case's
# courts, charges and places by id: about 10 ms per 1,000 rows, 46 ms for the busiest
# judge's 4,358 at the benchmark's size, which took that page to 140 ms uncached), and a
# reader narrows a list of hundreds of thousands with the filters first. At 2,500 the
# facets cost at most about 30 ms, and a filtered page stays under 100 ms uncached.
CASETRACKER_FACET_ROW_LIMIT = int(os.environ.get("CASETRACKER_FACET_ROW_LIMIT", "2500"))
# The case list counts its rows exactly up to this many; beyond, on PostgreSQL, it shows the
# planner's estimate as "about 250,000 sentences" (events.paging.count_rows): an exact count
# reads every row it counts, and its time grows with the data.
CASETRACKER_EXACT_COUNT_LIMIT = int(os.environ.get("CASETRACKER_EXACT_COUNT_LIMIT", "10000"))
# The public site's address, for the links written into files made offline (releases).
CASETRACKER_SITE_URL = os.environ.get("CASETRACKER_SITE_URL", "http://localhost:8000")

# CSV exports streaming at once, across every worker and machine sharing the cache (Redis in
# production): one more is answered 503 with Retry-After (events.export_slots). A slot left
# by a worker that died mid-export expires after CASETRACKER_EXPORT_SLOT_SECONDS.
CASETRACKER_EXPORT_LIMIT = int(os.environ.get("CASETRACKER_EXPORT_LIMIT", "4"))
CASETRACKER_EXPORT_RETRY_AFTER = int(os.environ.get("CASETRACKER_EXPORT_RETRY_AFTER", "30"))
CASETRACKER_EXPORT_SLOT_SECONDS = int(os.environ.get("CASETRACKER_EXPORT_SLOT_SECONDS", "120"))
# An export of at most this many rows is kept whole once per generation of the public site
# while pages are cached (events.views.case_csv): about 0.7 MB per 1,000 rows.
CASETRACKER_KEPT_EXPORT_ROWS = int(os.environ.get("CASETRACKER_KEPT_EXPORT_ROWS", "10000"))

LOGIN_URL = "admin:login"

# The cache, shared by every process that serves the site: cached public pages (see
# publishing/generation.py), the API's rate limit and the export limits. CACHE_URL names it
# (DJANGO_REDIS_URL, its older name, still works): redis://host:port/db (or rediss://,
# unix://) for Redis; unset or locmem:// for each process's own memory, which needs no setup
# but is shared by no one (production settings refuse it). CACHE_KEY_PREFIX keeps several
# sites (or test runs) in one Redis apart.
CACHE_URL = os.environ.get("CACHE_URL") or os.environ.get("DJANGO_REDIS_URL", "")
REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


def cache_config(url: str, key_prefix: str = "") -> dict:
    """The ``CACHES["default"]`` entry for ``url``."""
    if url.startswith(REDIS_SCHEMES):
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": key_prefix,
            # A Redis that is down or unreachable answers within a second, so that a page
            # is served uncached instead of waiting on it (publishing.generation).
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        }
    if url in ("", "locmem://"):
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_PREFIX": key_prefix,
        }
    raise ValueError(f"CACHE_URL: expected redis://, rediss://, unix:// or locmem://, not {url!r}")


CACHES = {"default": cache_config(CACHE_URL, os.environ.get("CACHE_KEY_PREFIX", ""))}
# Public pages (casetracker.public_pages): how long browsers and proxies may reuse
# one without asking (Cache-Control max-age), and how long the server keeps it. A publish,
# retract or amendment makes every cached page stale at once whatever these say. 0 seconds:
# pages are not stored (they keep their ETag and Cache-Control).
PUBLIC_PAGE_MAX_AGE = int(os.environ.get("CASETRACKER_PUBLIC_MAX_AGE", "60"))
PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("CASETRACKER_PAGE_CACHE_SECONDS", "3600"))

# The public JSON API (api/): read-only, anonymous, JSON only (the browsable HTML API would
# need inline scripts the site's CSP refuses), cursor-paginated, rate-limited per client.
API_RATE_LIMIT = os.environ.get("DJANGO_API_RATE_LIMIT", "120/minute")
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ClientRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Casetracker API",
    "DESCRIPTION": (
        "Read-only access to the public records of Casetracker: cases (sentences), people, "
        "organizations, places, protests, proceedings, sources and citations. Only what the "
        "public site shows; a person at risk appears under a pseudonym only."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Each menu under its own name in the schema (many models have a "kind").
    "ENUM_NAME_OVERRIDES": {
        f"{name}Enum": f"{app}.models.{name}"
        for app, names in {
            "people": ["OrganizationKind"],
            "places": ["PlaceKind"],
            "events": [
                "ProtestKind",
                "ProtestStatus",
                "SloganKind",
                "ProceedingKind",
                "MeasureKind",
                "MeasureChangeKind",
                "SentenceKind",
                "SentenceStatus",
                "TermUnit",
                "HearingKind",
            ],
        }.items()
        for name in names
    },
}

# Every log record goes to stderr (gunicorn's and the container's log), each line naming its
# request; an error's traceback follows its line. DJANGO_LOG_LEVEL=WARNING quietens it.
LOG_LEVEL = os.environ.get("DJANGO_LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_context": {"()": "casetracker.request_log.RequestContextFilter"}},
    "formatters": {
        "request": {
            "format": "%(asctime)s %(levelname)s %(name)s request_id=%(request_id)s "
            "method=%(method)s path=%(path)s user_id=%(user_id)s %(message)s",
        },
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "filters": ["request_context"],
            "formatter": "request",
        },
    },
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    "loggers": {
        # Up to the root's handler only, not also to Django's default debug console.
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        # Three lines per failed login; its warnings (each failure, each lockout) suffice.
        "axes": {"level": "WARNING"},
    },
}

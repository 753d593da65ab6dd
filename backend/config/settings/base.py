"""Settings shared by every environment. Values that differ per deployment come from the environment."""

from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from backend.config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parents[3]
VAR_DIR = BASE_DIR / "var"

SECRET_KEY = env_str("SECRET_KEY", "insecure-development-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    # The backend's apps, lowest first: each imports only those listed before it (import-linter checks it).
    "backend.core",
    "backend.accounts",
    "backend.places",
    "backend.notifications",
    "backend.planning",
    "backend.stock",
    "backend.sync",
    "backend.crew",
    "backend.outreach",
    "backend.reports",
    "backend.mapping",
    "backend.demo",
    "backend.console",  # the coordinators' pages, beside the coordinators' API
    "mobile_api.driver",  # the driver-librarian's app: static files only
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "backend.config.urls"
WSGI_APPLICATION = "backend.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "backend" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "backend.console.navigation.header_menu",
            ],
        },
    },
]

# The embedded default is an SQLite file; production sets DATABASE_URL to PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'bookbus.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "backend" / "locale"]
# Number formats Django lacks for Vietnamese (the thousands dot of |intcomma).
FORMAT_MODULE_PATH = ["backend.config.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["backend.config.formats"]  # Vietnamese thousands grouped (1.234,5) where a page asks for it

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "maps" / "static"]  # Leaflet and the maps' own CSS: no CDN
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

REST_FRAMEWORK = {
    # Token first, so that an anonymous API call gets 401 with a WWW-Authenticate header rather than 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON bounded in size (API_MAX_JSON_BYTES) and nesting: a 4 KB body of nested brackets is a 400, not a 500.
    "DEFAULT_PARSER_CLASSES": [
        "backend.http.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "backend.http.filters.FoldedSearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "backend.http.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "backend.http.schema.ErrorsDocumentedAutoSchema",
    "EXCEPTION_HANDLER": "backend.http.exception_handler.handle_exception",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "BookBus API",
    "DESCRIPTION": "Mobile library bus: network, stock, rotation, routes and the crew's phone API.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # one name wherever it appears
    "ENUM_NAME_OVERRIDES": {
        "SkipCauseEnum": "backend.planning.models.SkipCause",
        "ConfirmedViaEnum": "backend.stock.models.ConfirmedVia",
        "CollectionUseSourceEnum": "backend.stock.models.UseSource",
        "CopySourceEnum": "backend.stock.models.CopySource",
    },
}

# Background jobs: with no broker configured they run in-process (the embedded default).
CELERY_TASK_ALWAYS_EAGER = not env_str("CELERY_BROKER_URL", "")
# "memory://" keeps kombu from looking for an AMQP server on localhost when tasks run in-process.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "") or "memory://"
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", "") or None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# Planning runs are capped well below this, so a slow run is never redelivered while still running.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TIMEZONE = TIME_ZONE
# Where a beat runs (celery -A backend.config worker -B): the reporting-deadline reminders go out each morning
# (without a beat: `manage.py deadline_reminders` from cron), and runs whose worker died end within a minute without
# anyone looking (reading or cancelling runs ends them too).
CELERY_BEAT_SCHEDULE = {
    "deadline-reminders": {"task": "reports.deadline_reminders", "schedule": 24 * 3600.0},
    "planning-runs-reap": {"task": "planning.runs_reap", "schedule": 60.0},
    "reader-notices-retry": {"task": "crew.reader_notices_retry", "schedule": 300.0},
}
# A running planning job touches its run this often; a run silent for PLANNING_RUN_STALE_S lost its worker.
PLANNING_RUN_HEARTBEAT_S = env_int("BOOKBUS_PLANNING_RUN_HEARTBEAT_S", 10)
PLANNING_RUN_STALE_S = env_int("BOOKBUS_PLANNING_RUN_STALE_S", 45)

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "BookBus <no-reply@bookbus.local>")


def _tile_origin(url: str) -> str:
    """The origin map tiles come from, for the Content-Security-Policy: ``{s}`` subdomains become a wildcard."""
    scheme, _sep, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0].replace('{s}', '*')}"


# Every setting of BookBus's own has its one default here; the code reads them without defaults of its own.
BOOKBUS = {
    "TILE_URL": env_str("BOOKBUS_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
    # The phone's batches: events per request, and how far a device's clock may run ahead of the server's.
    "SYNC_MAX_BATCH": 500,
    "SYNC_MAX_CLOCK_SKEW_S": 600,
    # An event whose prerequisite (a reader, a copy's arrival, a collection, an earlier event of the same phone)
    # has not arrived waits this long after its device time for it; then it gets its final answer.
    "SYNC_WAIT_HOURS": 48,
    # An event for a visit is accepted when its device time falls on the visit's day, give or take this many
    # hours (a stop that runs past midnight, a phone clock a little off); otherwise it is refused.
    "SYNC_VISIT_DAY_TOLERANCE_H": 6,
    # How schools and readers are told of a change besides the in-app notification: dotted paths of senders
    # (backend.notifications.senders), e.g. ["backend.notifications.senders.EmailSender"].
    "NOTIFICATION_SENDERS": env_list("BOOKBUS_NOTIFICATION_SENDERS", "backend.notifications.senders.EmailSender"),
    # backend.notifications.senders.HttpSmsSender's gateway: where it posts (URL), as "json" or "form", with the
    # API key as a bearer token (or in the header API_KEY_HEADER names), the sender name shown on the phone, the
    # gateway's names for the number, the sender and the text (BOOKBUS_SMS_GATEWAY_FIELDS "to=Phone,text=Content").
    "SMS_GATEWAY": {
        "URL": env_str("BOOKBUS_SMS_GATEWAY_URL", ""),
        "FORMAT": env_str("BOOKBUS_SMS_GATEWAY_FORMAT", "json"),
        "API_KEY": env_str("BOOKBUS_SMS_GATEWAY_API_KEY", ""),
        "API_KEY_HEADER": env_str("BOOKBUS_SMS_GATEWAY_API_KEY_HEADER", "Authorization"),
        "SENDER": env_str("BOOKBUS_SMS_SENDER", "BookBus"),
        "FIELDS": {
            "to": "to",
            "from": "from",
            "text": "text",
            **dict(item.split("=", 1) for item in env_list("BOOKBUS_SMS_GATEWAY_FIELDS") if "=" in item),
        },
        "TIMEOUT_S": env_int("BOOKBUS_SMS_GATEWAY_TIMEOUT_S", 10),
    },
    # A reader notice a channel failed to deliver is tried again this many times, after 5, 10, 20… minutes.
    "NOTICE_MAX_ATTEMPTS": 5,
    "NOTICE_RETRY_FIRST_S": 300,
    # Reports: the yearly growth a site is measured against; reading events moved or added, e.g.
    # {"book_day": {"start": (4, 14), "end": (4, 25)}} (backend/reports/selectors.py, EVENTS).
    "REPORT_GROWTH_TARGET": 0.10,
    "REPORT_EVENTS": {},
    # Reports sum the daily figures (reports.DayFigures) instead of the records; False: over the records.
    "REPORT_DAILY_FIGURES": True,
    # Circular 05/2022/TT-BVHTTDL: a mobile-library trip needs a driver and two library staff; a rotation
    # delivery at least one person.
    "CREW_DRIVERS": 1,
    "CREW_LIBRARY_STAFF": 2,
    "CREW_ROTATION_DELIVERY": 1,
    # Handover and return records and the withdrawal list as PDF: a TrueType font with Vietnamese glyphs
    # (Debian's fonts-dejavu-core), regular and bold.
    "PDF_FONT": env_str("BOOKBUS_PDF_FONT", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    "PDF_FONT_BOLD": env_str("BOOKBUS_PDF_FONT_BOLD", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    # The first date the rule "a stocktake after every trip" applies to (YYYY-MM-DD); earlier trips are not flagged.
    "TRIP_STOCKTAKE_FROM": env_str("BOOKBUS_TRIP_STOCKTAKE_FROM", ""),
    # What a point is told about keeping a deposited collection (printed on the handover record).
    "HANDOVER_GUIDANCE": "",
    # Without a broker, planning runs are carried out by a thread of the web process rather than inside the request
    # that starts them (an eager task would block it for the whole solve).
    "PLANNING_RUNS_IN_THREAD": CELERY_TASK_ALWAYS_EAGER,
    # Days before a reporting deadline (30/12, 15/11, 12/6) on which coordinators are reminded.
    "DEADLINE_REMINDER_DAYS": (7,),
    # The largest catalogue file (CSV or MARC) the API and the console import; a larger upload is refused (413)
    # before it is read whole. ``manage.py import_catalogue`` reads local files without this limit.
    "IMPORT_MAX_BYTES": env_int("BOOKBUS_IMPORT_MAX_BYTES", 5 * 1024 * 1024),
    # Every date typed into either API or the console (plans, closures, loans, cards, requests...) lies between
    # 1 January of DATE_MIN_YEAR and this many years after today; anything else is a 400 naming the field.
    "DATE_MIN_YEAR": 1900,
    "DATE_MAX_YEARS_AHEAD": env_int("BOOKBUS_DATE_MAX_YEARS_AHEAD", 5),
}

# Rules of the trade (Circular 05/2022/TT-BVHTTDL and library practice; see DOMAIN.md).
STOCK_LOAN_LIMIT = env_int("BOOKBUS_LOAN_LIMIT", 3)
# Books a reader may have on loan by category (stock.ReaderCategory); a reader without a category gets the above.
STOCK_LOAN_LIMITS = {
    "child": env_int("BOOKBUS_LOAN_LIMIT_CHILD", 2),
    "pupil": env_int("BOOKBUS_LOAN_LIMIT_PUPIL", 3),
    "adult": env_int("BOOKBUS_LOAN_LIMIT_ADULT", 5),
    "elderly": env_int("BOOKBUS_LOAN_LIMIT_ELDERLY", 3),
}
STOCK_CARD_YEARS = env_int("BOOKBUS_CARD_YEARS", 3)  # a new card is valid this many years
STOCK_LOAN_DAYS = env_int("BOOKBUS_LOAN_FALLBACK_DAYS", 21)  # when no visit to the stop is planned
STOCK_MIN_COPIES_TO_ROTATE = 3  # a rotating collection smaller than this is not worth a box
STOCK_DEFAULT_STAY_DAYS = 60  # how long a deposited collection stays unless told otherwise
STOCK_MAX_STAY_DAYS = 183
STOCK_ROTATION_MAX_BOOKS = 300  # the norm's largest collection (100–300 books)
# Catalogue search counts its matches up to this many; past it the total is "more than".
CATALOGUE_SEARCH_COUNT_CAP = 1000
# Idempotency-Keys are kept this long (sync_purge_keys); events stay exactly-once by their own ids.
SYNC_IDEMPOTENCY_KEY_DAYS = 30
# A request still "running" with its Idempotency-Key after this long died without answering: a retry takes the key
# over (backend/sync/services/idempotency.py). Longer than any request may take (gunicorn's timeout is 30 s).
SYNC_IDEMPOTENCY_LEASE_S = env_int("BOOKBUS_SYNC_IDEMPOTENCY_LEASE_S", 120)

# Password guessing on the web sign-in page, the phone's sign-in and the API token: attempts per client address.
SIGN_IN_RATE = env_str("BOOKBUS_SIGN_IN_RATE", "10/min")
# The reverse proxies in front of the server (addresses or networks, e.g. "127.0.0.1,10.0.0.0/8"): only a request
# from one of them has its X-Forwarded-For read for the client's address (backend/core/client.py).
TRUSTED_PROXIES = env_list("BOOKBUS_TRUSTED_PROXIES", "")


def _cache(url: str) -> dict:
    """``CACHE_URL``: ``redis://host:port/db`` for a cache shared by every process (the sign-in counts live there);
    unset, each process keeps its own in memory (enough for the quickstart's one process)."""
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}


CACHES = {"default": _cache(env_str("CACHE_URL", ""))}
# The largest JSON body the phone API reads: 500 events of up to 20 KB each.
MOBILE_MAX_JSON_BYTES = env_int("BOOKBUS_MAX_JSON_BYTES", 10 * 1024 * 1024)
# The largest JSON body the coordinators' API reads (its largest bodies are a few kilobytes).
API_MAX_JSON_BYTES = 2 * 1024 * 1024
# Django refuses bodies over this before any parser sees them (its default, 2.5 MiB, was the phone's real limit):
# the documented limits above are the real ones.
DATA_UPLOAD_MAX_MEMORY_SIZE = max(MOBILE_MAX_JSON_BYTES, API_MAX_JSON_BYTES) + 64 * 1024

# A strict Content-Security-Policy on every page: scripts and styles from our own static files, or inline only
# with the response's nonce (the Folium maps; templates carry none); no eval, no plugins, no framing elsewhere.
# htmx is served from /static/ and needs nothing more (base.html turns its inline indicator styles off).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", "blob:", _tile_origin(BOOKBUS["TILE_URL"])],
        "connect-src": [SELF],
        "font-src": [SELF, "data:"],
        "manifest-src": [SELF],
        "worker-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

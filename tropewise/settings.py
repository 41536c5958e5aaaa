"""Tropewise settings, driven by environment variables.

Locally nothing needs setting: SQLite under var/, DEBUG on, a throwaway secret.
In production (DEBUG=false) SECRET_KEY and ALLOWED_HOSTS are required.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in ("1", "true", "on"):
        return True
    if lowered in ("0", "false", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (or 1/0, on/off), not {value!r}.")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name, default=()):
    value = os.environ.get(name, "")
    return [item.strip() for item in value.split(",") if item.strip()] or list(default)


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is required when DEBUG is false.")
    SECRET_KEY = "insecure-local-development-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is required when DEBUG is false.")
# DEBUG shows anyone tracebacks and settings, and signs with a published key: this machine only.
if DEBUG and not set(ALLOWED_HOSTS) <= {
    "127.0.0.1",
    "localhost",
    ".localhost",
    "[::1]",
    "testserver",
}:
    raise ImproperlyConfigured(
        f"DEBUG is on, which is for this machine only, yet ALLOWED_HOSTS names "
        f"{', '.join(ALLOWED_HOSTS)}: set DEBUG=false (with SECRET_KEY) to serve other hosts."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The site's own address, for absolute URLs (canonical links, og: tags, links in emails):
# never taken from the request, whose host may be any allowed alias.
SITE_URL = (
    os.environ.get("SITE_URL")
    or ("http://127.0.0.1:8000" if DEBUG else f"https://{ALLOWED_HOSTS[0].lstrip('.')}")
).rstrip("/")

INSTALLED_APPS = [
    "tropewise.apps.TropewiseAdminConfig",  # branded, opening on the moderators' desk
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",  # its templates; wiki.sitemaps lists the pages
    "django.contrib.postgres",  # search on PostgreSQL; inert on SQLite
    "simple_history",
    "markdownx",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # the docs page's scripts and styles, served as static files
    "corsheaders",
    "accounts",
    "wiki",
    "tropes",
    "tropewise.serving",
]

MIDDLEWARE = [
    # First, so that every log line of the request and every answer carry its id.
    "tropewise.serving.requestid.middleware",
    # The balancer's checks, before any rule, session or cache: they touch nothing else.
    "tropewise.health.answer_checks",
    # Outermost after those, so that every answer carries these headers: static files,
    # refusals, and the kept pages serve_readers answers early (and the replay layer
    # replays, headers and all).
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before anything answers (static files, kept pages); the replay layer applies them too.
    "tropewise.serving.rules.apply_rules",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tropewise.serving.pagecache.serve_readers",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Before CommonMiddleware, which may answer first: the read API's CORS headers (/api/).
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before CsrfViewMiddleware.process_view reads the body: files only from who may send them.
    "wiki.uploads.only_uploaders_send_files",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "tropewise.serving.pagecache.private_for_members",
    # Members' pages of kept views: what members like them share is kept, then filled in.
    "tropewise.serving.members.MembersPages",
    # Last, so that every other middleware has seen the request before a kept view runs.
    "tropewise.serving.pagecache.KeptViews",
]

ROOT_URLCONF = "tropewise.urls"
WSGI_APPLICATION = "tropewise.wsgi.application"

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
                "accounts.context_processors.reading_preferences",
                "accounts.context_processors.member",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'tropewise.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# A read replica takes the reads of GET requests (tropewise.serving.replicas). After a change,
# a client reads from the primary for REPLICA_LAG_SECONDS, longer than the replica may lag.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}  # tests use the one test database
    DATABASE_ROUTERS = ["tropewise.serving.replicas.ReplicaRouter"]
    # Before the session is read, so that it is read from the replica too.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
        "tropewise.serving.replicas.replica_reads",
    )
REPLICA_LAG_SECONDS = env_int("REPLICA_LAG_SECONDS", 5)
# PostgreSQL: the longest one query of a web request may run, so that one slow query cannot
# hold a worker (it answers 503, tropewise.outages); 0 for none. manage.py sets 0 for
# commands (imports, migrations, checks), whose long queries are expected. And how long a
# worker waits for a connection, where a database host that vanished would hold it minutes.
STATEMENT_TIMEOUT_MS = env_int("STATEMENT_TIMEOUT_MS", 5000)
DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT", 5)
# PostgreSQL: values are sent apart from the query (server-side binding), so that a query a
# connection has sent five times is prepared: parsed and planned once, not on each request.
# Planning took a quarter of a page's database time (a first render: 60 ms, 45 prepared).
# Off behind a pooler that cannot keep prepared statements (PgBouncer's transaction mode
# before 1.21).
DATABASE_PREPARED_STATEMENTS = env_bool("DATABASE_PREPARED_STATEMENTS", True)
for database in DATABASES.values():
    if database["ENGINE"] == "django.db.backends.postgresql":
        database.setdefault("OPTIONS", {}).update(
            connect_timeout=DATABASE_CONNECT_TIMEOUT,
            options=f"-c statement_timeout={STATEMENT_TIMEOUT_MS}",
        )
        if DATABASE_PREPARED_STATEMENTS:
            database["OPTIONS"].update(server_side_binding=True, prepare_threshold=5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "tropewise.serving.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "tropewise",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Rate-limit counters and sign-in lockouts live apart from page copies, so that no flood of
# copies can evict them: in production LIMITS_REDIS_URL names a Redis that never evicts
# (maxmemory-policy noeviction); REDIS_URL serves both where no such instance is given.
if os.environ.get("LIMITS_REDIS_URL") or os.environ.get("REDIS_URL"):
    CACHES["limits"] = {
        "BACKEND": "tropewise.serving.redis.RedisCache",
        "LOCATION": os.environ.get("LIMITS_REDIS_URL") or os.environ["REDIS_URL"],
        "KEY_PREFIX": "tropewise-limits",
        # While Redis is unreachable, limits are counted in each process: never switched off.
        "OPTIONS": {"FALLBACK": True},
    }
else:
    CACHES["limits"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "limits",
    }

# Anonymous readers' pages, whole (tropewise.serving.pagecache): kept until the page changes,
# at most PAGE_CACHE_SECONDS; a CDN may serve a copy up to PAGE_CDN_SECONDS old.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 24 * 3600)
PAGE_CDN_SECONDS = env_int("PAGE_CDN_SECONDS", 60)
HOME_CACHE_SECONDS = env_int("HOME_CACHE_SECONDS", 30)  # its lists may be this old
# How old the sitemap may be, and how long crawlers may keep robots.txt.
SITEMAP_CACHE_SECONDS = env_int("SITEMAP_CACHE_SECONDS", 3600)
# With a cache every app server shares, pages' stamps are published there (serving.stamps)
# and a kept page costs no query. Kept at most PAGE_STAMP_SECONDS: the longest a copy can
# outlive its page when two changes to it commit at the same instant.
PAGE_STAMPS_SHARED = bool(os.environ.get("REDIS_URL"))
PAGE_STAMP_SECONDS = env_int("PAGE_STAMP_SECONDS", 60)
# With Redis, each process also holds the kept pages it replayed last, up to this many bytes.
REPLAY_MEMORY_BYTES = env_int("REPLAY_MEMORY_BYTES", 32 * 1024 * 1024)
RELEASE = os.environ.get("RELEASE", "")  # names cached pages' release; a code hash otherwise

AUTH_USER_MODEL = "accounts.User"
# The first reads a signed-in member with their role and ban in one query; Django's own
# still answers sessions it signed in.
AUTHENTICATION_BACKENDS = [
    "accounts.backends.MemberBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "tropes:home"
LOGOUT_REDIRECT_URL = "tropes:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = os.environ.get("STATIC_ROOT") or VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_ROOT = BASE_DIR / "static" / "root"  # /favicon.ico, which browsers ask for unasked
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
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Where `manage.py export_wiki` writes the dumps /dumps lists and serves (one folder each).
DUMPS_DIR = Path(os.environ.get("DUMPS_DIR", VAR_DIR / "dumps"))

# Uploaded images go under MEDIA_ROOT, or with MEDIA_STORAGE=s3 to an S3 bucket (or an
# S3-compatible store) through django-storages, which is not installed by default:
# pip install "django-storages[s3]". Credentials come from AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY in the environment, or the machine's role, found by boto3.
MEDIA_STORAGE = os.environ.get("MEDIA_STORAGE", "filesystem")
MEDIA_IMAGE_SOURCES = []  # another host uploaded images are shown from, for the CSP
if MEDIA_STORAGE == "s3":
    if not os.environ.get("AWS_STORAGE_BUCKET_NAME"):
        raise ImproperlyConfigured("AWS_STORAGE_BUCKET_NAME is required when MEDIA_STORAGE=s3.")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            # Image addresses are written into page text, so they must never expire:
            # plain public URLs, not signed ones.
            "querystring_auth": False,
            # Page images keep their uploaded names: another page's "cover.jpg" gets a new
            # name, as on disk, instead of replacing this one.
            "file_overwrite": False,
        },
    }
    if os.environ.get("AWS_S3_CUSTOM_DOMAIN"):
        MEDIA_IMAGE_SOURCES = [f"https://{os.environ['AWS_S3_CUSTOM_DOMAIN']}"]
elif MEDIA_STORAGE != "filesystem":
    raise ImproperlyConfigured(f"MEDIA_STORAGE must be filesystem or s3, not {MEDIA_STORAGE!r}.")

# Security: strict by default in production, overridable where a proxy terminates TLS.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Only this site's own scripts, styles and forms: markup that slipped past the sanitizer
# still could not run a script, load one from elsewhere or post a form to another site.
# Nothing inline: htmx is told not to add its indicator styles or evaluate code (base.html).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *MEDIA_IMAGE_SOURCES],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
# Browser features the site never uses, turned off for it and anything it might embed.
PERMISSIONS_POLICY = dict.fromkeys(
    [
        "accelerometer",
        "ambient-light-sensor",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ],
    [],
)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies in front append to X-Forwarded-For: the client's address, which rate
# limits count by, is the Nth from the right (0: REMOTE_ADDR is the client's).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Edit summaries, and the ones the wiki writes for moves and reverts, can be long.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Email: printed to the console unless EMAIL_HOST names an SMTP server.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
# Seconds the mail server has to answer each step of a delivery; past them the message is kept
# and retried later (accounts.mail), instead of a worker thread waiting on the server for ever.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Tropewise <noreply@localhost>")

# Markdown editor: previews go through wiki.markup.render (with red links marked),
# uploads are images only.
MARKDOWNX_MARKDOWNIFY_FUNCTION = "wiki.preview.render_preview"
MARKDOWNX_URLS_PATH = "/markdownx/markdownify/"
MARKDOWNX_UPLOAD_URLS_PATH = "/markdownx/upload/"
MARKDOWNX_MEDIA_PATH = "uploads/"
MARKDOWNX_UPLOAD_MAX_SIZE = 5 * 1024 * 1024
MARKDOWNX_UPLOAD_CONTENT_TYPES = ["image/jpeg", "image/png", "image/gif", "image/webp"]
# Any request body larger than this is refused (413) by its length, before it is read: room
# for the largest image upload and its form around it.
MAX_REQUEST_BYTES = env_int("MAX_REQUEST_BYTES", 6 * 1024 * 1024)

# Rate limits: actions one user may take per minute before getting a 429.
VOTE_RATE_LIMIT = env_int("VOTE_RATE_LIMIT", 30)
EDIT_RATE_LIMIT = env_int("EDIT_RATE_LIMIT", 20)
PREVIEW_RATE_LIMIT = env_int("PREVIEW_RATE_LIMIT", 60)
UPLOAD_RATE_LIMIT = env_int("UPLOAD_RATE_LIMIT", 10)
REPORT_RATE_LIMIT = env_int("REPORT_RATE_LIMIT", 10)
POST_RATE_LIMIT = env_int("POST_RATE_LIMIT", 6)  # discussion posts, threads and post edits
# Requests one address may make to the read API (/api/v1/) per minute.
API_RATE_LIMIT = env_int("API_RATE_LIMIT", 300)
# Changes one author may have waiting for review at once, so no one can bury the queue.
MAX_PENDING_PER_AUTHOR = env_int("MAX_PENDING_PER_AUTHOR", 20)
# A member's first posts in discussions that link to other sites wait for review, this many.
DISCUSSION_HELD_POSTS = env_int("DISCUSSION_HELD_POSTS", 3)
SIGNUP_RATE_LIMIT = env_int("SIGNUP_RATE_LIMIT", 5)  # per address and hour
# Failed sign-ins in 15 minutes (accounts/lockout.py): per account from one address, from
# one address in all, and for one account from every address that has failed for it.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 20)
LOGIN_ACCOUNT_FAILURE_LIMIT = env_int("LOGIN_ACCOUNT_FAILURE_LIMIT", 20)
# Emails one address, one account or one target address may ask for an hour (reset, change).
MAIL_RATE_LIMIT = env_int("MAIL_RATE_LIMIT", 3)

# Roles: a new editor becomes trusted after this many edits and days since signing up;
# accounts vote once they are this old.
TRUST_AFTER_EDITS = env_int("TRUST_AFTER_EDITS", 20)
TRUST_AFTER_DAYS = env_int("TRUST_AFTER_DAYS", 7)
# Repair cases holding a slot (open, or decided and awaiting work); more wait in a queue.
REPAIR_MAX_OPEN = env_int("REPAIR_MAX_OPEN", 50)
VOTE_MIN_ACCOUNT_AGE_HOURS = env_int("VOTE_MIN_ACCOUNT_AGE_HOURS", 24)

# The launch pad (tropes.launch): voting on a draft opens this many days after it is posted;
# a launch needs this many net hats and examples; a draft idle this many days goes stale,
# and one with this many net bombs is discarded. Creating a page in Main directly is a
# moderators' privilege unless MAIN_CREATION_MODERATORS_ONLY is false.
LAUNCH_VOTE_DELAY = env_int("LAUNCH_VOTE_DELAY", 3)
LAUNCH_MIN_HATS = env_int("LAUNCH_MIN_HATS", 5)
LAUNCH_MIN_EXAMPLES = env_int("LAUNCH_MIN_EXAMPLES", 5)
LAUNCH_STALE_DAYS = env_int("LAUNCH_STALE_DAYS", 90)
LAUNCH_DISCARD_BOMBS = env_int("LAUNCH_DISCARD_BOMBS", 5)
MAIN_CREATION_MODERATORS_ONLY = env_bool("MAIN_CREATION_MODERATORS_ONLY", True)

# Uploaded images: bytes are capped by MARKDOWNX_UPLOAD_MAX_SIZE, pixels (all frames) here.
MAX_UPLOAD_PIXELS = env_int("MAX_UPLOAD_PIXELS", 25_000_000)

# Longest page body accepted, and the size above which editors are told a page is long.
MAX_PAGE_CHARS = env_int("MAX_PAGE_CHARS", 300_000)
PAGE_SIZE_HINT_CHARS = env_int("PAGE_SIZE_HINT_CHARS", 60_000)
# Longest example text or page quote: markup costs CPU to parse, so every input is bounded.
MAX_SNIPPET_CHARS = env_int("MAX_SNIPPET_CHARS", 20_000)
# Form data a request may send, in bytes: room for a page body of MAX_PAGE_CHARS at 4 bytes
# a character (UTF-8's most; a browser's percent-encoded English text takes about 1.3).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 4 * MAX_PAGE_CHARS + 100_000)
# Uploaded files larger than this go to a temporary file instead of staying in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("FILE_UPLOAD_MAX_MEMORY_SIZE", 1024 * 1024)

# Logs go to the standard error: plain text, or with LOG_FORMAT=json one JSON object a line
# (time, level, logger, message, request_id, exc_info) for a log collector.
LOG_FORMAT = os.environ.get("LOG_FORMAT") or "text"
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Each record gets the id of the request it was written for (tropewise.serving.requestid).
    "filters": {
        "request_id": {"()": "tropewise.serving.requestid.RequestIdFilter"},
        "database_outages": {"()": "tropewise.outages.QuietOutages"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # While the database is unreachable, one line a minute instead of a traceback a request.
    "loggers": {"django.request": {"filters": ["database_outages"]}},
}
if LOG_FORMAT == "json":
    LOGGING["formatters"] = {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": ["levelname", "name", "message", "request_id"],
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",  # ISO 8601, in UTC
        }
    }
    LOGGING["handlers"]["console"]["formatter"] = "json"
    # Django's own handlers write plain text (its console one in DEBUG, runserver's lines):
    # their records go to the handler above instead.
    LOGGING["loggers"] |= {
        "django": {"handlers": [], "propagate": True},
        "django.server": {"handlers": [], "propagate": True},
    }

# The read API (/api/v1/, tropes/api/): anonymous reads only, JSON, its own rate limit. No
# session or CSRF: nothing in it writes, and no member's cookie changes what it answers.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": ["tropes.api.limits.AddressRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Tropewise read API",
    "DESCRIPTION": (
        "Read-only, anonymous access to the wiki's pages, works, tropes, examples, histories, "
        "recent changes and search. Every text comes twice: `html`, rendered as on the site, "
        'where each spoiler is a `<span class="spoiler">` a client must hide, and `text`, '
        "plain text with spoilers and notes removed, safe to show anywhere. Lists are read "
        "by cursor: follow `next`. Answers carry an ETag; send it back in If-None-Match to "
        "get a 304."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"validatorUrl": None},  # no request to another site
    "ENUM_NAME_OVERRIDES": {"TropeKindEnum": "tropes.models.Trope.Kind"},
}
# Any site may read the API from a browser; nothing else of ours answers another origin.
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "if-none-match"]
CORS_EXPOSE_HEADERS = ["ETag", "Retry-After"]
CORS_PREFLIGHT_MAX_AGE = 86400

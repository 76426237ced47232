"""The one settings module. Everything comes from the environment, with embedded defaults.

With nothing set, Goedwonen runs in production mode (it fails closed) on SQLite under ./var/;
production sets GOEDWONEN_SECRET_KEY and GOEDWONEN_ALLOWED_HOSTS (docs/deployment.md).
Development asks for debug mode with GOEDWONEN_DEBUG=true; `goedwonen demo` and the test suite
ask for it themselves.
"""

import contextlib
import os
import re
import secrets
import tempfile
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from django.core.exceptions import ImproperlyConfigured

from goedwonen.aanmelden.conf import oidc_from_environment


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PACKAGE_DIR = Path(__file__).resolve().parent
# The checkout root: where node_modules and ./var live when run from a clone.
PROJECT_DIR = Path(os.environ.get("GOEDWONEN_PROJECT_DIR", PACKAGE_DIR.parent.parent))
VAR_DIR = Path(os.environ.get("GOEDWONEN_VAR_DIR", PROJECT_DIR / "var"))
DATA_DIR = Path(os.environ.get("GOEDWONEN_DATA_DIR", VAR_DIR / "data"))
# Most memory the analytics engine (DuckDB) takes; beyond it, it spills to DATA_DIR.
ANALYTICS_MEMORY_LIMIT = os.environ.get("GOEDWONEN_ANALYTICS_MEMORY", "4GB")

# Off unless asked for: technical error pages, no secure cookies and no HSTS must never reach
# a server because a variable was forgotten.
DEBUG = env_bool("GOEDWONEN_DEBUG", False)


def _secret_key() -> str:
    key = os.environ.get("GOEDWONEN_SECRET_KEY", "")
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured(
            "GOEDWONEN_SECRET_KEY is required when GOEDWONEN_DEBUG=false (production, the "
            "default); for development set GOEDWONEN_DEBUG=true"
        )
    # Development and demo: one random key per checkout, kept under ./var so sessions survive
    # a restart.
    return _kept_key("secret_key")


def _kept_key(name: str) -> str:
    """A random key kept under ./var for development and the demo, one per checkout. Written
    aside and then linked into place, so the file is whole as soon as it is there: processes
    that start together (the test suite's two runs, the demo's server and worker) all read
    the one key, never a half-written file (the suite's PostgreSQL run once read an empty
    one on a fresh checkout)."""
    path = VAR_DIR / name
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        fd, aside = tempfile.mkstemp(dir=VAR_DIR, prefix=f".{name}.")  # mode 0600
        try:
            with os.fdopen(fd, "w") as new:
                new.write(secrets.token_urlsafe(50))
            with contextlib.suppress(FileExistsError):  # another process was first: its key
                os.link(aside, path)
        finally:
            os.unlink(aside)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
# Pseudonymises data-subject ids in the processing log (HMAC-SHA256). Must stay stable, or
# searching the log by data subject finds nothing from before a change.
PSEUDONYM_KEY = os.environ.get("GOEDWONEN_PSEUDONYM_KEY", "") or SECRET_KEY
# Keys the pseudonyms of the analysis export for partners (rapportage/export.py `pseudoniem`),
# derived per purpose. Must stay stable, or a partner's files of two years no longer link.
ANALYSIS_EXPORT_KEY = os.environ.get("GOEDWONEN_ANALYSIS_EXPORT_KEY", "") or SECRET_KEY

ALLOWED_HOSTS = env_list("GOEDWONEN_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("GOEDWONEN_CSRF_TRUSTED_ORIGINS")


def _port() -> int:
    value = os.environ.get("GOEDWONEN_PORT", "") or "8000"
    if not (value.isascii() and value.isdigit() and 1 <= int(value) <= 65535):
        raise ImproperlyConfigured(f"GOEDWONEN_PORT must be a port from 1 to 65535, not {value!r}")
    return int(value)


# Where `goedwonen demo` and `goedwonen serve` listen: GOEDWONEN_BIND names the whole address;
# otherwise 127.0.0.1 on GOEDWONEN_PORT (8000).
PORT = _port()
BIND = os.environ.get("GOEDWONEN_BIND", "") or f"127.0.0.1:{PORT}"
# The address people open Goedwonen at: the links in notification mails start with it.
SITE_URL = (os.environ.get("GOEDWONEN_URL", "") or f"http://{BIND}").rstrip("/")


def env_count(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    if value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise ImproperlyConfigured(f"{name} must be a whole number of 0 or more, not {value!r}")
    return number


# Reverse proxies in front of the application that append to X-Forwarded-For (nginx, a load
# balancer): the client address is the entry this many hops from the right
# (goedwonen.core.network.client_address). 0: no proxy, REMOTE_ADDR is the client. Too high a
# number lets a client choose its own address; too low makes all clients one. Unset (None)
# counts as 0, but production warns (goedwonen.proxies.W001) until it is said, 0 included.
TRUSTED_PROXIES = (
    env_count("GOEDWONEN_TRUSTED_PROXIES", 0)
    if os.environ.get("GOEDWONEN_TRUSTED_PROXIES", "") != ""
    else None
)


def _log_anchor_key() -> str:
    key = os.environ.get("GOEDWONEN_LOG_ANCHOR_KEY", "")
    if not key and not DEBUG:
        raise ImproperlyConfigured(
            "GOEDWONEN_LOG_ANCHOR_KEY is required when GOEDWONEN_DEBUG=false: it signs the "
            "anchors of the processing log outside the database (docs/adr/0003-processing-log.md)"
        )
    if not key:  # development and demo: one per checkout, like the secret key
        key = _kept_key("log_anchor_key")
    if len(key) < 32:
        raise ImproperlyConfigured("GOEDWONEN_LOG_ANCHOR_KEY must be at least 32 characters")
    return key


# The processing log's anchors (core/log_anchor.py): the head of the hash chain, signed with a
# key the database does not hold, appended to a file outside the database (and to syslog when
# set: a path such as /dev/log, or host:port over UDP), at most every LOG_ANCHOR_SECONDS while
# the head moves, and after every verification.
LOG_ANCHOR_KEY = _log_anchor_key()
LOG_ANCHOR_FILE = Path(os.environ.get("GOEDWONEN_LOG_ANCHOR_FILE", VAR_DIR / "log-anchors.jsonl"))
LOG_ANCHOR_SYSLOG = os.environ.get("GOEDWONEN_LOG_ANCHOR_SYSLOG", "")
LOG_ANCHOR_SECONDS = env_count("GOEDWONEN_LOG_ANCHOR_SECONDS", 60)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "rest_framework",
    "drf_spectacular",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "goedwonen.core",
    "goedwonen.accounts",
    "goedwonen.registry",
    "goedwonen.parameters",
    "goedwonen.intake",
    "goedwonen.casussen",
    "goedwonen.inspecties",
    "goedwonen.documenten",
    "goedwonen.analytics",
    "goedwonen.handhaving",
    "goedwonen.verhuurders",
    "goedwonen.casustafels",
    "goedwonen.acties",
    "goedwonen.rapportage",
    "goedwonen.notificaties",
    "goedwonen.werk",
    "goedwonen.api",
    "goedwonen.synth",
    "goedwonen.aanmelden",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "goedwonen.core.middleware.TraceContextMiddleware",
    "goedwonen.core.middleware.RequestMemoMiddleware",
    "goedwonen.core.middleware.RefuseNulMiddleware",
    "goedwonen.core.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "goedwonen.core.middleware.AllowedMethodsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "goedwonen.aanmelden.middleware.IdleSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "goedwonen.api.middleware.ApiVersionMiddleware",
    "goedwonen.core.middleware.LoginRequiredMiddleware",
    "goedwonen.core.middleware.OwnNotFoundPageMiddleware",
]

ROOT_URLCONF = "goedwonen.urls"
WSGI_APPLICATION = "goedwonen.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "goedwonen.core.context_processors.shell",
            ],
            # Amounts and counts the one Dutch way in every template (core/display.py).
            "builtins": ["goedwonen.core.templatetags.display"],
        },
    },
]

# Widget templates may live with ours (NL Design System markup for checkbox lists); select
# lists are drawn in Python, as Django's templates draw them (core/form_renderer.py).
FORM_RENDERER = "goedwonen.core.form_renderer.FormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "") or f"sqlite:///{VAR_DIR / 'goedwonen.sqlite3'}",
        conn_max_age=int(os.environ.get("GOEDWONEN_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock at BEGIN, so two writers appending to the processing-log
    # chain wait for each other instead of failing with "database is locked" halfway.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    if DATABASES["default"]["NAME"] != ":memory:":
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiler switches itself on for the lists over a large store and spends
    # 250-750 ms compiling a statement that runs in a few ms (issue 18, ADR 0027): off for our
    # short statements. Options given in DATABASE_URL (?options=...) are kept.
    # Parallel query, likewise: PostgreSQL starts two helper processes for a count that runs
    # in 2 ms alone and takes 10-12 ms with them (a queue's count at a million cases), and
    # under load they take the cores other requests need. Off unless this process is told
    # otherwise (a worker on its own machine may: GOEDWONEN_DB_PARALLEL_WORKERS=2).
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _parallel = env_count("GOEDWONEN_DB_PARALLEL_WORKERS", 0)
    _options["options"] = (
        f"{_options.get('options', '')} -c jit=off -c max_parallel_workers_per_gather={_parallel}"
    ).strip()
    # Behind PgBouncer in transaction mode a cursor does not outlive its transaction: the
    # lists that stream (.iterator()) then read in chunks on the client (docs/scale-out.md).
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool(
        "GOEDWONEN_DB_TRANSACTION_POOLING", False
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading the session's user with their organisation.
    "goedwonen.aanmelden.backends.WachtwoordBackend",
    # Holds sessions signed in through the identity provider; checks no password.
    "goedwonen.aanmelden.oidc.OidcBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "goedwonen.accounts.validators.DutchMinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sign-in (goedwonen.aanmelden, docs/aanmelden.md). A local account whose roles see personal
# data must pass a second factor (TOTP or a passkey). Fail closed: only debug (the demo, a
# developer) may switch that off.
MFA_REQUIRED = env_bool("GOEDWONEN_MFA_REQUIRED", True)
if not MFA_REQUIRED and not DEBUG:
    raise ImproperlyConfigured("GOEDWONEN_MFA_REQUIRED=false is refused when not in debug")
OTP_TOTP_ISSUER = "Goedwonen"
# Single sign-on with OpenID Connect: None (off) unless GOEDWONEN_OIDC_ISSUER is set.
OIDC = oidc_from_environment()

# Login throttling: five failures for one user from one address lock that pair for an hour;
# thirty from one address, whatever the users, lock the address (one password tried against
# every account). Each parameter set has its own limit (goedwonen.accounts.login_limits).
AXES_FAILURE_LIMIT = int(os.environ.get("GOEDWONEN_LOGIN_FAILURE_LIMIT", "5"))
LOGIN_ADDRESS_FAILURE_LIMIT = env_count("GOEDWONEN_LOGIN_ADDRESS_FAILURE_LIMIT", 30) or 30
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], ["ip_address"]]
AXES_HANDLER = "goedwonen.accounts.login_limits.LoginLimits"
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Per client behind the proxy too, by the same rule as the public reporting point's limit.
AXES_CLIENT_IP_CALLABLE = "goedwonen.core.network.client_address"

# Staff pages are Dutch. The public reporting point (intake/talen.py) switches itself to the
# reporter's choice of these languages, each named in its own language; no middleware reads
# the browser's languages, so nothing else switches. Dutch is the source text of the messages.
LANGUAGE_CODE = "nl"
LANGUAGES = [
    ("nl", "Nederlands"),
    ("en", "English"),
    ("pl", "Polski"),
    ("ro", "Română"),
    ("bg", "Български"),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
NODE_MODULES = PROJECT_DIR / "node_modules"
# Front-end packages come from npm (package.json) and are served from our own static files:
# the product works offline and loads nothing from a CDN. Of each package only the files the
# pages use (goedwonen.core.staticfiles.VendorFinder): (prefix, folder, file patterns).
VENDOR_STATIC = [
    ("vendor/utrecht", NODE_MODULES / "@utrecht/component-library-css/dist", ["index.css"]),
    ("vendor/utrecht-tokens", NODE_MODULES / "@utrecht/design-tokens/dist", ["index.css"]),
    (
        "vendor/rotterdam-tokens",
        NODE_MODULES / "@nl-design-system-unstable/rotterdam-design-tokens/dist",
        ["index.css", "design-tokens.css"],
    ),
    ("vendor/htmx", NODE_MODULES / "htmx.org/dist", ["htmx.min.js"]),
    (
        "vendor/leaflet",
        NODE_MODULES / "leaflet/dist",
        ["leaflet.css", "leaflet.js", "leaflet.js.map", "images/*.png"],
    ),
    (
        "vendor/markercluster",
        NODE_MODULES / "leaflet.markercluster/dist",
        [
            "MarkerCluster.css",
            "MarkerCluster.Default.css",
            "leaflet.markercluster.js",
            "leaflet.markercluster.js.map",
        ],
    ),
]
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
# Not the apps' static folders: the only ones are the browsable API's, which we do not offer.
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "goedwonen.core.staticfiles.VendorFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "goedwonen.core.staticfiles.ManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = DATA_DIR / "media"

# The municipality that runs the product, by its name ("Gemeente Rotterdam" in letterheads, the
# controller in the register of processing activities, the public reporting page).
GEMEENTE = os.environ.get("GOEDWONEN_GEMEENTE", "").strip() or "Rotterdam"


def _monitoring_months() -> int:
    value = os.environ.get("GOEDWONEN_MONITORING_MAANDEN", "") or "12"
    if not value.isdigit() or not 1 <= int(value) <= 60:
        raise ImproperlyConfigured(
            f"GOEDWONEN_MONITORING_MAANDEN must be a whole number of months from 1 to 60, "
            f"not {value!r}"
        )
    return int(value)


# How long an owner is followed after a warning talk (the plan: one year).
MONITORING_MAANDEN = _monitoring_months()

# NL Design System theme: the token stylesheet and the class that switches it on.
THEMES = {
    "utrecht": {"css": "vendor/utrecht-tokens/index.css", "class": "utrecht-theme"},
    "rotterdam": {"css": "vendor/rotterdam-tokens/index.css", "class": "rotterdam-theme"},
}
THEME = os.environ.get("GOEDWONEN_THEME", "utrecht")
if THEME not in THEMES:
    raise ImproperlyConfigured(f"GOEDWONEN_THEME must be one of {sorted(THEMES)}, not {THEME!r}")
# Background map tiles (PDOK BRT in production); empty means no tiles, which works offline.
MAP_TILES_URL = os.environ.get("GOEDWONEN_MAP_TILES_URL", "")
# Uploaded files (goedwonen.intake.attachments): an image larger than this is refused from its
# header, before it is decoded; a PDF with more pages is refused.
UPLOAD_MAX_MEGAPIXELS = env_count("GOEDWONEN_UPLOAD_MAX_MEGAPIXELS", 40)
UPLOAD_MAX_IMAGE_SIDE = env_count("GOEDWONEN_UPLOAD_MAX_IMAGE_SIDE", 12000)
UPLOAD_MAX_PDF_PAGES = env_count("GOEDWONEN_UPLOAD_MAX_PDF_PAGES", 500)

# Security. Secure cookies and HSTS whenever not in debug; `check --deploy` is clean then.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600
# A session ends after this many minutes without a request (goedwonen.aanmelden.middleware).
SESSION_IDLE_MINUTES = env_count("GOEDWONEN_SESSION_IDLE_MINUTES", 30)
if SESSION_IDLE_MINUTES < 1:
    raise ImproperlyConfigured("GOEDWONEN_SESSION_IDLE_MINUTES must be 1 or more")
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("GOEDWONEN_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Load balancers probe the health check over plain HTTP, straight at the server.
    SECURE_REDIRECT_EXEMPT = [r"^gezondheid$"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *([MAP_TILES_URL.split("/{")[0]] if MAP_TILES_URL else [])],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        # Signing out also at the identity provider is a redirect after a form (POST).
        "form-action": [SELF, *([OIDC.origin] if OIDC else [])],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Requests per API token (per user for the API through a session): 429 with Retry-After beyond
# it. Counted in the shared cache by all server processes, per fixed window.
API_RATE = os.environ.get("GOEDWONEN_API_RATE", "600/min")
if not re.fullmatch(r"[1-9][0-9]*/(s|sec|second|m|min|minute|h|hour|d|day)", API_RATE):
    raise ImproperlyConfigured(
        f"GOEDWONEN_API_RATE must be a number per second, minute, hour or day, such as "
        f"600/min, not {API_RATE!r}"
    )

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "goedwonen.api.authentication.OrganisationTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["goedwonen.api.permissions.HasCapability"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["goedwonen.api.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "goedwonen.api.exceptions.problem_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["goedwonen.api.throttling.TokenRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "goedwonen.api.pagination.Pagination",
    "PAGE_SIZE": 100,
    "UNAUTHENTICATED_USER": None,
}
API_VERSION = "1.0.0"
SPECTACULAR_SETTINGS = {
    "TITLE": "Goedwonen API",
    "DESCRIPTION": (
        "API voor partner- en clustersystemen van de integrale aanpak goed wonen. "
        "Elk token hoort bij één organisatie en ziet alleen wat die organisatie mag zien."
    ),
    "VERSION": API_VERSION,
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "CAMELIZE_NAMES": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "goedwonen.api.schema.add_problem_responses",
    ],
    "LICENSE": {"name": "EUPL-1.2"},
    # One name per choice set used in several places.
    "ENUM_NAME_OVERRIDES": {
        "CategorieEnum": "goedwonen.core.categories.Categorie",
        "MeldingstatusEnum": "goedwonen.intake.models.Meldingstatus",
        "CasusstatusEnum": "goedwonen.casussen.models.Casusstatus",
        "PartijrolEnum": "goedwonen.casussen.models.Partijrol",
        "TrajectstatusEnum": "goedwonen.handhaving.models.traject.Trajectstatus",
    },
}

# The health check (/gezondheid) answers 503 when the last heartbeat of every worker, or the
# oldest processing-log line not yet sealed into the chain, is older than this (seconds).
HEALTH_WORKER_MAX_SECONDS = env_count("GOEDWONEN_HEALTH_WORKER_SECONDS", 60)
HEALTH_UNSEALED_MAX_SECONDS = env_count("GOEDWONEN_HEALTH_UNSEALED_SECONDS", 300)

TASKS = {
    "default": {
        "BACKEND": os.environ.get("GOEDWONEN_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}


def _cache(url: str) -> dict[str, object]:
    """`db://[table]` (the default), `redis://…`/`rediss://…`, or `locmem://`.

    The cache holds the rate-limit counters (the public reporting point's, the API's per
    token), which every server process must share, so the default is the database: shared by
    all processes (and machines) with no other service to run, and its `add` is atomic (a
    unique key), which the reporting point's slots rely on; the API's counters rely on `incr`,
    which goedwonen.core.cache makes atomic there too. A file cache is shared on one machine
    only and its `add` is check-then-write, so two processes can both take the same count:
    not offered.
    `goedwonen migrate` creates the table. Redis (needs the `redis` package) is the choice when
    the database should not carry this load; locmem only for a single process.
    """
    scheme, _, rest = url.partition("://")
    if scheme == "db":
        return {
            # Django's, with an increment that holds the row (the API's counters per token).
            "BACKEND": "goedwonen.core.cache.DatabaseCache",
            "LOCATION": rest or "goedwonen_cache",
            # Far above what the counters need (about 100 rows per client per hour): when full,
            # the cache drops a third of its rows, live counters included.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    if scheme in {"redis", "rediss"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    raise ImproperlyConfigured(
        f"GOEDWONEN_CACHE_URL must start with db://, redis://, rediss:// or locmem://, not {url!r}"
    )


CACHES = {"default": _cache(os.environ.get("GOEDWONEN_CACHE_URL", "") or "db://")}

# Mail to reporters and about tasks. Debug prints it; production sends it by SMTP and never
# prints it (it holds e-mail addresses): a mail server on localhost:25 unless told otherwise.
EMAIL_BACKEND = os.environ.get(
    "GOEDWONEN_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("GOEDWONEN_EMAIL_HOST", "localhost")
EMAIL_PORT = env_count("GOEDWONEN_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("GOEDWONEN_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("GOEDWONEN_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("GOEDWONEN_EMAIL_STARTTLS", False)
# Seconds a mail server may keep us waiting (Django waits for ever by default): a server that
# hangs would stop the worker's mail round, and on SQLite every writer with it.
EMAIL_TIMEOUT = env_count("GOEDWONEN_EMAIL_TIMEOUT", 30) or None
DEFAULT_FROM_EMAIL = os.environ.get("GOEDWONEN_EMAIL_FROM", "goedwonen@localhost")

# The access review flags accounts not signed in (tokens not used) for this many days.
ACCESS_REVIEW_UNUSED_DAYS = int(os.environ.get("GOEDWONEN_ACCESS_REVIEW_UNUSED_DAYS", "90"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    # A 403 is one line (path, user, reason), not a traceback.
    "filters": {"forbidden": {"()": "goedwonen.core.log_filters.ForbiddenOneLine"}},
    "loggers": {"django.request": {"filters": ["forbidden"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("GOEDWONEN_LOG_LEVEL", "WARNING")},
}

"""Settings, read from the environment with safe defaults for the embedded demo.

DATABASE_URL   default sqlite:///<LOCALGROWTH_VAR_DIR>/localgrowth.sqlite3 (WAL mode)
SECRET_KEY     default: a random key kept in <LOCALGROWTH_VAR_DIR>/secret_key
DEBUG          default off
ALLOWED_HOSTS  comma-separated, default 127.0.0.1,localhost
LOCALGROWTH_VAR_DIR         default ./var
LOCALGROWTH_MAX_UPLOAD_MB   largest import file accepted, default 50
LOCALGROWTH_MAP_TILE_URL    a background tile layer for the maps, e.g.
                            https://tile.example.org/{z}/{x}/{y}.png; default none (no tiles)
LOCALGROWTH_MAP_TILE_ATTRIBUTION  the attribution that tile layer requires
"""

import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("LOCALGROWTH_VAR_DIR", Path.cwd() / "var")).resolve()


def _env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    if key := os.environ.get("SECRET_KEY"):
        return key
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = _env_bool("DEBUG")
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "localgrowth.core",  # first, so its admin templates extend Django's
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "csp",
    "localgrowth.places",
    "localgrowth.framework",
    "localgrowth.projects",
    "localgrowth.returns",
    "localgrowth.prioritisation",
    "localgrowth.evidence",
    "localgrowth.strategy",
    "localgrowth.publishing",
    "localgrowth.web",
    "localgrowth.staff",
    "localgrowth.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "localgrowth.urls"
WSGI_APPLICATION = "localgrowth.wsgi.application"

# Django's engine first, for the admin; the public pages are Jinja2 templates (in each app's
# jinja2/ folder) with the GOV.UK Frontend macros of govuk-frontend-jinja.
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "NAME": "jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "localgrowth.web.jinja2.environment",
            "context_processors": ["localgrowth.web.context_processors.site"],
        },
    },
]


def _database() -> dict[str, Any]:
    default_url = f"sqlite:///{VAR_DIR / 'localgrowth.sqlite3'}"
    url = os.environ.get("DATABASE_URL", default_url)
    config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
        config.setdefault("TEST", {})["NAME"] = str(VAR_DIR / "test-localgrowth.sqlite3")
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Front-end libraries come from the npm registry (package.json, `npm ci`) and are served from our
# own static files, never from a CDN.
NODE_MODULES = Path(
    os.environ.get("LOCALGROWTH_NODE_MODULES", PACKAGE_DIR.parents[1] / "node_modules")
)
STATICFILES_DIRS = [
    ("govuk", NODE_MODULES / "govuk-frontend" / "dist" / "govuk"),
    ("leaflet", NODE_MODULES / "leaflet" / "dist"),
    ("leaflet.markercluster", NODE_MODULES / "leaflet.markercluster" / "dist"),
]
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

LOGIN_URL = "admin:login"

# Maps draw no background tiles unless a tile server is configured; its images are then allowed.
LOCALGROWTH_MAP_TILE_URL = os.environ.get("LOCALGROWTH_MAP_TILE_URL", "").strip()
LOCALGROWTH_MAP_TILE_ATTRIBUTION = os.environ.get("LOCALGROWTH_MAP_TILE_ATTRIBUTION", "").strip()
_TILES = urlsplit(LOCALGROWTH_MAP_TILE_URL.replace("{s}", "*"))
MAP_TILE_SOURCES = [f"{_TILES.scheme}://{_TILES.netloc}"] if LOCALGROWTH_MAP_TILE_URL else []

# A strict Content Security Policy: everything from this site, nothing inline except scripts
# that carry the response's nonce, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        # One inline style attribute is allowed by its hash: django-simple-history's history
        # list writes style="border-top: 0".
        "style-src": [
            "'self'",
            "'unsafe-hashes'",
            "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='",
        ],
        "img-src": ["'self'", "data:", *MAP_TILE_SOURCES],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Safe headers. HTTPS-only settings switch on when the service is told it runs behind TLS.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
_HTTPS = _env_bool("LOCALGROWTH_HTTPS")
SESSION_COOKIE_SECURE = _HTTPS
CSRF_COOKIE_SECURE = _HTTPS
SECURE_SSL_REDIRECT = _HTTPS
SECURE_HSTS_SECONDS = 31536000 if _HTTPS else 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if _HTTPS else None

# Importers refuse files larger than this, before reading them.
LOCALGROWTH_MAX_UPLOAD_BYTES = int(
    float(os.environ.get("LOCALGROWTH_MAX_UPLOAD_MB", "50")) * 1024 * 1024
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

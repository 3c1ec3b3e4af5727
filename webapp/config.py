"""Settings, read from the environment, checked at start."""
import json
import os
import secrets
from datetime import timedelta
from pathlib import Path

import limits
from cryptography.fernet import Fernet

from webapp import rate_limit_storage

# Feature constants live here, not inline.
AUTHORIZATION_LIFETIME_DAYS = 100
EXPIRY_WARNING_DAYS = (30, 14, 7, 3, 1)
STATUS_POLL_SECONDS = 2
CONSENT_TIMEOUT = timedelta(minutes=10)
# Report delivery: a worker renews its leases while it holds reports, so a lease need only
# outlast a stalled renewal; a dead worker's reports are free again after one lease.
DELIVERY_LEASE = timedelta(seconds=60)
DELIVERY_BATCH = 20
DELIVERY_LANES = 4  # stores a worker sends to at once (one lane each: a slow one holds no other)
DELIVERY_POLL_SECONDS = 1  # the scheduler's delivery job rests this long between runs
DELIVERY_RUN_SECONDS = 4  # how long one run of that job keeps delivering at most
RETRY_BASE_SECONDS = 2
RETRY_CAP_SECONDS = 600
LOGIN_RATE_LIMIT = "10 per 15 minutes"
# Failed sign-ins from one address over all e-mails: password spraying, not a busy shop.
LOGIN_ADDRESS_RATE_LIMIT = "20 per 15 minutes"
# Wrong current passwords on Manage Account, per user: a left-open session is no guessing oracle.
CURRENT_PASSWORD_RATE_LIMIT = "5 per 15 minutes"
INVITATION_LIFETIME = timedelta(days=7)
# Linked BioTrack credentials not checked for this long are due for the nightly check.
CREDENTIAL_CHECK_INTERVAL = timedelta(hours=20)
BIOTRACK_USERS_PER_PAGE = 25
# Failed BioTrack sign-ins through Manage Account, per user: no password guessing via us.
CREDENTIAL_ATTEMPT_LIMIT = "10 per 15 minutes"
# Scheduler and e-mail (issue 6).
EXPIRY_CHECK_MINUTES = 60
OUTBOX_POLL_SECONDS = 5
OUTBOX_BATCH = 100
OUTBOX_RUN_SECONDS = 4  # a run keeps sending batches this long at most
MAIL_TIMEOUT_SECONDS = 30
MAIL_MAX_ATTEMPTS = 8
MAIL_RETRY_BASE_SECONDS = 60  # 1, 2, 4 ... minutes between attempts
MAIL_RETRY_MAX_SECONDS = 3600
# A claimed message not finished within the lease (a crashed sender) is sent again.
MAIL_LEASE_SECONDS = 300
# Operations (issue 17): the scheduler's heartbeat job, and when /readyz calls it stale.
HEARTBEAT_SECONDS = 15
HEARTBEAT_STALE_SECONDS = 90
LOG_FORMATS = ("text", "json")

REQUIRED = ("SECRET_KEY", "CREDENTIALS_KEYS", "BIOTRACK_BASE_URL",
            "BIOTRACK_CLIENT_ID", "BIOTRACK_CLIENT_SECRET")
# Generated into instance/ for development only; production must set them.
GENERATED_IN_DEVELOPMENT = ("SECRET_KEY", "CREDENTIALS_KEYS")
DEVELOPMENT_DEFAULTS = {
    "BIOTRACK_BASE_URL": "http://127.0.0.1:5050",
    "BIOTRACK_CLIENT_ID": "tracebridge-dev",
    "BIOTRACK_CLIENT_SECRET": "tracebridge-dev-secret",
    "APP_BASE_URL": "http://127.0.0.1:5000",
    "MAIL_SERVER": "127.0.0.1",
    "MAIL_PORT": "8025",
    # Public on purpose: development metrics hold nothing secret, production sets its own.
    "METRICS_TOKEN": "dev-metrics-token",
}


class ConfigError(RuntimeError):
    """A setting is missing or malformed; the message names it."""


def base_settings(instance_path: str) -> dict:
    """Settings that are the same everywhere, before the environment is read."""
    return {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(instance_path) / 'tracebridge.sqlite3'}",
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": True,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": True,
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
        # The CSRF token lives as long as the session, never shorter.
        "WTF_CSRF_TIME_LIMIT": None,
        "WTF_CSRF_SSL_STRICT": True,
        "RATELIMIT_STORAGE_URI": rate_limit_storage.URI,
        "RATELIMIT_HEADERS_ENABLED": True,
        # Requests per point-of-sale API token (see README, Point-of-sale API).
        "API_RATE_LIMIT": "600 per minute",
        "BIOTRACK_TIMEOUT": (3.05, 15.0),
        "MAIL_PORT": 25,
        "MAIL_DEFAULT_SENDER": "TraceBridge <no-reply@tracebridge.local>",
        "MAIL_USE_TLS": False,
        "MAIL_USERNAME": None,
        "MAIL_PASSWORD": None,
        "APP_BASE_URL": None,
        "ENV_NAME": "production",
        "LOG_FORMAT": "text",
        "LOG_LEVEL": "INFO",
        "METRICS_TOKEN": None,
    }


def from_environment(environ, instance_path: str) -> dict:
    """Read the settings the environment gives, with development defaults if asked."""
    env_name = environ.get("TRACEBRIDGE_ENV", "production")
    if env_name not in ("production", "development"):
        raise ConfigError("TRACEBRIDGE_ENV must be 'production' or 'development'")
    settings = {"ENV_NAME": env_name}
    if env_name == "development":
        settings.update(DEVELOPMENT_DEFAULTS)
        settings.update(_development_secrets(instance_path))
        settings["SESSION_COOKIE_SECURE"] = settings["REMEMBER_COOKIE_SECURE"] = False
    names = REQUIRED + ("APP_BASE_URL", "MAIL_SERVER", "MAIL_PORT", "MAIL_DEFAULT_SENDER",
                        "MAIL_USERNAME", "MAIL_PASSWORD", "RATELIMIT_STORAGE_URI",
                        "LOG_FORMAT", "LOG_LEVEL", "METRICS_TOKEN", "API_RATE_LIMIT")
    settings.update({n: environ[n] for n in names if environ.get(n)})
    if environ.get("PROXY_HOPS"):
        settings["PROXY_HOPS"] = _whole_number("PROXY_HOPS", environ["PROXY_HOPS"])
    if environ.get("DELIVERY_LEASE_SECONDS"):
        try:
            settings["DELIVERY_LEASE_SECONDS"] = float(environ["DELIVERY_LEASE_SECONDS"])
        except ValueError:
            raise ConfigError("DELIVERY_LEASE_SECONDS must be a number of seconds") from None
    if environ.get("DELIVERY_LANES"):
        settings["DELIVERY_LANES"] = _whole_number("DELIVERY_LANES", environ["DELIVERY_LANES"])
    if environ.get("MAIL_USE_TLS"):
        settings["MAIL_USE_TLS"] = environ["MAIL_USE_TLS"].lower() in ("1", "true", "yes")
    if environ.get("DATABASE_URL"):
        settings["SQLALCHEMY_DATABASE_URI"] = _database_url(environ["DATABASE_URL"])
    return settings


def _whole_number(name: str, value: str) -> int:
    """A setting that must be 0, 1, 2 ..."""
    if not value.strip().isdigit():
        raise ConfigError(f"{name} must be a whole number (0 or more)")
    return int(value)


def _database_url(url: str) -> str:
    """DATABASE_URL for SQLAlchemy, refused at start unless it is SQLite or PostgreSQL."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError
    url = normalise_database_url(url)
    try:
        driver = make_url(url).drivername
    except ArgumentError:
        driver = None
    if driver not in ("sqlite", "postgresql+psycopg"):
        raise ConfigError("DATABASE_URL must be postgresql://user:password@host/name "
                          "or sqlite:////absolute/path.sqlite3")
    return url


def normalise_database_url(url: str) -> str:
    """Point postgres URLs at the psycopg 3 driver we ship."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _development_secrets(instance_path: str) -> dict:
    """Load, or create once, development secrets in instance/."""
    path = Path(instance_path) / "dev-secrets.json"
    if path.exists():
        return json.loads(path.read_text())
    path.parent.mkdir(parents=True, exist_ok=True)
    values = {"SECRET_KEY": secrets.token_urlsafe(32),
              "CREDENTIALS_KEYS": Fernet.generate_key().decode()}
    path.write_text(json.dumps(values))
    os.chmod(path, 0o600)
    return values


def validate(config) -> None:
    """Fail at start, naming the setting, when something required is wrong."""
    missing = [name for name in REQUIRED if not config.get(name)]
    if missing:
        raise ConfigError(f"Missing required setting(s): {', '.join(missing)}. "
                          "Set them in the environment (see README, Configuration), or set "
                          "TRACEBRIDGE_ENV=development for local defaults.")
    keys = config["CREDENTIALS_KEYS"]
    for key in (keys.split(",") if isinstance(keys, str) else keys):
        try:
            Fernet(key.strip())
        except (ValueError, TypeError):
            raise ConfigError("CREDENTIALS_KEYS must be comma-separated Fernet keys "
                              "(generate one with: python -c 'from cryptography.fernet "
                              "import Fernet; print(Fernet.generate_key().decode())')") from None
    try:
        limits.parse(config.get("API_RATE_LIMIT") or "600 per minute")
    except ValueError:
        raise ConfigError("API_RATE_LIMIT must read like '600 per minute'") from None
    if not str(config["BIOTRACK_BASE_URL"]).startswith(("http://", "https://")):
        raise ConfigError("BIOTRACK_BASE_URL must be an http(s) URL")
    try:
        config["MAIL_PORT"] = int(config["MAIL_PORT"])
    except (TypeError, ValueError):
        raise ConfigError("MAIL_PORT must be a number") from None
    if str(config.get("LOG_FORMAT", "text")).lower() not in LOG_FORMATS:
        raise ConfigError("LOG_FORMAT must be 'text' or 'json'")
    config["LOG_FORMAT"] = str(config.get("LOG_FORMAT", "text")).lower()
    if str(config.get("LOG_LEVEL", "INFO")).upper() not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        raise ConfigError("LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR")
    if config.get("APP_BASE_URL") is None and config["ENV_NAME"] == "production" \
            and not config.get("TESTING"):
        raise ConfigError("Missing required setting: APP_BASE_URL (the public URL of the app, "
                          "used in e-mails and as the BioTrack redirect URI)")

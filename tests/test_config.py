"""Settings: a missing or bad one stops the start with its name."""
import pytest
from cryptography.fernet import Fernet

from webapp import create_app
from webapp.config import ConfigError, from_environment, normalise_database_url


def _env(**overrides):
    """A complete production environment, then the overrides."""
    env = {"SECRET_KEY": "s", "CREDENTIALS_KEYS": Fernet.generate_key().decode(),
           "BIOTRACK_BASE_URL": "https://biotrack.example", "BIOTRACK_CLIENT_ID": "id",
           "BIOTRACK_CLIENT_SECRET": "secret", "APP_BASE_URL": "https://tb.example"}
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


@pytest.fixture
def environ(monkeypatch, tmp_path):
    """Start from an empty environment with its own instance folder."""
    for name in ("SECRET_KEY", "CREDENTIALS_KEYS", "BIOTRACK_BASE_URL", "BIOTRACK_CLIENT_ID",
                 "BIOTRACK_CLIENT_SECRET", "APP_BASE_URL", "DATABASE_URL", "TRACEBRIDGE_ENV"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TRACEBRIDGE_INSTANCE", str(tmp_path))

    def apply(values):
        for key, value in values.items():
            monkeypatch.setenv(key, value)
    return apply


@pytest.mark.parametrize("missing", ["SECRET_KEY", "CREDENTIALS_KEYS", "BIOTRACK_BASE_URL",
                                     "BIOTRACK_CLIENT_ID", "BIOTRACK_CLIENT_SECRET",
                                     "APP_BASE_URL"])
def test_production_refuses_to_start_without_a_setting(environ, missing):
    """Production has no defaults for secrets: the error names what is missing."""
    environ(_env(**{missing: None}))
    with pytest.raises(ConfigError, match=missing):
        create_app()


def test_bad_credentials_key_is_named(environ):
    """A key that is not a Fernet key is refused with a hint."""
    environ(_env(CREDENTIALS_KEYS="not-a-key"))
    with pytest.raises(ConfigError, match="CREDENTIALS_KEYS"):
        create_app()


def test_complete_production_environment_starts(environ):
    """All settings present: the app starts with secure cookies."""
    environ(_env(DATABASE_URL="postgres://u:p@db/tb"))
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@db/tb"


def test_development_generates_secrets_once(environ, tmp_path):
    """make run needs nothing set: secrets are generated into instance/ and reused."""
    environ({"TRACEBRIDGE_ENV": "development"})
    first = from_environment({"TRACEBRIDGE_ENV": "development"}, str(tmp_path))
    second = from_environment({"TRACEBRIDGE_ENV": "development"}, str(tmp_path))
    assert first["SECRET_KEY"] == second["SECRET_KEY"]
    assert (tmp_path / "dev-secrets.json").stat().st_mode & 0o777 == 0o600
    app = create_app()
    assert app.config["BIOTRACK_BASE_URL"] == "http://127.0.0.1:5050"
    assert app.config["SESSION_COOKIE_SECURE"] is False


def test_database_url_normalisation():
    """Heroku-style and plain postgres URLs use the psycopg 3 driver."""
    assert normalise_database_url("postgresql://x/y") == "postgresql+psycopg://x/y"
    assert normalise_database_url("sqlite:///a.db") == "sqlite:///a.db"

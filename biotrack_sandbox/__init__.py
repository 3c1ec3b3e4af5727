"""BioTrack sandbox: a small Flask app that behaves like BioTrack New York for an integrator."""
import secrets

from flask import Flask

from . import db, errors, faults, seed


def create_app(config: dict | None = None) -> Flask:
    """Build the sandbox app; its state lives in the SQLite file SANDBOX_DATABASE."""
    from .config import from_environment

    app = Flask(__name__)
    # Cookies ignore ports: a name of its own keeps the app's session cookie on 127.0.0.1 intact.
    app.config.update(SESSION_COOKIE_NAME="biotrack_sandbox_session", SESSION_COOKIE_SAMESITE="Lax",
                      MAX_CONTENT_LENGTH=1024 * 1024)
    app.config.update(from_environment())
    if config:
        app.config.update(config)
    db.init_app(app)
    with app.app_context():
        seed.seed_if_empty(app.config)
        app.secret_key = _shared_secret("secret_key")
        _shared_secret("jwt_key")
    register_blueprints(app)
    errors.register(app)
    faults.register(app)
    return app


def _shared_secret(name: str) -> str:
    """A random key made once per database, so every worker signs and checks cookies and sessions alike."""
    with db.transaction() as conn:
        conn.execute("INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)", (name, secrets.token_hex(32)))
    return db.get_setting(name)


def register_blueprints(app: Flask) -> None:
    """Mount each part of the API; test controls only when enabled."""
    from . import actions, consent, controls, health, oauth_tokens, password_reset, sessions, state_data, stock_levels, users

    for module in (health, consent, oauth_tokens, sessions, users, actions, state_data, stock_levels, password_reset):
        app.register_blueprint(module.bp)
    if app.config["SANDBOX_TEST_CONTROLS"]:
        app.register_blueprint(controls.bp)

"""A migrated, seeded app for benchmarks (SQLite in a temp dir, or BENCH_DATABASE_URL)."""
import contextlib
import os
import tempfile

from cryptography.fernet import Fernet
from flask_migrate import upgrade

from webapp import create_app
from webapp.extensions import db


def bench_config(url: str, **overrides) -> dict:
    """The benchmarks' settings for a database URL."""
    config = {
        "TESTING": False, "ENV_NAME": "bench", "SECRET_KEY": "bench",
        "CREDENTIALS_KEYS": Fernet.generate_key().decode(), "SQLALCHEMY_DATABASE_URI": url,
        "BIOTRACK_BASE_URL": "http://127.0.0.1:9", "BIOTRACK_CLIENT_ID": "bench",
        "BIOTRACK_CLIENT_SECRET": "bench", "APP_BASE_URL": "http://127.0.0.1:5000",
        "SESSION_COOKIE_SECURE": False, "LOG_LEVEL": "WARNING",
    }
    config.update(overrides)
    return config


@contextlib.contextmanager
def bench_app(**overrides):
    """Yield an app on a fresh migrated database with the demo seeded."""
    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{tmp}/bench.sqlite3"
        app = create_app(bench_config(url, **overrides))
        with app.app_context():
            upgrade(directory=app.extensions["migrate"].directory, revision="heads")
            from webapp import demo
            demo.seed()
        try:
            yield app
        finally:
            with app.app_context():
                db.engine.dispose()


def signed_in_client(app, email="admin@demo.test", password="demo-admin"):
    """A test client signed in through the login form."""
    import re
    client = app.test_client()
    html = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    response = client.post("/login", data={"email": email, "password": password,
                                           "csrf_token": token})
    assert response.status_code == 302, "benchmark sign-in failed"
    return client

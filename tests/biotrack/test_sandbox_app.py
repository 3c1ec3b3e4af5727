"""The sandbox app in-process: settings, switched-off controls, its pages' safety, seeding once."""
import pytest

from biotrack_sandbox import create_app
from biotrack_sandbox.config import from_environment


@pytest.fixture
def app(tmp_path):
    return create_app({"SANDBOX_DATABASE": str(tmp_path / "sandbox.sqlite3")})


def test_test_controls_are_off_by_default(app):
    client = app.test_client()
    assert client.post("/_sandbox/reset").status_code == 404
    assert client.get("/health").json == {"Service": "BioTrack sandbox", "Status": "ok"}


def test_settings_come_from_the_environment():
    config = from_environment({"PORT": "8000", "SANDBOX_TEST_CONTROLS": "yes", "SANDBOX_SESSION_SECONDS": "60"})
    assert config["SANDBOX_REDIRECT_URIS"] == ["http://127.0.0.1:8000/config/integration/callback",
                                               "http://localhost:8000/config/integration/callback"]
    assert config["SANDBOX_TEST_CONTROLS"] is True and config["SANDBOX_SESSION_SECONDS"] == 60
    assert (config["BIOTRACK_CLIENT_ID"], config["BIOTRACK_CLIENT_SECRET"]) == ("tracebridge-dev", "tracebridge-dev-secret")
    assert from_environment({"SANDBOX_REDIRECT_URIS": "https://a/cb, https://b/cb"})["SANDBOX_REDIRECT_URIS"] == ["https://a/cb", "https://b/cb"]


def test_a_bad_setting_stops_start_up_naming_it():
    with pytest.raises(RuntimeError, match="SANDBOX_GRANT_DAYS"):
        from_environment({"SANDBOX_GRANT_DAYS": "soon"})


def test_the_seed_is_loaded_once(tmp_path):
    path = str(tmp_path / "sandbox.sqlite3")
    create_app({"SANDBOX_DATABASE": path})
    app = create_app({"SANDBOX_DATABASE": path})
    with app.app_context():
        from biotrack_sandbox import db

        assert db.one("SELECT COUNT(*) AS n FROM users")["n"] == 4
        assert db.one("SELECT COUNT(*) AS n FROM inventory")["n"] == 20


def test_the_consent_page_cannot_be_framed_or_cached(app):
    resp = app.test_client().get("/oauth/authorize?client_id=nobody")
    assert resp.status_code == 400 and resp.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in resp.headers["Content-Security-Policy"] and resp.headers["Cache-Control"] == "no-store"


def test_its_cookie_does_not_clash_with_the_apps(app):
    assert app.config["SESSION_COOKIE_NAME"] == "biotrack_sandbox_session"


def test_a_bad_reset_link_says_so(app):
    resp = app.test_client().get("/password/reset/pw_nonsense")
    assert resp.status_code == 400 and b"not valid any more" in resp.data


def test_unknown_endpoints_answer_in_biotrack_shape(app):
    resp = app.test_client().delete("/v1/dispense")
    assert resp.status_code == 405 and resp.json["Code"] == "method_not_allowed"

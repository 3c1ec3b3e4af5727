"""init_app/get_client: one BioTrackClient per Flask app, built from its config."""
import pytest
from flask import Flask

from webapp.biotrack import BioTrackClient
from webapp.biotrack.app import get_client, init_app


def make_app(**config) -> Flask:
    app = Flask(__name__)
    app.config.update({"BIOTRACK_BASE_URL": "http://127.0.0.1:5050", "BIOTRACK_CLIENT_ID": "tracebridge-dev",
                       "BIOTRACK_CLIENT_SECRET": "tracebridge-dev-secret"} | config)
    return app


@pytest.mark.parametrize("setting, timeout", [(None, (3.05, 15)), ("2,20", (2.0, 20.0)), ("9", 9.0), ((1, 5), (1, 5))])
def test_the_client_comes_from_the_config(setting, timeout):
    app = make_app(BIOTRACK_TIMEOUT=setting)
    client = init_app(app)
    with app.app_context():
        assert get_client() is client and isinstance(client, BioTrackClient)
    assert client._transport.timeout == timeout and client._transport.base_url == "http://127.0.0.1:5050/"


def test_a_missing_setting_is_named():
    with pytest.raises(RuntimeError, match="BIOTRACK_CLIENT_SECRET"):
        init_app(make_app(BIOTRACK_CLIENT_SECRET=""))

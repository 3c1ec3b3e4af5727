"""Sign-in and sessions under attack: copied cookies, spraying, timing, password guessing."""
import statistics
import time

import pytest

from tests.fixtures.app import csrf_token, login, post
from tests.fixtures.world import PASSWORD
from webapp.auth import services
from webapp.config import ConfigError, from_environment
from webapp.extensions import db
from webapp.models import UserSession


def _attempt(client, email, password):
    """One sign-in attempt through the form."""
    return client.post("/login", data={"email": email, "password": password,
                                       "csrf_token": csrf_token(client, "/login")})


def test_a_copied_cookie_is_refused_after_sign_out(app, client, world):
    """Sign out ends the session on the server: a copy of the cookie no longer signs in."""
    login(client, world.a.clerk.email, PASSWORD)
    copied = client.get_cookie("session").value
    assert client.get("/account/").status_code == 200
    post(client, "/logout")
    thief = app.test_client()
    thief.set_cookie("session", copied)
    response = thief.get("/account/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert db.session.query(UserSession).count() == 0


def test_signing_out_leaves_other_sessions_of_the_user_alone(app, world):
    """Each sign-in is its own session: the other device stays signed in."""
    first, second = app.test_client(), app.test_client()
    login(first, world.a.clerk.email, PASSWORD)
    login(second, world.a.clerk.email, PASSWORD)
    post(first, "/logout")
    assert first.get("/account/").status_code == 302
    assert second.get("/account/").status_code == 200


def test_password_spraying_over_many_emails_is_throttled(client, world):
    """One password over 25 e-mails from one address: 429 before the end."""
    statuses = [_attempt(client, f"user{n}@a.test", "Spring2026!").status_code
                for n in range(25)]
    assert 429 in statuses and statuses[0] == 200
    assert statuses.index(429) <= 20
    html = _attempt(client, world.a.admin.email, PASSWORD).get_data(as_text=True)
    assert "Too many failed sign-ins" in html


def _median_seconds(email, password, rounds=5) -> float:
    """Median wall time of authenticate() for this e-mail and password."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        assert services.authenticate(email, password) is None
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def test_unknown_and_known_emails_cost_the_same(world):
    """A wrong password and an unknown e-mail take comparable time (a ratio, not a threshold)."""
    world.a.admin.password_hash = None  # an invited user who never chose a password
    db.session.commit()
    services.authenticate("warm-up@a.test", "x")  # the decoy hash is made once per process
    known = _median_seconds(world.a.clerk.email, "wrong-password")
    unknown = _median_seconds("nobody@a.test", "wrong-password")
    no_password = _median_seconds(world.a.admin.email, "wrong-password")
    assert 0.5 < unknown / known < 2, (unknown, known)
    assert 0.5 < no_password / known < 2, (no_password, known)


def test_current_password_guessing_is_throttled(client, world):
    """Wrong current passwords on Manage Account: 429 after a few, with the form and a reason."""
    login(client, world.a.clerk.email, PASSWORD)
    token = csrf_token(client, "/account/")
    data = {"password": "a-new-password-1", "confirm": "a-new-password-1", "csrf_token": token}
    statuses = [client.post("/account/", data=dict(data, current=f"guess-{n}")).status_code
                for n in range(15)]
    assert statuses[0] == 200 and statuses[-1] == 429
    response = client.post("/account/", data=dict(data, current=PASSWORD))
    assert response.status_code == 429
    assert "Too many wrong current passwords" in response.get_data(as_text=True)
    assert 'name="current"' in response.get_data(as_text=True)


def test_mistyped_new_passwords_do_not_count_as_guesses(client, world):
    """Only a wrong current password is deducted, not a form mistake."""
    login(client, world.a.clerk.email, PASSWORD)
    token = csrf_token(client, "/account/")
    for _ in range(8):
        response = client.post("/account/", data={"current": PASSWORD, "password": "short",
                                                  "confirm": "short", "csrf_token": token})
        assert response.status_code == 200


def test_behind_a_proxy_the_cap_is_per_client(app_config, request):
    """With PROXY_HOPS=1 one spraying client is stopped; another client behind the same proxy
    is not (the cap must never become one counter for everybody)."""
    app_config["PROXY_HOPS"] = 1
    request.getfixturevalue("world")
    client = request.getfixturevalue("app").test_client()

    def attempt(n, address):
        return client.post("/login", headers={"X-Forwarded-For": address}, data={
            "email": f"user{n}@a.test", "password": "Spring2026!",
            "csrf_token": csrf_token(client, "/login")}).status_code

    assert 429 in [attempt(n, "198.51.100.1") for n in range(25)]
    assert attempt(99, "198.51.100.2") == 200


def test_proxy_hops_must_be_a_whole_number(tmp_path):
    """A typo in PROXY_HOPS stops the start with the setting named."""
    with pytest.raises(ConfigError, match="PROXY_HOPS"):
        from_environment({"PROXY_HOPS": "one"}, str(tmp_path))
    assert from_environment({"PROXY_HOPS": "2"}, str(tmp_path))["PROXY_HOPS"] == 2

"""Error pages: in the layout, never a stack trace; JSON for API clients."""
from tests.fixtures.app import login
from tests.fixtures.world import PASSWORD


def test_404_page_in_layout(client, world):
    """A signed-in user sees the layout and a way back."""
    login(client, world.a.admin.email, PASSWORD)
    response = client.get("/no/such/page")
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Not found" in html and "Go to the dashboard" in html and "Store" in html


def test_403_page_explains_the_missing_permission(client, world):
    """The clerk is told which permission they lack."""
    login(client, world.a.clerk.email, PASSWORD)
    html = client.get("/admin/users").get_data(as_text=True)
    assert "Organization Management" in html and "Not allowed" in html


def test_500_page_has_no_trace_and_rolls_back(app, client, world):
    """An unexpected exception gives a calm page and is logged."""
    @app.route("/boom")
    def boom():
        raise RuntimeError("secret internals")
    response = client.get("/boom")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong" in html and "secret internals" not in html
    assert "Traceback" not in html


def test_api_errors_are_json(client):
    """API paths answer errors as JSON with a stable code."""
    response = client.get("/api/v1/nothing")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_method_not_allowed_is_a_page(client, world):
    """A GET on a POST-only route is a clear 405."""
    login(client, world.a.admin.email, PASSWORD)
    assert client.get("/logout").status_code == 405


def test_method_not_allowed_keeps_the_allow_header(client, world):
    """405 says which methods the path takes, on pages and on the API (TRACE included)."""
    login(client, world.a.admin.email, PASSWORD)
    page = client.get("/logout")
    assert page.status_code == 405 and set(page.headers["Allow"].split(", ")) >= {"POST"}
    for path in ("/api/v1/actions", "/api/v1/actions/1", "/api/v1/openapi.json"):
        response = client.open(path, method="TRACE")
        assert response.status_code == 405, path
        assert response.get_json()["error"]["code"] == "method_not_allowed"
        assert "GET" in response.headers["Allow"] or "POST" in response.headers["Allow"], path

"""Every route × (anonymous, clerk, admin, admin of another organization)."""
import pytest

from tests.fixtures.app import csrf_token, login
from tests.fixtures.world import PASSWORD
from tests.routes import API_TOKEN, OWNER, PUBLIC, ROUTES, SIGNED_IN

ACTORS = ("anonymous", "clerk", "admin", "other_admin")


def test_every_route_is_listed(app):
    """A new route must say who may reach it."""
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints == set(ROUTES), (
        f"unlisted: {sorted(endpoints - set(ROUTES))}, stale: {sorted(set(ROUTES) - endpoints)}")


def _expected(route, actor, clerk_permissions):
    """'allow', 'login', 'forbidden' or 'not_found'."""
    if route.access == PUBLIC:
        return "allow"
    if actor == "anonymous" or route.access == API_TOKEN:
        return "login"
    if route.access == OWNER:
        return "allow" if actor == "clerk" else "not_found"
    if actor == "clerk" and route.access not in (SIGNED_IN, *clerk_permissions):
        return "forbidden"
    if actor == "other_admin" and route.tenant_object:
        return "not_found"
    return "allow"


def _outcome(response, actor):
    """Classify a response the way _expected does."""
    if response.status_code == 403:
        return "forbidden"
    if response.status_code == 404:
        return "not_found"
    if response.status_code == 401 or (actor == "anonymous" and response.status_code == 302
                                       and "/login" in response.headers["Location"]):
        return "login"
    # 400/409: the request got past every access check and was refused for its content.
    assert response.status_code in (200, 302, 400, 409), response.status_code
    return "allow"


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("endpoint", sorted(ROUTES))
def test_access(client, world, endpoint, actor):
    """Each actor gets exactly what their permissions and organization allow."""
    route = ROUTES[endpoint]
    users = {"clerk": world.a.clerk, "admin": world.a.admin, "other_admin": world.b.admin}
    if actor in users:
        login(client, users[actor].email, PASSWORD)
    path = route.path(world)
    if route.method == "GET":
        response = client.get(path)
    else:
        data = route.data(world) if route.data else {}
        data["csrf_token"] = csrf_token(client, "/login")
        response = client.post(path, data=data)
    expected = _expected(route, actor, world.a.clerk.permissions)
    assert _outcome(response, actor) == expected, (endpoint, actor, response.status_code)


def test_csrf_required_on_every_state_change(client, world):
    """Every POST route refuses a request without a CSRF token."""
    login(client, world.a.admin.email, PASSWORD)
    # API routes authenticate with a bearer token, not a cookie: nothing to forge.
    posts = {e: r for e, r in ROUTES.items() if r.method == "POST" and r.access != API_TOKEN}
    assert posts
    for endpoint, route in posts.items():
        data = route.data(world) if route.data else {}
        response = client.post(route.path(world), data=data)
        assert response.status_code == 400, endpoint
        assert "form expired" in response.get_data(as_text=True)


def test_csrf_required_on_htmx_requests(client, world):
    """HTMX requests need the token in the X-CSRFToken header."""
    login(client, world.a.admin.email, PASSWORD)
    path = f"/admin/users/{world.a.clerk.id}/deactivate"
    assert client.post(path, headers={"HX-Request": "true"}).status_code == 400
    token = csrf_token(client, "/")
    response = client.post(path, headers={"HX-Request": "true", "X-CSRFToken": token})
    assert response.status_code == 302

"""The store selector drives every location-scoped page."""
from tests.fixtures.app import login, post
from tests.fixtures.world import PASSWORD
from webapp.extensions import db


def test_selector_lists_only_my_stores_and_remembers_the_choice(client, world):
    """Only the user's stores; the choice persists for the session."""
    world.a.clerk.locations = [world.a.uptown]
    db.session.commit()
    login(client, world.a.clerk.email, PASSWORD)
    html = client.get("/").get_data(as_text=True)
    assert ">Uptown</option>" in html and ">Downtown</option>" not in html
    login(client, world.a.admin.email, PASSWORD)
    assert "<h1>Downtown</h1>" in client.get("/").get_data(as_text=True)
    response = post(client, "/store", {"location_id": world.a.uptown.id, "next": "/account/"})
    assert response.headers["Location"] == "/account/"
    assert "<h1>Uptown</h1>" in client.get("/").get_data(as_text=True)


def test_cannot_select_a_store_without_access(client, world):
    """A store of my organization I have no access to is 403; another tenant's is 404."""
    world.a.clerk.locations = [world.a.uptown]
    db.session.commit()
    login(client, world.a.clerk.email, PASSWORD)
    assert post(client, "/store", {"location_id": world.a.downtown.id}).status_code == 403
    assert post(client, "/store", {"location_id": world.b.downtown.id}).status_code == 404


def test_losing_access_moves_the_selection(client, world):
    """If access to the selected store is removed, the next page uses another store."""
    login(client, world.a.clerk.email, PASSWORD)
    post(client, "/store", {"location_id": world.a.uptown.id})
    world.a.clerk.locations = [world.a.downtown]
    db.session.commit()
    assert "<h1>Downtown</h1>" in client.get("/").get_data(as_text=True)

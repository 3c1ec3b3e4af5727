"""Messages a form must show in its own words: empty item lists, missing or short passwords."""
import pytest
from sqlalchemy import func, select

from tests.fixtures.app import login, post
from tests.fixtures.world import PASSWORD
from tests.test_biotrack_users import admin, create, html  # noqa: F401 (admin is a fixture)
from webapp.extensions import db
from webapp.models import Action, User
from webapp.intake import recording


@pytest.mark.parametrize("kind", ["sale", "refund", "receiving"])
def test_an_empty_item_list_says_so(client, world, kind):
    """Pressing the button with no rows shows "Add at least one item." where it is seen."""
    recording.record(world.a.downtown, world.a.clerk, kind="sale", external_id="S-1", data={
        "items": [{"barcode": "6001234560000001", "quantity": 1, "price": 1}]})
    login(client, world.a.clerk.email, PASSWORD)
    data = {"customer_type": "recreational", "sale_external_id": "S-1", "manifest_id": "M-1"}
    before = db.session.scalar(select(func.count(Action.id)))
    page = post(client, f"/actions/new/{kind}", data, page=f"/actions/new/{kind}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Nothing to record yet: add at least one item (scan or type its barcode)." in text
    assert 'role="alert"' in text
    assert db.session.scalar(select(func.count(Action.id))) == before


def test_biotrack_user_without_a_password_is_told_before_asking_biotrack(admin, sandbox):
    """Empty initial password: our words, and BioTrack is not even asked (its outage unseen)."""
    sandbox.fault("http_503", "/v1/users", method="POST", count=5)
    page = html(create(admin, password=""))
    assert "Enter an initial password, or choose the password e-mail." in page
    assert "BioTrack:" not in page and "could not be reached" not in page


def test_biotrack_user_with_a_short_password_is_told_locally(admin, sandbox):
    """BioTrack's 8-character minimum is checked here first."""
    sandbox.fault("http_503", "/v1/users", method="POST", count=5)
    page = html(create(admin, password="short"))
    assert "Use at least 8 characters." in page
    assert "BioTrack:" not in page and "could not be reached" not in page


def test_password_email_ignores_a_typed_password(admin, sandbox):
    """Choosing the e-mail after typing a password sends only the e-mail request."""
    response = create(admin, onboarding="email", password="typed-anyway-1")
    assert response.status_code == 302
    assert [m for m in sandbox.outbox() if m["to"] == "jamie@demo.test"]


def test_new_app_user_needs_the_chosen_initial_password(client, world):
    """Organization Management: "Set an initial password now" with none is not an invitation."""
    login(client, world.a.admin.email, PASSWORD)
    page = post(client, "/admin/users/new", {"name": "Ann Lee", "email": "ann@a.test",
                                             "onboarding": "password", "password": ""},
                page="/admin/users/new").get_data(as_text=True)
    assert "Enter an initial password, or choose the invitation link." in page
    assert db.session.scalar(select(User).where(User.email == "ann@a.test")) is None

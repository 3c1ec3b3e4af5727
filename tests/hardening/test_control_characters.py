"""Control characters (NUL above all) are refused in every form field, on both databases."""
import importlib
import pkgutil

import pytest
from flask_wtf import FlaskForm
from sqlalchemy import func, select

import webapp
from tests.fixtures.app import login, post
from tests.fixtures.world import PASSWORD
from webapp.extensions import db
from webapp.forms import AppForm
from webapp.models import Action, ApiToken, Location, Role, User

MESSAGE = "Remove the invisible control character"


def _all_subclasses(cls):
    """Every subclass, however deep."""
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


def test_every_form_of_the_app_refuses_control_characters():
    """Each form class of the app derives from AppForm (so the check cannot be forgotten)."""
    for module in pkgutil.walk_packages(webapp.__path__, "webapp."):
        importlib.import_module(module.name)
    forms = [cls for cls in _all_subclasses(FlaskForm) if cls.__module__.startswith("webapp.")]
    assert len(forms) > 15
    assert [cls.__qualname__ for cls in forms if not issubclass(cls, AppForm)] == []


@pytest.mark.parametrize("path, data, model, column", [
    ("/admin/roles/new", {"name": "Night\x00shift"}, Role, Role.name),
    ("/admin/locations/new", {"name": "Mid\x00town", "time_zone": "America/New_York"},
     Location, Location.name),
    ("/admin/users/new", {"name": "Ann\x00Lee", "email": "ann@a.test", "onboarding": "invite"},
     User, User.email),
    ("/admin/users/new", {"name": "Ann Lee", "email": "ann@a.test", "onboarding": "password",
                          "password": "long-enough\x00-password"}, User, User.email),
    ("/config/api-tokens", {"name": "Register\x001"}, ApiToken, ApiToken.name),
    ("/admin/roles/new", {"name": "Tab\tbed"}, Role, Role.name),
    ("/admin/roles/new", {"name": "Bell\x07"}, Role, Role.name),
])
def test_nul_and_other_controls_get_a_field_message(client, world, path, data, model, column):
    """The form comes back with the message on the field; nothing is stored."""
    login(client, world.a.admin.email, PASSWORD)
    before = db.session.scalar(select(func.count()).select_from(model))
    response = post(client, path, data, page=path)
    assert response.status_code == 200
    assert MESSAGE in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(model)) == before


def test_a_control_character_in_an_item_row_is_refused(client, world):
    """Fields inside repeated rows are checked too."""
    login(client, world.a.clerk.email, PASSWORD)
    response = post(client, "/actions/new/sale", {
        "customer_type": "recreational", "items-0-barcode": "60012345600\x0000002",
        "items-0-quantity": "1", "items-0-price": "2"}, page="/actions/new/sale")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and MESSAGE in html and 'id="items-0-barcode-error"' in html
    assert db.session.scalar(select(func.count(Action.id))) == 0


def test_signing_in_with_a_nul_is_a_message(client, world):
    """Even the sign-in form: a message, no database lookup with the NUL."""
    response = post(client, "/login", {"email": "admin\x00@a.test", "password": PASSWORD},
                    page="/login")
    assert response.status_code == 200 and MESSAGE in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/settings/companies?q=a%00b", "/biotrack/users?q=%00",
                                  "/reports?kind=%01", "/admin/users/1%00"])
def test_control_characters_in_the_address_are_a_bad_request(client, world, path):
    """Search boxes and filters without a form: 400 with a page, not a 500."""
    login(client, world.a.admin.email, PASSWORD)
    response = client.get(path)
    assert response.status_code == 400
    assert "Check what you entered" in response.get_data(as_text=True)

"""No plaintext password or token in any column of any table."""
from tests.fixtures.app import login
from tests.fixtures.secrets import columns_holding
from tests.fixtures.world import PASSWORD
from tests.config_page.integration.flow import ADMIN, authorize_through_page
from webapp.extensions import db
from webapp.models import Authorization


def test_no_plaintext_secret_anywhere(client, sandbox, world):
    """Scan every text column of every table for the password and the tokens."""
    login(client, world.a.admin.email, PASSWORD)
    authorize_through_page(client, sandbox, world.a.downtown)
    auth = db.session.query(Authorization).one()
    secrets = [ADMIN["password"], auth.access_token, auth.refresh_token]
    assert all(secrets)
    assert columns_holding(*secrets) == []

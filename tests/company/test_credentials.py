"""Step 2 against the sandbox: company BioTrack API credentials, verified on save."""
from sqlalchemy import func, select, text

from tests.company.flow import (ADMIN, CLERK, PAGE, add_credentials, hx_get, hx_post, plain,
                                set_mode, set_ubi, text_of)
from tests.fixtures.app import login
from tests.fixtures.secrets import columns_holding
from tests.fixtures.world import PASSWORD
from webapp.biotrack import Credentials
from webapp.company.credentials.services import company_default_credentials
from webapp.extensions import db
from webapp.models import AuditEvent, CompanyCredential, ListedLicense, Location


def _ready(client, mode="per_vendor"):
    """Steps 1 and 1a done."""
    set_ubi(client)
    set_mode(client, mode)


def test_step_two_waits_for_steps_one_and_a(client, sandbox, world):
    """Closed (with the reason) until the UBI and the vendor preference are set."""
    login(client, world.a.admin.email, PASSWORD)
    set_ubi(client)
    page = plain(client.get(PAGE))
    assert "Choose how companies are created from BioTrack vendors (step 1a) first." in page
    assert "Add Company BioTrack API Credentials" not in page
    assert hx_get(client, f"{PAGE}/credentials/new").status_code == 409
    set_mode(client, "per_vendor")
    page = plain(client.get(PAGE))
    assert "Add Company BioTrack API Credentials" in page
    assert "Your own BioTrack API credentials" in page  # where issue 5 plugs in


def test_add_verifies_at_biotrack_and_never_shows_the_password(client, sandbox, world):
    """Create: signed in at BioTrack, listed with its status; the UBI's licenses get listed."""
    login(client, world.a.admin.email, PASSWORD)
    _ready(client)
    form = plain(hx_get(client, f"{PAGE}/credentials/new"))
    for label in ("Description", "BioTrack Username", "BioTrack Password", "Create"):
        assert label in form
    assert "BioTrack UBI 600123456 (from step 1)" in form
    response = add_credentials(client, description="Back office")
    html, words = text_of(response), plain(response)
    assert "Credentials “Back office” verified with BioTrack and saved" in words
    assert "Back office biotrack-admin@demo.test NY-RET-000101 Valid" in words
    assert ADMIN["password"] not in html and ADMIN["password"] not in text_of(client.get(PAGE))
    row = db.session.scalar(select(CompanyCredential))
    assert (row.organization_id, row.ubi, row.license, row.status) == \
        (world.a.org.id, "600123456", "NY-RET-000101", "valid")
    assert row.last_verified_at is not None
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "company.credential_added"))
    assert event.biotrack_username == ADMIN["username"] and event.actor_id == world.a.admin.id
    # Step 3 opens with the licenses BioTrack lists for the UBI.
    assert "NY-RET-000103 — Demo Dispensary Midtown" in words
    assert db.session.scalar(select(func.count(ListedLicense.id))) == 4
    assert company_default_credentials(world.a.org) == Credentials(
        "600123456", "NY-RET-000101", ADMIN["username"], ADMIN["password"])
    assert company_default_credentials(world.a.org, license="NY-RET-000102").license == \
        "NY-RET-000102"
    assert company_default_credentials(world.b.org) is None


def test_refusals_go_on_the_right_field_and_keep_the_input(client, sandbox, world):
    """BioTrack's reason on the field it is about; input kept but the password; nothing saved."""
    login(client, world.a.admin.email, PASSWORD)
    _ready(client)
    wrong = add_credentials(client, description="Office", password="wrong-password")
    html = text_of(wrong)
    assert 'id="password-error"' in html and "The password for biotrack-admin@demo.test is " \
        "wrong" in html
    assert 'value="Office"' in html and f'value="{ADMIN["username"]}"' in html
    assert "wrong-password" not in html
    unknown = text_of(add_credentials(client, username="nobody@demo.test"))
    assert 'id="username-error"' in unknown and "No BioTrack user nobody@demo.test" in unknown
    no_access = text_of(add_credentials(client, license="NY-RET-000103", **CLERK))
    assert 'id="sign_in_license-error"' in no_access and "has no access to license " \
        "NY-RET-000103" in no_access
    empty = text_of(add_credentials(client, description="", username="not-an-email"))
    assert "Describe these credentials" in empty and "is an e-mail address" in empty
    assert db.session.scalar(select(func.count(CompanyCredential.id))) == 0


def test_the_sign_in_license_falls_back_to_another_store(client, sandbox, world):
    """The first store's license refuses this account: the next store's license is used."""
    login(client, world.a.admin.email, PASSWORD)
    _ready(client)
    db.session.add(Location(organization_id=world.a.org.id, name="Aardvark",
                            biotrack_license="NY-RET-000103"))  # first by name; clerk lacks it
    db.session.commit()
    assert "verified with BioTrack and saved" in plain(add_credentials(client, **CLERK))
    assert db.session.scalar(select(CompanyCredential.license)) == "NY-RET-000101"


def test_unavailable_keeps_the_form(client, sandbox, world):
    """BioTrack down: a plain message, the input kept, nothing saved."""
    login(client, world.a.admin.email, PASSWORD)
    _ready(client)
    sandbox.fault("http_503", path="/v1/login", count=3)
    response = add_credentials(client, description="Office")
    assert response.status_code == 200
    assert "BioTrack cannot be reached right now" in plain(response)
    assert 'value="Office"' in text_of(response)
    assert db.session.scalar(select(func.count(CompanyCredential.id))) == 0


def test_update_verifies_again_and_keeps_the_password_when_empty(client, sandbox, world):
    """Update: an empty password keeps the stored one; a refused change changes nothing."""
    login(client, world.a.admin.email, PASSWORD)
    _ready(client)
    add_credentials(client, description="Office")
    row = db.session.scalar(select(CompanyCredential))
    path = f"{PAGE}/credentials/{row.id}"
    form = text_of(hx_get(client, path))
    assert "Update “Office”" in form and 'value="Office"' in form
    assert ADMIN["password"] not in form
    done = plain(hx_post(client, path, {"description": "Back office", "username":
                                        ADMIN["username"], "password": "",
                                        "sign_in_license": "NY-RET-000101"}))
    assert "Credentials “Back office” verified with BioTrack and updated." in done
    db.session.refresh(row)
    assert row.description == "Back office" and row.password == ADMIN["password"]

    refused = text_of(hx_post(client, path, {"description": "Changed", "username":
                                             ADMIN["username"], "password": "bad-one",
                                             "sign_in_license": "NY-RET-000101"}))
    assert 'id="password-error"' in refused
    db.session.refresh(row)
    assert row.description == "Back office" and row.status == "valid"


def test_stored_credentials_refused_are_marked_invalid(client, sandbox, world):
    """The password was changed in BioTrack: Update without changes shows them invalid."""
    login(client, world.a.admin.email, PASSWORD)
    _ready(client)
    add_credentials(client, description="Office")
    row = db.session.scalar(select(CompanyCredential))
    sandbox.set_password(ADMIN["username"], "a-new-password")
    hx_post(client, f"{PAGE}/credentials/{row.id}", {
        "description": "Office", "username": ADMIN["username"], "password": "",
        "sign_in_license": "NY-RET-000101"})
    page = plain(client.get(PAGE))
    assert "Invalid" in page and "The password for biotrack-admin@demo.test is wrong" in page
    db.session.refresh(row)
    assert row.status == "invalid" and company_default_credentials(world.a.org) is None
    assert "Add company BioTrack API credentials in step 2 first" in page  # step 3 closes


def test_remove_after_confirmation(client, sandbox, world):
    """Remove: the dialog names them; removing is audited."""
    login(client, world.a.admin.email, PASSWORD)
    _ready(client)
    add_credentials(client, description="Office")
    row = db.session.scalar(select(CompanyCredential))
    page = plain(client.get(PAGE))
    assert "Remove these credentials?" in page and "Cancel" in page
    done = plain(hx_post(client, f"{PAGE}/credentials/{row.id}/remove"))
    assert "Credentials “Office” removed." in done
    assert db.session.scalar(select(func.count(CompanyCredential.id))) == 0
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "company.credential_removed"))
    assert event.biotrack_username == ADMIN["username"]


def test_another_organization_cannot_reach_them(client, sandbox, world):
    """Organization B sees none of A's credentials and gets 404 for their URLs."""
    login(client, world.a.admin.email, PASSWORD)
    _ready(client)
    add_credentials(client, description="Office")
    row = db.session.scalar(select(CompanyCredential))
    login(client, world.b.admin.email, PASSWORD)
    assert "Office" not in plain(client.get(PAGE))
    assert hx_get(client, f"{PAGE}/credentials/{row.id}").status_code == 404
    assert hx_post(client, f"{PAGE}/credentials/{row.id}/remove").status_code == 404
    assert db.session.scalar(select(func.count(CompanyCredential.id))) == 1


def test_no_plaintext_password_in_any_column(client, sandbox, world):
    """Raw SQL over every table: the BioTrack password is stored encrypted only."""
    login(client, world.a.admin.email, PASSWORD)
    _ready(client)
    add_credentials(client, description="Office")
    assert columns_holding(ADMIN["password"]) == []
    stored = db.session.execute(text("SELECT password FROM company_credential")).scalar()
    assert stored.startswith("gAAAA")  # a Fernet token

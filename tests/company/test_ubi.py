"""Step 1: the company's BioTrack UBI, and the steps that wait for it."""
from sqlalchemy import select

from tests.company.flow import PAGE, hx_post, plain, set_mode, set_ubi, text_of
from tests.fixtures.app import login, post
from tests.fixtures.world import PASSWORD
from webapp.extensions import db
from webapp.models import AuditEvent, CompanyCredential
from webapp.models.company import UNVERIFIED


def test_steps_wait_for_the_ubi_and_say_why(client, world):
    """Before the UBI is set, steps 1a, 2 and 3 are closed with the reason."""
    login(client, world.a.admin.email, PASSWORD)
    page = plain(client.get(PAGE))
    for title in ("1. Setup before entering BioTrack API Credentials (BioTrack UBI)",
                  "a. Preferences for how companies should be auto-created in TraceBridge "
                  "from BioTrack", "2. Enter the company BioTrack API credentials",
                  "3. Sync BioTrack licenses to TraceBridge"):
        assert title in page
    assert page.index("1. Setup") < page.index("a. Preferences") < page.index("2. Enter") \
        < page.index("3. Sync")
    assert page.count("Set the BioTrack UBI in step 1 first.") == 3
    assert "Save UBI" in page and "Save preference" not in page
    assert "Add Company BioTrack API Credentials" not in page
    assert text_of(client.get(PAGE)).count("data-blocked") == 3


def test_a_bad_ubi_is_explained_and_kept(client, world):
    """Not 9 digits: a message on the field, the input kept, nothing saved."""
    login(client, world.a.admin.email, PASSWORD)
    html = text_of(set_ubi(client, "60012345X"))
    assert "The UBI is the 9-digit Universal Business Identifier" in html
    assert 'value="60012345X"' in html and 'aria-invalid="true"' in html
    db.session.refresh(world.a.org)
    assert world.a.org.biotrack_ubi is None


def test_setting_the_ubi_opens_the_next_steps(client, world):
    """Spaces and dashes are dropped; the UBI is saved, audited; step 1a opens, 2 waits for 1a."""
    login(client, world.a.admin.email, PASSWORD)
    response = set_ubi(client, " 600-123 456 ")
    text = plain(response)
    assert response.status_code == 200 and "BioTrack UBI saved: 600123456." in text
    db.session.refresh(world.a.org)
    assert world.a.org.biotrack_ubi == "600123456"
    assert "Save preference" in text and "Preview" in text
    assert "Choose how companies are created from BioTrack vendors (step 1a) first." in text
    assert "Add company BioTrack API credentials in step 2 first" in text
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "company.ubi_set"))
    assert event.actor_id == world.a.admin.id and event.details["after"] == "600123456"
    # The other organization is untouched.
    db.session.refresh(world.b.org)
    assert world.b.org.biotrack_ubi is None


def test_changing_the_ubi_warns_and_needs_confirmation(client, world):
    """The page names what a change affects; without confirmation nothing changes."""
    login(client, world.a.admin.email, PASSWORD)
    set_ubi(client)
    set_mode(client, "per_vendor")
    db.session.add(CompanyCredential(organization_id=world.a.org.id, description="Office",
                                     ubi="600123456", username="x@demo.test", password="pw",
                                     license="NY-RET-000101"))
    db.session.commit()
    page = plain(client.get(PAGE))
    assert "Change the BioTrack UBI?" in page
    for effect in ("Company BioTrack API credentials sign in with it",
                   "License sync lists this UBI's licenses",
                   "Employees' own linked BioTrack credentials use it"):
        assert effect in page
    refused = plain(set_ubi(client, "600987654"))
    assert "Confirm the change" in refused
    db.session.refresh(world.a.org)
    assert world.a.org.biotrack_ubi == "600123456"

    changed = plain(set_ubi(client, "600987654", confirm=True))
    assert "BioTrack UBI saved: 600987654." in changed
    db.session.refresh(world.a.org)
    assert world.a.org.biotrack_ubi == "600987654"
    credential = db.session.scalar(select(CompanyCredential))
    assert credential.status == UNVERIFIED and credential.ubi == "600987654"
    assert "Not verified" in changed and "press Update" in changed
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "company.ubi_changed"))
    assert event.details == {"before": "600123456", "after": "600987654",
                             "credentials_to_verify": 1}


def test_saving_the_same_ubi_changes_nothing(client, world):
    """Re-saving the UBI it already has is not a change."""
    login(client, world.a.admin.email, PASSWORD)
    set_ubi(client)
    assert "The BioTrack UBI is unchanged." in plain(set_ubi(client))
    assert len(db.session.scalars(select(AuditEvent).where(
        AuditEvent.action.startswith("company.ubi"))).all()) == 1


def test_without_htmx_the_whole_page_comes_back(client, world):
    """A browser without JavaScript posts the form and gets the whole page."""
    login(client, world.a.admin.email, PASSWORD)
    response = hx_post(client, f"{PAGE}/ubi", {"ubi": "600123456"})
    assert "<nav" not in text_of(response)  # HTMX gets the fragment
    full = post(client, f"{PAGE}/ubi", {"ubi": "600123457", "confirm": "yes"}, page=PAGE)
    assert full.status_code == 200 and "<nav" in text_of(full)
    assert "BioTrack UBI saved: 600123457." in plain(full)

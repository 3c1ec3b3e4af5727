"""A BioTrack account speaks for one person: who may link it, and who is told when it breaks."""
import pytest
from sqlalchemy import select

from tests.fixtures.app import login, post
from tests.fixtures.integration import authorize_store
from tests.fixtures.smtp import bodies
from tests.fixtures.world import PASSWORD, make_user
from tests.delivery.helpers import delivery_of, drain_until_settled, link_clerk, sale
from tests.intake.helpers import api_post, sale_body, token_for
from webapp.credentials import ownership
from webapp.extensions import db
from webapp.mail.delivery import deliver_outbox
from webapp.models import Action, AuditEvent, BioTrackOwner, LinkedCredential, utcnow

NEW = "/account/credentials/new"
CLERK_BT = {"username": "clerk@demo.test", "password": "bt-clerk-pass"}


def html(response) -> str:
    """The response body as text."""
    return response.get_data(as_text=True)


def live(user) -> list[LinkedCredential]:
    """The user's live credentials, fresh from the database."""
    db.session.expire_all()
    return list(db.session.scalars(select(LinkedCredential).where(
        LinkedCredential.user_id == user.id, LinkedCredential.status != "removed")))


def add(client, location, **account):
    """Submit "+ Add Credential" for the store."""
    data = {"provider": "biotrack", "location": location.id, "ubi": ""} | account
    return post(client, NEW, data, page=NEW)


@pytest.fixture
def downtown(sandbox, world):
    """Downtown authorized with the sandbox's admin account."""
    return authorize_store(sandbox, world.a.downtown)


def test_an_admin_cannot_link_the_clerks_account_to_himself(client, world, downtown):
    """Refused on the Username field, before BioTrack is asked, with what to do instead."""
    login(client, world.a.admin.email, PASSWORD)
    page = html(add(client, world.a.downtown, **CLERK_BT))
    assert "clerk@demo.test is not your BioTrack account" in page
    assert "Ask an admin to assign it to you in BioTrack Users" in page
    assert live(world.a.admin) == []


def test_the_owner_links_it_and_an_unassigned_username_is_refused(client, world, downtown):
    """The clerk (assigned) links; another employee cannot, even with the right password."""
    other = make_user(world.a.org, "other@a.test", permissions={"perform_actions"},
                      locations=[world.a.downtown])
    db.session.commit()
    login(client, other.email, PASSWORD)
    assert "is not your BioTrack account" in html(add(client, world.a.downtown, **CLERK_BT))
    client.post("/logout", data={"csrf_token": ""})
    credential = link_clerk(world)
    assert credential.username == "clerk@demo.test" and live(world.a.clerk)


def test_own_email_needs_no_assignment(world):
    """A username equal to one's own e-mail (any case) is one's own; anyone else's is not."""
    assert ownership.may_link(world.a.admin, "ADMIN@a.test")
    assert not ownership.may_link(world.a.admin, "clerk@a.test")
    assert not ownership.may_link(world.a.admin, "clerk@demo.test")  # assigned to the clerk
    assert ownership.may_link(world.a.clerk, "clerk@demo.test")


def test_assignment_is_audited_and_one_employee_per_biotrack_user(client, world, downtown):
    """BioTrack Users > a user > Belongs to: assigned once, refused for a second employee."""
    other = make_user(world.a.org, "casey@a.test", permissions={"perform_actions"},
                      locations=[world.a.downtown], name="Casey Other")
    db.session.commit()
    login(client, world.a.admin.email, PASSWORD)
    page = "/biotrack/users/biotrack-admin@demo.test"
    assert "Belongs to" in html(client.get(page))
    response = post(client, page + "/owner", {"user_id": other.id}, page=page)
    assert response.status_code == 302
    assert ownership.owner_of(world.a.org.id, "biotrack-admin@demo.test").user_id == other.id
    assert db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "biotrack_user.owner_assigned")).actor_id == world.a.admin.id
    again = post(client, page + "/owner", {"user_id": world.a.clerk.id}, page=page,
                 follow_redirects=True)
    assert "already belongs to Casey Other" in html(again)
    taken = post(client, "/biotrack/users/clerk@demo.test/owner", {"user_id": other.id},
                 page=page, follow_redirects=True)
    assert "already belongs to Demo Dispensary Clerk" in html(taken)


def test_a_username_that_is_an_employees_email_belongs_to_them(world):
    """Nobody can be assigned another employee's e-mail as their BioTrack user."""
    with pytest.raises(Exception) as refused:
        ownership.assign(world.a.admin, "clerk@a.test", world.a.admin)
    assert "is the e-mail of Demo Dispensary Clerk" in str(refused.value.message)


def test_links_breaking_the_rule_are_listed_for_an_admin(client, world, downtown):
    """An old link to someone else's account shows on Onboarding; confirm or remove it."""
    stray = LinkedCredential(organization_id=world.a.org.id, user_id=world.a.admin.id,
                             ubi="600123456", license=world.a.downtown.biotrack_license,
                             username="biotrack-admin@demo.test", password="bt-admin-pass",
                             status="valid")
    db.session.add(stray)
    db.session.commit()
    login(client, world.a.admin.email, PASSWORD)
    page = html(client.get("/biotrack/onboarding"))
    assert "Links to confirm" in page and "biotrack-admin@demo.test" in page
    post(client, f"/biotrack/onboarding/links/{stray.id}/confirm", {}, page="/biotrack/onboarding")
    assert "Links to confirm" not in html(client.get("/biotrack/onboarding"))
    ownership.unassign(world.a.admin, "biotrack-admin@demo.test")
    post(client, f"/biotrack/onboarding/links/{stray.id}/remove", {}, page="/biotrack/onboarding")
    db.session.expire_all()
    assert db.session.get(LinkedCredential, stray.id).status == "removed"


def test_onboarding_offers_linking_to_who_already_has_a_biotrack_user(client, world, downtown):
    """Matched by assignment or by e-mail (asking BioTrack) before "Create BioTrack user"."""
    make_user(world.a.org, "biotrack-admin@demo.test", permissions={"perform_actions"},
              locations=[world.a.downtown], name="Bea Matched")
    make_user(world.a.org, "nobody-yet@a.test", permissions={"perform_actions"},
              locations=[world.a.downtown], name="Nia New")
    db.session.commit()
    login(client, world.a.admin.email, PASSWORD)
    page = html(client.get("/biotrack/onboarding"))
    assert '<th scope="col">Next step</th>' in page
    assert 'aria-label="Create BioTrack user for Demo Dispensary Clerk"' not in page
    assert 'aria-label="Create BioTrack user for Bea Matched"' not in page
    assert 'href="/biotrack/users/biotrack-admin@demo.test">biotrack-admin@demo.test' in page
    assert 'href="/biotrack/users/clerk@demo.test">clerk@demo.test' in page
    assert 'aria-label="Create BioTrack user for Nia New"' in page


def test_the_store_you_chose_stays_chosen_across_sign_ins(client, world):
    """A store created later (sorting first) never takes over; the last choice is kept."""
    login(client, world.a.admin.email, PASSWORD)
    assert "<h1>Downtown</h1>" in html(client.get("/"))
    post(client, "/store", {"location_id": world.a.uptown.id}, page="/")
    client.post("/logout", data={"csrf_token": ""})
    from webapp.models import Location
    first = Location(organization_id=world.a.org.id, name="Aaa Midtown",
                     biotrack_license="NY-RET-000103")
    db.session.add(first)
    world.a.admin.locations.append(first)
    db.session.commit()
    fresh = client.application.test_client()
    login(fresh, world.a.admin.email, PASSWORD)
    assert "<h1>Uptown</h1>" in html(fresh.get("/"))


def test_first_sign_in_picks_the_first_store_by_name_and_keeps_it(app, world):
    """The first landing store is written down, so a newer store sorting first changes nothing."""
    client = app.test_client()
    login(client, world.a.clerk.email, PASSWORD)
    assert "<h1>Downtown</h1>" in html(client.get("/"))
    from webapp.models import Location
    first = Location(organization_id=world.a.org.id, name="Aaa Midtown",
                     biotrack_license="NY-RET-000103")
    db.session.add(first)
    world.a.clerk.locations.append(first)
    db.session.commit()
    again = app.test_client()
    login(again, world.a.clerk.email, PASSWORD)
    assert "<h1>Downtown</h1>" in html(again.get("/"))


def _deliver_mail():
    """Send the e-mail outbox now (the scheduler's mail job)."""
    deliver_outbox(utcnow())


def test_a_refused_clerk_is_emailed_once_and_admins_once_per_store(app, client, world, sandbox,
                                                                   downtown, smtp_server):
    """Deactivated in BioTrack: the clerk hears at once (once), admins once; the fix delivers."""
    credential = link_clerk(world)
    sandbox.deactivate_user("clerk@demo.test")
    token = token_for(world.a.downtown)
    assert api_post(client, token, sale_body("S-1", performed_by="clerk@a.test")).status_code == 202
    drain_until_settled()
    assert api_post(client, token, sale_body("S-2", performed_by="clerk@a.test")).status_code == 202
    drain_until_settled()
    _deliver_mail()
    mine = smtp_server.to("clerk@a.test")
    assert len(mine) == 1, [m["Subject"] for m in mine]
    text, page = bodies(mine[0])
    assert mine[0]["Subject"] == "Your BioTrack account stopped working at Downtown"
    assert "1 of your actions at Downtown waits" in text
    assert f"/account/credentials/{credential.id}" in text and "is deactivated" in text
    admin_mail = smtp_server.to("admin@a.test")
    assert len(admin_mail) == 1
    assert "Demo Dispensary Clerk's BioTrack account stopped working at Downtown" in \
        admin_mail[0]["Subject"]
    # The fix: BioTrack reactivates the user and the clerk re-enters the password.
    sandbox.reactivate_user("clerk@demo.test")
    login(client, world.a.clerk.email, PASSWORD)
    page = f"/account/credentials/{credential.id}"
    fixed = post(client, page, {"password": "bt-clerk-pass"}, page=page, follow_redirects=True)
    assert "Your 2 waiting actions are being sent to BioTrack as you now." in html(fixed)
    drain_until_settled()
    for external_id in ("S-1", "S-2"):
        action = db.session.scalar(select(Action).where(Action.external_id == external_id))
        delivery = delivery_of(action)
        assert (delivery.status, delivery.reported_as) == ("delivered", "clerk@demo.test")


def test_deactivating_through_biotrack_users_tells_the_owner_at_once(client, world, sandbox,
                                                                     downtown, smtp_server):
    """No report needed: the link is marked refused and its owner e-mailed right away."""
    credential = link_clerk(world)
    login(client, world.a.admin.email, PASSWORD)
    page = "/biotrack/users/clerk@demo.test"
    post(client, page + "/deactivate", {}, page=page)
    db.session.expire_all()
    assert db.session.get(LinkedCredential, credential.id).status == "invalid"
    _deliver_mail()
    message = smtp_server.only_message_to("clerk@a.test")
    assert "deactivated the BioTrack user clerk@demo.test" in bodies(message)[0]
    post(client, page + "/reactivate", {}, page=page)
    db.session.expire_all()
    assert db.session.get(LinkedCredential, credential.id).status == "valid"


def test_the_clerks_dashboard_shows_their_link_and_actions(client, world, sandbox, downtown):
    """Unlinked first; once linked, their delivered sale "as clerk@demo.test"."""
    login(client, world.a.clerk.email, PASSWORD)
    page = html(client.get("/"))
    assert "Your BioTrack account" in page and "Not linked" in page
    assert "Link your BioTrack account" in page
    assert "You have not recorded any action yet." in page
    link_clerk(world)
    sale(world.a.downtown, world.a.clerk, "S-DASH")
    drain_until_settled()
    page = html(client.get("/"))
    assert "Linked</span> clerk@demo.test" in page
    assert "Sale S-DASH" in page and "Delivered" in page
    assert "clerk@demo.test <span class=\"muted\">(linked account)</span>" in page


def test_a_failed_attempt_shows_the_identity_it_was_made_as(client, world, sandbox, downtown):
    """Refused by BioTrack as the clerk: the page and the API say as whom it was tried."""
    link_clerk(world)
    token = token_for(world.a.downtown)
    body = sale_body("S-BAD", performed_by="clerk@a.test",
                     items=[{"barcode": "6001234560009999", "quantity": 1, "price": 1}])
    action_id = api_post(client, token, body).get_json()["id"]
    drain_until_settled()
    shown = client.get(f"/api/v1/actions/{action_id}",
                       headers={"Authorization": f"Bearer {token}"}).get_json()
    assert shown["status"] == "failed"
    assert (shown["last_attempt_as"], shown["last_attempt_source"]) == ("clerk@demo.test",
                                                                      "linked")
    assert shown["reported_as"] is None
    assert shown["last_error"].count("6001234560009999") == 1
    login(client, world.a.admin.email, PASSWORD)
    page = html(client.get(f"/reports/{action_id}"))
    assert "last attempt as</span> clerk@demo.test" in page


"""Onboarding: who acts in the store without a valid linked BioTrack account."""
import re

from sqlalchemy import delete

from tests.fixtures.app import login
from tests.fixtures.integration import authorize_store
from tests.fixtures.world import PASSWORD, make_user
from webapp.extensions import db
from webapp.models import BioTrackOwner, LinkedCredential

NOT_LINKED = "Not linked: their actions are reported as the default user"


def rows(client) -> dict[str, str]:
    """Onboarding table rows by e-mail."""
    page = client.get("/biotrack/onboarding").get_data(as_text=True)
    return {re.search(r"<td>([^<]+@[^<]+)</td>", row).group(1): row
            for row in re.findall(r"<tr>\s*<th scope=\"row\">.*?</tr>", page, re.S)}


def test_lists_people_who_act_here_without_a_valid_credential(client, sandbox, world):
    """Performers with access to the store; linked ones drop out; broken links show why."""
    authorize_store(sandbox, world.a.downtown)
    uptown_only = make_user(world.a.org, "uptown@a.test", permissions={"perform_actions"},
                            locations=[world.a.uptown])
    viewer = make_user(world.a.org, "viewer@a.test", permissions={"view_reports"},
                       locations=[world.a.downtown])
    gone = make_user(world.a.org, "gone@a.test", permissions={"perform_actions"},
                     locations=[world.a.downtown])
    gone.active = False
    db.session.execute(delete(BioTrackOwner))  # the clerk has no BioTrack user yet
    db.session.commit()
    login(client, world.a.admin.email, PASSWORD)
    listed = rows(client)
    assert set(listed) == {world.a.admin.email, world.a.clerk.email}
    assert NOT_LINKED in listed[world.a.clerk.email]
    assert f'href="/biotrack/users/new?user={world.a.clerk.id}"' in listed[world.a.clerk.email]
    assert ">Create BioTrack user</a>" in listed[world.a.clerk.email]
    assert uptown_only.email not in listed and viewer.email not in listed

    credential = LinkedCredential(organization_id=world.a.org.id, user_id=world.a.clerk.id,
                                  ubi="600123456", license="NY-RET-000101",
                                  username="clerk@demo.test", password="bt-clerk-pass")
    db.session.add(credential)
    db.session.commit()
    assert world.a.clerk.email not in rows(client)
    credential.status, credential.invalid_reason = "invalid", "The password is wrong."
    db.session.commit()
    row = rows(client)[world.a.clerk.email]
    assert "Credential invalid" in row and "The password is wrong." in row
    assert 'href="/biotrack/users/clerk@demo.test"' in row


def test_a_credential_for_another_license_does_not_count(client, sandbox, world):
    """Linked for Uptown only: still not linked for Downtown."""
    authorize_store(sandbox, world.a.downtown)
    db.session.add(LinkedCredential(organization_id=world.a.org.id, user_id=world.a.clerk.id,
                                    ubi="600123456", license="NY-RET-000102",
                                    username="clerk@demo.test", password="bt-clerk-pass"))
    db.session.commit()
    login(client, world.a.admin.email, PASSWORD)
    assert NOT_LINKED in rows(client)[world.a.clerk.email]

"""User management with a grant and an admin's session, including BioTrack's missing guards."""
import pytest
import requests

from tests.fixtures.consent_page import parse
from webapp.biotrack import AuthorizationInvalid, Conflict, Credentials, InvalidCredentials, NotFound, ValidationFailed

from .contract import ADMIN, ADMIN_DOWNTOWN, ADMIN_UPTOWN, CLERK, CLERK_DOWNTOWN, DOWNTOWN, UBI, UPTOWN


@pytest.fixture
def grant(sandbox, biotrack_client):
    return sandbox.authorize(biotrack_client)


def new_user(client, grant, username="new.hire@demo.test", **kwargs):
    args = {"first_name": "New", "last_name": "Hire", "username": username, "is_admin": False, "password": "first-pass-1"} | kwargs
    return client.create_user(grant, ADMIN_DOWNTOWN, **args)


def test_list_search_filter_and_pages(biotrack_client, grant):
    everyone = biotrack_client.list_users(grant, ADMIN_DOWNTOWN)
    assert [u.username for u in everyone.items] == [ADMIN, CLERK, "former.employee@demo.test"] and everyone.total == 3
    assert [u.username for u in biotrack_client.list_users(grant, ADMIN_DOWNTOWN, search="casey").items] == [CLERK]
    assert [u.username for u in biotrack_client.list_users(grant, ADMIN_DOWNTOWN, active=False).items] == ["former.employee@demo.test"]
    second = biotrack_client.list_users(grant, ADMIN_DOWNTOWN, page=2, per_page=2)
    assert (second.total, second.pages, [u.username for u in second.items]) == (3, 2, ["former.employee@demo.test"])


def test_get_user_and_not_found(biotrack_client, grant):
    assert biotrack_client.get_user(grant, ADMIN_DOWNTOWN, CLERK).first_name == "Casey"
    with pytest.raises(NotFound) as caught:
        biotrack_client.get_user(grant, ADMIN_DOWNTOWN, "ghost@demo.test")
    assert caught.value.code == "user_not_found"


def test_create_with_a_password_then_log_in_as_the_new_user(biotrack_client, grant):
    user = new_user(biotrack_client, grant, licenses=[DOWNTOWN, UPTOWN])
    assert (user.username, user.is_admin, user.active, user.licenses) == ("new.hire@demo.test", False, True, (DOWNTOWN, UPTOWN))
    me = biotrack_client.whoami(Credentials(UBI, UPTOWN, "new.hire@demo.test", "first-pass-1"))
    assert me.first_name == "New"


def test_create_with_a_password_email_and_follow_its_link(sandbox, biotrack_client, grant):
    user = new_user(biotrack_client, grant, password=None, send_password_email=True)
    assert user.licenses == (DOWNTOWN,)  # defaults to the grant's license
    (mail,) = sandbox.outbox()
    assert mail["to"] == "new.hire@demo.test" and mail["link"] in mail["body"]
    browser = requests.Session()
    page = parse(mail["link"], 200, browser.get(mail["link"], timeout=5).text)
    done = browser.post(mail["link"], data={"csrf_token": page.inputs["csrf_token"]["value"], "password": "chosen-pass-1",
                                            "confirm": "chosen-pass-1"}, timeout=5)
    assert done.status_code == 200 and "password was changed" in done.text
    assert biotrack_client.whoami(Credentials(UBI, DOWNTOWN, "new.hire@demo.test", "chosen-pass-1")).active
    assert browser.get(mail["link"], timeout=5).status_code == 400  # the link works once


def test_a_taken_username_is_a_conflict(biotrack_client, grant):
    with pytest.raises(Conflict) as caught:
        new_user(biotrack_client, grant, username=CLERK.upper())
    assert caught.value.code == "username_taken"


@pytest.mark.parametrize("kwargs, fields", [
    ({"username": "not-an-email"}, {"username"}),
    ({"password": "short"}, {"password"}),
    ({"password": None}, {"password"}),
    ({"first_name": ""}, {"first_name"}),
    ({"licenses": ["NY-RET-000201", "NY-RET-000104"]}, {"licenses"}),
])
def test_bad_user_data_names_the_fields(biotrack_client, grant, kwargs, fields):
    with pytest.raises(ValidationFailed) as caught:
        new_user(biotrack_client, grant, **kwargs)
    assert set(caught.value.fields) == fields and caught.value.status == 400


def test_edit_names_admin_flag_licenses_and_password(biotrack_client, grant):
    new_user(biotrack_client, grant)
    user = biotrack_client.update_user(grant, ADMIN_DOWNTOWN, "new.hire@demo.test", first_name="Renamed", is_admin=True,
                                       licenses=[UPTOWN], password="second-pass-2")
    assert (user.first_name, user.is_admin, user.licenses) == ("Renamed", True, (UPTOWN,))
    assert biotrack_client.whoami(Credentials(UBI, UPTOWN, "new.hire@demo.test", "second-pass-2")).is_admin


def test_deactivate_and_reactivate(biotrack_client, grant):
    assert biotrack_client.deactivate_user(grant, ADMIN_DOWNTOWN, CLERK).active is False
    with pytest.raises(InvalidCredentials) as caught:
        biotrack_client.whoami(CLERK_DOWNTOWN)
    assert caught.value.code == "user_inactive"
    assert biotrack_client.reactivate_user(grant, ADMIN_DOWNTOWN, CLERK).active is True
    assert biotrack_client.whoami(CLERK_DOWNTOWN).active


def test_the_last_admin_can_be_neither_deactivated_nor_demoted(biotrack_client, grant):
    for attempt in (lambda: biotrack_client.deactivate_user(grant, ADMIN_DOWNTOWN, ADMIN),
                    lambda: biotrack_client.update_user(grant, ADMIN_DOWNTOWN, ADMIN, is_admin=False)):
        with pytest.raises(Conflict) as caught:
            attempt()
        assert caught.value.code == "last_admin" and "last active admin" in caught.value.message
    new_user(biotrack_client, grant, is_admin=True)
    assert biotrack_client.update_user(grant, ADMIN_DOWNTOWN, ADMIN, is_admin=False).is_admin is False


def test_password_reset_emails(sandbox, biotrack_client, grant):
    biotrack_client.request_password_reset(grant, ADMIN_DOWNTOWN, CLERK)
    biotrack_client.forgot_password(ubi=UBI, username=CLERK)
    biotrack_client.forgot_password(ubi=UBI, username="ghost@demo.test")  # no error, no e-mail: nothing revealed
    assert [(m["to"], m["subject"]) for m in sandbox.outbox()] == [(CLERK, "Reset your BioTrack password")] * 2


def test_an_employee_cannot_manage_users(biotrack_client, grant):
    with pytest.raises(InvalidCredentials) as caught:
        biotrack_client.list_users(grant, CLERK_DOWNTOWN)
    assert caught.value.code == "not_admin"


def test_the_grant_must_be_for_the_sessions_license(biotrack_client, grant):
    with pytest.raises(AuthorizationInvalid) as caught:
        biotrack_client.list_users(grant, ADMIN_UPTOWN)
    assert caught.value.code == "grant_missing" and UPTOWN in caught.value.message


def test_users_need_a_grant(sandbox, biotrack_client):
    session = requests.post(f"{sandbox.url}/v1/login", json={"UBI": UBI, "License": DOWNTOWN, "Username": ADMIN,
                                                             "Password": ADMIN_DOWNTOWN.password}, timeout=5).json()["Session"]
    resp = requests.get(f"{sandbox.url}/v1/users", headers={"Authorization": f"Bearer {session}"}, timeout=5)
    assert resp.status_code == 403 and resp.json()["Code"] == "grant_missing"


def test_another_companys_admin_sees_only_their_users(sandbox, biotrack_client):
    harbor = Credentials("600987654", "NY-RET-000201", "harbor-admin@harbor.test", "harbor-pass")
    grant = sandbox.authorize(biotrack_client, "NY-RET-000201", ubi="600987654", username=harbor.username, password=harbor.password)
    assert [u.username for u in biotrack_client.list_users(grant, harbor).items] == ["harbor-admin@harbor.test"]
    with pytest.raises(NotFound):
        biotrack_client.get_user(grant, harbor, CLERK)
    with pytest.raises(ValidationFailed):
        biotrack_client.create_user(grant, harbor, first_name="A", last_name="B", username="a@harbor.test", is_admin=False,
                                    licenses=[DOWNTOWN], password="harbor-pass-2")

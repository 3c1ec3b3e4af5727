"""Users, licenses and vendors: the calls sent and the records returned."""
import pytest
import responses

from webapp.biotrack import ValidationFailed

from .helpers import BASE, CREDS, add_login, calls_to, make_client, make_grant, me_json, sent_json


def test_list_users_sends_the_filters_and_reads_the_page():
    with responses.RequestsMock() as rsps:
        add_login(rsps)
        rsps.add(responses.GET, BASE + "v1/users", json={"Users": [me_json()], "Page": 2, "PerPage": 10, "Total": 11})
        page = make_client().list_users(make_grant(), CREDS, search="cas", active=False, page=2, per_page=10)
        assert calls_to(rsps, "v1/users")[0].request.url.endswith("v1/users?page=2&per_page=10&search=cas&active=false")
    assert (page.page, page.per_page, page.total, page.pages) == (2, 10, 11, 2)
    assert page.items[0].username == "clerk@demo.test" and page.items[0].licenses == ("NY-RET-000101",)


def test_create_user_body():
    with responses.RequestsMock() as rsps:
        add_login(rsps)
        rsps.add(responses.POST, BASE + "v1/users", json=me_json("new@demo.test"), status=201)
        user = make_client().create_user(make_grant(), CREDS, first_name="New", last_name="Person", username="new@demo.test",
                                         is_admin=False, licenses=("NY-RET-000101",), send_password_email=True)
        assert sent_json(calls_to(rsps, "v1/users")[0]) == {
            "FirstName": "New", "LastName": "Person", "Username": "new@demo.test", "Admin": False,
            "Licenses": ["NY-RET-000101"], "SendPasswordEmail": True}
    assert user.username == "new@demo.test"


def test_update_user_translates_changes():
    with responses.RequestsMock() as rsps:
        add_login(rsps)
        rsps.add(responses.PATCH, BASE + "v1/users/new@demo.test", json=me_json("new@demo.test"))
        make_client().update_user(make_grant(), CREDS, "new@demo.test", is_admin=True, licenses=["NY-RET-000102"], password="another-pass")
        assert sent_json(rsps.calls[-1]) == {"Admin": True, "Licenses": ["NY-RET-000102"], "Password": "another-pass"}


def test_update_user_refuses_unknown_changes_locally():
    with pytest.raises(ValidationFailed) as caught:
        make_client().update_user(make_grant(), CREDS, "x@demo.test", username="renamed@demo.test")
    assert caught.value.fields == {"username": "cannot be changed."}


@pytest.mark.parametrize("method, action", [
    ("deactivate_user", "deactivate"), ("reactivate_user", "reactivate"), ("request_password_reset", "password-reset"),
])
def test_user_actions_post_to_their_paths(method, action):
    with responses.RequestsMock() as rsps:
        add_login(rsps)
        rsps.add(responses.POST, BASE + f"v1/users/o%27brien@demo.test/{action}", json=me_json("o'brien@demo.test"))
        getattr(make_client(), method)(make_grant(), CREDS, "o'brien@demo.test")
        assert rsps.calls[-1].request.url == BASE + f"v1/users/o%27brien@demo.test/{action}"


def test_forgot_password_needs_no_session():
    with responses.RequestsMock() as rsps:
        rsps.add(responses.POST, BASE + "v1/password-reset", json={"EmailSent": True}, status=202)
        make_client().forgot_password(ubi="600123456", username="clerk@demo.test")
        assert "Authorization" not in rsps.calls[0].request.headers


def test_licenses():
    with responses.RequestsMock() as rsps:
        add_login(rsps)
        rsps.add(responses.GET, BASE + "v1/licenses", json={"Licenses": [
            {"License": "NY-RET-000101", "Name": "Downtown", "Status": "active", "Type": "retail", "UBI": "600123456"},
            {"License": "NY-RET-000104", "Name": "Riverside", "Status": "inactive", "Type": "retail", "UBI": "600123456"}]})
        licenses = make_client().licenses(CREDS)
    assert [(x.license, x.active) for x in licenses] == [("NY-RET-000101", True), ("NY-RET-000104", False)]


def test_vendors_reads_every_page():
    def vendor(n, status="active", deleted=False):
        return {"UBI": f"70010{n:04d}", "Name": f"Vendor {n}", "Licenses": [
            {"License": f"NY-PROC-{n}", "Name": "x", "Address": "a", "Producer": False, "Processor": True, "Retail": False,
             "Status": status, "Deleted": deleted}]}

    with responses.RequestsMock() as rsps:
        add_login(rsps)
        rsps.add(responses.GET, BASE + "v1/vendors", json={"Vendors": [vendor(1), vendor(2, None)], "Page": 1, "PerPage": 2, "Total": 3})
        rsps.add(responses.GET, BASE + "v1/vendors", json={"Vendors": [vendor(3, "active", True)], "Page": 2, "PerPage": 2, "Total": 3})
        vendors = make_client().vendors(CREDS)
        assert [c.request.url.split("?")[1] for c in calls_to(rsps, "v1/vendors")] == ["page=1&per_page=200", "page=2&per_page=200"]
    assert [(v.name, v.licenses[0].active, v.licenses[0].deleted) for v in vendors] == [
        ("Vendor 1", True, False), ("Vendor 2", False, False), ("Vendor 3", False, True)]

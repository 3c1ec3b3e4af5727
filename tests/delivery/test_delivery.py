"""Delivery against the sandbox: as whom each action is reported, and that none is lost."""
from tests.fixtures.integration import authorize_store
from tests.delivery.helpers import (delivery_of, drain_until_settled, ledger_by_request,
                                              link_clerk, sale)
from webapp.extensions import db
from webapp.models import LinkedCredential
from webapp.intake import recording


def test_linked_user_is_reported_as_themselves(app, sandbox, world):
    """The clerk linked their account: BioTrack records the sale as clerk@demo.test."""
    authorize_store(sandbox, world.a.downtown)
    link_clerk(world)
    action = sale(world.a.downtown, world.a.clerk, "S-1")
    drain_until_settled()
    delivery = delivery_of(action)
    assert delivery.status == "delivered" and delivery.credential_source == "linked"
    entry = ledger_by_request(sandbox)[delivery.request_id]
    assert entry["username"] == "clerk@demo.test" and entry["external_id"] == "S-1"
    assert delivery.biotrack_id == str(entry["transaction_id"])


def test_unlinked_user_is_reported_as_the_default_user(app, sandbox, world):
    """No linked account: reported as the store's default credentials, and it says why."""
    authorize_store(sandbox, world.a.downtown)
    action = sale(world.a.downtown, world.a.clerk, "S-2")
    drain_until_settled()
    delivery = delivery_of(action)
    assert delivery.credential_source == "default"
    assert delivery.reported_as == "biotrack-admin@demo.test"
    assert "has no linked BioTrack account" in delivery.credential_reason
    assert ledger_by_request(sandbox)[delivery.request_id]["username"] == \
        "biotrack-admin@demo.test"


def test_invalid_linked_credential_waits_then_goes_after_the_fix(app, sandbox, world):
    """Password changed in BioTrack: needs attention, never sent as someone else; fixed: sent."""
    authorize_store(sandbox, world.a.downtown)
    credential = link_clerk(world)
    sandbox.set_password("clerk@demo.test", "changed-in-biotrack-1")
    action = sale(world.a.downtown, world.a.clerk, "S-3")
    drain_until_settled()
    delivery = delivery_of(action)
    assert delivery.status == "needs_attention" and "refused" in delivery.last_error
    assert sandbox.ledger("NY-RET-000101") == []
    assert db.session.get(LinkedCredential, credential.id).status == "invalid"
    # A second action of the same clerk waits without another failed sign-in.
    second = sale(world.a.downtown, world.a.clerk, "S-3b")
    drain_until_settled()
    assert delivery_of(second).status == "needs_attention"
    from webapp import credentials
    credentials.update_password(db.session.get(LinkedCredential, credential.id),
                                "changed-in-biotrack-1")
    drain_until_settled()
    ledger = ledger_by_request(sandbox)
    for waiting in (action, second):
        fixed = delivery_of(waiting)
        assert fixed.status == "delivered" and fixed.credential_source == "linked"
        assert ledger[fixed.request_id]["username"] == "clerk@demo.test"


def test_admin_sends_a_waiting_action_as_the_default_user(app, sandbox, world):
    """The admin's choice is audited and the report goes as the default user."""
    from webapp.models import AuditEvent
    from webapp.delivery_log import fixes
    authorize_store(sandbox, world.a.downtown)
    link_clerk(world)
    sandbox.set_password("clerk@demo.test", "changed-in-biotrack-2")
    action = sale(world.a.downtown, world.a.clerk, "S-4")
    drain_until_settled()
    fixes.send_as_default(delivery_of(action).action, world.a.admin)
    drain_until_settled()
    delivery = delivery_of(action)
    assert delivery.status == "delivered" and delivery.credential_source == "default"
    assert "admin's choice" in delivery.credential_reason
    assert db.session.query(AuditEvent).filter_by(action="report.send_as_default").count() == 1


def test_transient_faults_retry_until_each_is_recorded_once(app, sandbox, world):
    """503s, a slow answer, dropped connections (before and after recording): all land once."""
    authorize_store(sandbox, world.a.downtown)
    sandbox.fault("http_503", "/v1/dispense", count=3)
    sandbox.fault("drop", "/v1/dispense", phase="after", count=2)
    sandbox.fault("drop", "/v1/dispense", phase="before", count=1)
    sandbox.fault("rate_limit", "/v1/dispense", count=1)
    actions = [sale(world.a.downtown, world.a.admin, f"S-F{i}") for i in range(6)]
    drain_until_settled()
    ledger = ledger_by_request(sandbox)
    for action in actions:
        delivery = delivery_of(action)
        assert delivery.status == "delivered", (action.external_id, delivery.last_error)
        assert delivery.request_id in ledger
    assert len(ledger) == 6
    attempts = sum(delivery_of(a).attempts for a in actions)
    assert attempts >= 6 + 3 + 2 + 1 + 1


def test_answer_lost_after_recording_is_not_doubled(app, sandbox, world):
    """The hard case: BioTrack recorded it, the answer was lost; the retry returns the first."""
    authorize_store(sandbox, world.a.downtown)
    sandbox.fault("drop", "/v1/dispense", phase="after", count=1)
    action = sale(world.a.downtown, world.a.admin, "S-LOST")
    drain_until_settled()
    delivery = delivery_of(action)
    assert delivery.status == "delivered" and delivery.attempts == 2
    entries = sandbox.ledger("NY-RET-000101")
    assert len(entries) == 1 and str(entries[0]["transaction_id"]) == delivery.biotrack_id


def test_revoked_grant_pauses_the_store_until_renewal(app, client, sandbox, world):
    """Grant revoked at BioTrack: the store's reports pause; after renewal they are sent."""
    from tests.fixtures.app import login
    from tests.fixtures.world import PASSWORD
    from tests.config_page.integration.flow import consent_url, grant, hx_post, section_path
    authorize_store(sandbox, world.a.downtown)
    sandbox.revoke_grant("NY-RET-000101")
    actions = [sale(world.a.downtown, world.a.admin, f"S-P{i}") for i in range(3)]
    drain_until_settled()
    assert {delivery_of(a).status for a in actions} == {"paused"}
    assert "integrator grant" in delivery_of(actions[0]).last_error
    assert sandbox.ledger("NY-RET-000101") == []
    login(client, world.a.admin.email, PASSWORD)
    pending = hx_post(client, section_path(world.a.downtown, "renew"))
    client.get(grant(sandbox, consent_url(pending)))
    drain_until_settled()
    assert {delivery_of(a).status for a in actions} == {"delivered"}
    assert len(ledger_by_request(sandbox)) == 3


def test_no_authorization_pauses_and_resumes_when_granted(app, sandbox, world):
    """A store never authorized keeps its reports until it is."""
    action = sale(world.a.downtown, world.a.admin, "S-NA")
    drain_until_settled()
    assert delivery_of(action).status == "paused"
    authorize_store(sandbox, world.a.downtown)
    drain_until_settled()
    assert delivery_of(action).status == "delivered"


def test_refund_goes_after_its_sale_with_its_transaction(app, sandbox, world):
    """A refund waits for its sale and names the sale's BioTrack transaction."""
    authorize_store(sandbox, world.a.downtown)
    sandbox.fault("http_503", "/v1/dispense", count=2)
    sold = sale(world.a.downtown, world.a.admin, "S-R")
    refund = recording.record(world.a.downtown, world.a.admin, kind="refund", external_id="R-1",
                              data={"sale_external_id": "S-R", "items": [
                               {"barcode": "6001234560000001", "quantity": 1, "price": 12.5}]})
    drain_until_settled()
    ledger = ledger_by_request(sandbox)
    entry = ledger[delivery_of(refund).request_id]
    assert entry["ref_transaction_id"] == ledger[delivery_of(sold).request_id]["transaction_id"]


def test_every_kind_is_delivered(app, sandbox, world):
    """Adjustment, receiving and invoice payment, each recorded by BioTrack once."""
    authorize_store(sandbox, world.a.downtown)
    records = [
        ("adjustment", {"barcode": "6001234560000002", "quantity": -1, "reason": "theft",
                        "note": "Broken display case"}),
        ("receiving", {"manifest_id": "M-000101", "items": [
            {"barcode": "7001003010000001", "quantity": 120},
            {"barcode": "7001003010000002", "quantity": 60}]}),
        ("invoice_payment", {"invoice_id": "INV-000101-01", "amount": "100.00"}),
    ]
    actions = [recording.record(world.a.downtown, world.a.admin, kind=kind,
                                external_id=f"K-{kind}", data=data) for kind, data in records]
    drain_until_settled()
    ledger = ledger_by_request(sandbox)
    for action in actions:
        delivery = delivery_of(action)
        assert delivery.status == "delivered", (action.kind, delivery.last_error)
        assert delivery.request_id in ledger


def test_biotrack_validation_error_fails_then_is_corrected(app, sandbox, world):
    """An unknown barcode is refused: failed with the reason; corrected, it is delivered."""
    from webapp.delivery_log import fixes
    authorize_store(sandbox, world.a.downtown)
    action = sale(world.a.downtown, world.a.admin, "S-V", items=[
        {"barcode": "6001234569999999", "quantity": 1, "price": 5}])
    drain_until_settled()
    delivery = delivery_of(action)
    assert delivery.status == "failed" and "BioTrack refused it" in delivery.last_error
    fixes.resend(delivery.action, world.a.admin, {"customer_type": "recreational", "items": [
        {"barcode": "6001234560000003", "quantity": 1, "price": 5}]})
    drain_until_settled()
    delivery = delivery_of(action)
    assert delivery.status == "delivered" and delivery.request_id.endswith("-r2")


def test_a_dead_workers_lease_expires(app, sandbox, world):
    """A worker that claimed and died: another worker delivers after the lease."""
    from datetime import timedelta

    from webapp.models import utcnow
    from webapp.delivery.claim import claim
    from webapp.delivery.worker import drain
    authorize_store(sandbox, world.a.downtown)
    action = sale(world.a.downtown, world.a.admin, "S-L")
    now = utcnow()
    assert claim(now, "dead-worker", 10) == [delivery_of(action).id]
    assert drain(now, worker="live-worker").get("delivered") is None
    drain(now + timedelta(seconds=61), worker="live-worker")
    assert delivery_of(action).status == "delivered"


def test_onboarding_shows_attribution_coverage(app, client, sandbox, world):
    """One sale as the clerk, one as the default user: 50% for the clerk and the store."""
    from tests.fixtures.app import login
    from tests.fixtures.world import PASSWORD
    from tests.config_page.integration.flow import text_of
    from webapp import credentials
    authorize_store(sandbox, world.a.downtown)
    sale(world.a.downtown, world.a.clerk, "S-C1")
    drain_until_settled()
    credential = link_clerk(world)
    sale(world.a.downtown, world.a.clerk, "S-C2")
    drain_until_settled()
    credentials.remove(db.session.get(LinkedCredential, credential.id))
    login(client, world.a.admin.email, PASSWORD)
    page = text_of(client.get("/biotrack/onboarding"))
    assert "50% (1 of 2 reported actions went to BioTrack as the employee who did them)" in page
    assert 'Clerk</th>' in page and '50% <span class="muted">(1 of 2)</span>' in page

"""The delivery log's bulk step: selected reports (or all matching the filter) at once."""
from sqlalchemy import select

from tests.fixtures.app import login, post
from tests.fixtures.integration import authorize_store
from tests.fixtures.world import PASSWORD, make_user
from tests.config_page.integration.flow import text_of
from tests.delivery.helpers import delivery_of, drain_until_settled, link_clerk, sale
from webapp.extensions import db
from webapp.models import AuditEvent

BAD_ITEM = [{"barcode": "6001234569999999", "quantity": 1, "price": 5}]


def _failed(sandbox, world, count, store=None, prefix="F"):
    """`count` sales BioTrack refuses (an unknown barcode)."""
    store = store or world.a.downtown
    authorize_store(sandbox, store)
    actions = [sale(store, world.a.admin, f"{prefix}-{n}", items=BAD_ITEM) for n in range(count)]
    drain_until_settled()
    assert {delivery_of(a).status for a in actions} == {"failed"}
    return actions


def _bulk(client, data):
    return post(client, "/reports/bulk", data, page="/reports")


def test_selected_failed_reports_are_retried_in_one_audited_step(app, client, sandbox, world):
    """Three of four: each becomes a new request; one audit event names all three."""
    actions = _failed(sandbox, world, 4)
    login(client, world.a.admin.email, PASSWORD)
    response = _bulk(client, {"operation": "retry", "ids": [str(a.id) for a in actions[:3]]})
    assert response.status_code == 302
    assert "3 reports will be retried now." in text_of(client.get(response.location))
    assert [delivery_of(a).status for a in actions] == ["queued"] * 3 + ["failed"]
    assert {delivery_of(a).revision for a in actions[:3]} == {2}
    events = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "report.bulk_retried")).all()
    assert len(events) == 1 and events[0].actor_id == world.a.admin.id
    assert events[0].details["action_ids"] == sorted(a.id for a in actions[:3])
    assert events[0].details["resent"] == 3 and events[0].location_id == world.a.downtown.id


def test_all_matching_the_filter(app, client, sandbox, world):
    """scope=filter takes every matching report of the store, not other stores'."""
    here = _failed(sandbox, world, 3)
    there = _failed(sandbox, world, 2, store=world.a.uptown, prefix="U")
    login(client, world.a.admin.email, PASSWORD)
    _bulk(client, {"operation": "retry", "scope": "filter", "status": "failed"})
    assert {delivery_of(a).status for a in here} == {"queued"}
    assert {delivery_of(a).status for a in there} == {"failed"}


def test_other_tenants_and_other_states_are_left_alone(app, client, sandbox, world):
    """Ids of organization B's store are ignored; delivered reports are not touched."""
    authorize_store(sandbox, world.a.downtown)
    delivered = sale(world.a.downtown, world.a.admin, "OK-1")
    drain_until_settled()
    theirs = sale(world.b.downtown, world.b.admin, "B-1")
    delivery_of(theirs).status = "failed"
    db.session.commit()
    login(client, world.a.admin.email, PASSWORD)
    response = _bulk(client, {"operation": "retry", "ids": [str(theirs.id), str(delivered.id)]})
    assert "None of the chosen reports can be retried" in text_of(client.get(response.location))
    assert delivery_of(theirs).status == "failed" and delivery_of(delivered).revision == 1
    assert db.session.query(AuditEvent).filter_by(action="report.bulk_retried").count() == 0


def test_nothing_selected_says_so(app, client, world):
    login(client, world.a.admin.email, PASSWORD)
    response = _bulk(client, {"operation": "retry"})
    assert "Select at least one report" in text_of(client.get(response.location))
    response = _bulk(client, {"operation": "delete", "ids": "1"})
    assert "Choose Retry or Send as default user" in text_of(client.get(response.location))


def test_send_as_default_in_bulk_needs_config_page(app, client, sandbox, world):
    """A reports-only user gets 403; an admin's step queues them as the default user."""
    authorize_store(sandbox, world.a.downtown)
    link_clerk(world)
    sandbox.set_password("clerk@demo.test", "changed-later-1")
    waiting = [sale(world.a.downtown, world.a.clerk, f"W-{n}") for n in range(2)]
    drain_until_settled()
    assert {delivery_of(a).status for a in waiting} == {"needs_attention"}
    viewer = make_user(world.a.org, "viewer@a.test", permissions={"view_reports"},
                       locations=[world.a.downtown])
    db.session.commit()
    ids = [str(a.id) for a in waiting]
    login(client, viewer.email, PASSWORD)
    assert "Send selected as default user" not in text_of(client.get("/reports"))
    assert _bulk(client, {"operation": "send_as_default", "ids": ids}).status_code == 403
    login(client, world.a.admin.email, PASSWORD)
    _bulk(client, {"operation": "send_as_default", "ids": ids})
    drain_until_settled()
    assert {delivery_of(a).credential_source for a in waiting} == {"default"}
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "report.bulk_send_as_default"))
    assert event.details["count"] == 2

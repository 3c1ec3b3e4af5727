"""Helpers for delivery tests: record actions, drain the outbox with the clock moved."""
from datetime import timedelta

from webapp import credentials
from webapp.extensions import db
from webapp.models import Action, utcnow
from webapp.intake import recording
from webapp.delivery.worker import drain

SALE_ITEMS = [{"barcode": "6001234560000001", "quantity": 1, "price": 12.5}]


def sale(location, performer, external_id, items=None):
    """Record a sale as the point of sale would."""
    return recording.record(location, performer, kind="sale", external_id=external_id,
                            data={"customer_type": "recreational", "items": items or SALE_ITEMS})


def link_clerk(world, password="bt-clerk-pass"):
    """The clerk links their BioTrack account for Downtown (verified against the sandbox)."""
    return credentials.add_credential(world.a.clerk, location=world.a.downtown,
                                      username="clerk@demo.test", password=password)


def drain_until_settled(rounds=30, step=timedelta(minutes=15)) -> dict:
    """Run the delivery worker repeatedly, moving our clock past every backoff."""
    total, now = {}, utcnow()
    for _ in range(rounds):
        counts = drain(now, worker="test-worker", budget_seconds=30)
        for key, value in counts.items():
            total[key] = total.get(key, 0) + value
        if not any(v for k, v in counts.items() if k not in ("resumed", "released")):
            break
        now += step
    db.session.expire_all()
    return total


def delivery_of(action: Action):
    """The action's delivery as the database has it now."""
    db.session.expire_all()
    return db.session.get(Action, action.id).delivery


def ledger_by_request(sandbox, license="NY-RET-000101") -> dict:
    """Sandbox ledger entries by RequestID (asserting none is there twice)."""
    entries = sandbox.ledger(license)
    ids = [e["request_id"] for e in entries]
    assert len(ids) == len(set(ids)), "BioTrack recorded a request twice"
    return {e["request_id"]: e for e in entries}

"""Soak: many actions of every kind under random faults; none lost, none recorded twice.

Kept short here (SOAK_ACTIONS, default 200); `make bench` runs 1,000.
"""
import os
import random

from tests.fixtures.integration import authorize_store
from tests.delivery.helpers import drain_until_settled, ledger_by_request
from webapp.extensions import db
from webapp.models import Action
from webapp.intake import recording

FAULTS = [("http_503", "before"), ("http_500", "before"), ("drop", "before"),
          ("drop", "after"), ("rate_limit", "before"), ("http_503", "after")]
PATHS = ["/v1/dispense", "/v1/inventory/adjust", "/v1/invoice/"]


def soak(sandbox, world, count: int, seed: int) -> dict:
    """Record `count` actions with faults sprinkled over the paths; deliver; check the ledger."""
    rng = random.Random(seed)
    authorize_store(sandbox, world.a.downtown)
    for _ in range(count // 8):
        kind, phase = rng.choice(FAULTS)
        sandbox.fault(kind, rng.choice(PATHS), phase=phase, count=rng.randint(1, 3),
                      retry_after=1)
    invoice = sandbox.add_invoice("NY-RET-000101", "100000.00")
    actions = []
    for i in range(count):
        roll = rng.random()
        if roll < 0.6:
            kind, data = "sale", {"items": [{"barcode": f"600123456000000{rng.randint(1, 9)}",
                                             "quantity": 1, "price": 9.99}]}
        elif roll < 0.85:
            kind, data = "adjustment", {"barcode": "6001234560000010", "quantity": -1,
                                        "reason": "audit"}
        else:
            kind, data = "invoice_payment", {"invoice_id": invoice, "amount": "1.00"}
        actions.append(recording.record(world.a.downtown, world.a.admin, kind=kind,
                                        external_id=f"SOAK-{seed}-{i}", data=data))
    totals = drain_until_settled(rounds=60)
    ledger = ledger_by_request(sandbox)  # asserts no RequestID twice
    statuses = {}
    for action in actions:
        delivery = db.session.get(Action, action.id).delivery
        statuses[delivery.status] = statuses.get(delivery.status, 0) + 1
        assert delivery.status == "delivered", (action.external_id, delivery.last_error)
        assert str(ledger[delivery.request_id]["transaction_id"]) == delivery.biotrack_id
    assert len(ledger) == count
    return totals


def test_soak_random_faults(app, sandbox, world):
    """Every action delivered exactly once despite 5xx, drops, rate limits."""
    count = int(os.environ.get("SOAK_ACTIONS", "200"))
    totals = soak(sandbox, world, count, seed=20261123)
    assert totals.get("delivered") == count

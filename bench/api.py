"""The point-of-sale API: recording an action, and the reconciliation lookup on a big store."""
import itertools

from sqlalchemy import insert, select

from bench import bench, emit, paired_ms
from bench.app import bench_app

LOOKUPS = 100_000
SALE = {"customer_type": "recreational",
        "items": [{"barcode": "6001234560000001", "quantity": 2, "price": 20.5}]}


def _store_token_and_performer():
    """The demo's first store, a token of it, and an employee allowed to act there."""
    from webapp.models import Location, User
    from webapp.extensions import db
    from webapp.config_page.api_tokens import tokens
    location = db.session.scalar(select(Location).order_by(Location.id))
    performer = next(u for u in db.session.scalars(select(User).order_by(User.id))
                     if u.active and u.can("perform_actions") and u.can_access(location))
    return location, tokens.create(location, "bench")[1], performer


def _fill(location, performer, count):
    """`count` recorded actions with their deliveries, written in bulk."""
    from webapp.extensions import db
    from webapp.models import Action, Delivery, utcnow
    now = utcnow()
    base = (db.session.scalar(select(Action.id).order_by(Action.id.desc()).limit(1)) or 0) + 1
    for start in range(0, count, 10_000):
        ids = range(base + start, base + min(start + 10_000, count))
        db.session.execute(insert(Action), [dict(
            id=i, organization_id=location.organization_id, location_id=location.id,
            kind="sale", external_id=f"BULK-{i}", performed_by_id=performer.id,
            performed_at=now, data={"customer_type": "recreational", "items": [
                {"barcode": "6001234560000001", "quantity": "1", "price": "2"}]},
            source="api", created_at=now) for i in ids])
        db.session.execute(insert(Delivery), [dict(
            action_id=i, organization_id=location.organization_id, location_id=location.id,
            status="delivered", next_attempt_at=now, attempts=1, revision=1,
            performed_at=now, performed_by_id=performer.id, updated_at=now) for i in ids])
    db.session.commit()


@bench
def api_actions():
    """POST /api/v1/actions and GET ?external_id= on 100,000 actions, vs /healthz."""
    with bench_app(API_RATE_LIMIT="100000000 per minute") as app:
        with app.app_context():
            location, token, performer = _store_token_and_performer()
            email, ids = performer.email, (location.id, performer.id)
        client, numbers = app.test_client(), itertools.count()
        auth = {"Authorization": f"Bearer {token}"}

        def post():
            body = {"kind": "sale", "external_id": f"B-{next(numbers)}", "performed_by": email,
                    "data": SALE}
            assert client.post("/api/v1/actions", json=body, headers=auth).status_code == 202

        def trivial():
            assert client.get("/healthz").status_code == 200

        # 37 a round: SQLite checkpoints its WAL in the committing request every ~250 POSTs
        # (4,000 pages; it was ~60 with 1,000), and rounds that divide that interval put the
        # checkpoint in the same rounds each time, so the median swung with its phase.
        emit("api_post_action", *paired_ms(post, trivial, number=37), "ms/request",
             "ratio <= 3")
        with app.app_context():
            from webapp.extensions import db
            from webapp.models import Location, User
            _fill(db.session.get(Location, ids[0]), db.session.get(User, ids[1]), LOOKUPS)

        def lookup():
            response = client.get("/api/v1/actions?external_id=BULK-50000", headers=auth)
            assert len(response.get_json()["actions"]) == 1

        emit("api_lookup_external_id", *paired_ms(lookup, trivial), "ms/request",
             "ratio <= 2", actions=LOOKUPS)

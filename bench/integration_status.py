"""Server time of the status fragment every pending tab polls, against a trivial route."""
import re
import statistics
from datetime import timedelta

from bench import bench, emit, per_call_ms
from bench.app import bench_app, signed_in_client
from webapp.extensions import db
from webapp.models import Authorization, ConsentRequest, Location, utcnow


def _pending_downtown(app):
    """Give Downtown a registration waiting for consent (what a polling tab looks at)."""
    with app.app_context():
        store = db.session.query(Location).filter_by(name="Downtown").one()
        auth = Authorization(organization_id=store.organization_id, location_id=store.id,
                             state="pending", ubi="600123456", license=store.biotrack_license,
                             username="biotrack-admin@demo.test", password="bt-admin-pass")
        db.session.add(auth)
        db.session.add(ConsentRequest(authorization=auth, location_id=store.id,
                                      purpose="register", state_hash="0" * 64,
                                      code_verifier="v" * 64, consent_url="http://x/authorize",
                                      expires_at=utcnow() + timedelta(days=1)))
        db.session.commit()
        return store.id


@bench
def integration_status_poll():
    """The poll of a pending tab, and a full section render, vs /healthz (target: poll ≤ 1.5x)."""
    with bench_app() as app:
        location_id = _pending_downtown(app)
        client = signed_in_client(app)
        headers = {"HX-Request": "true"}
        first = client.get(f"/config/integration/{location_id}/status", headers=headers)
        poll_url = re.search(r'hx-get="([^"]+)"', first.get_data(as_text=True)).group(1)
        poll_url = poll_url.replace("&amp;", "&")

        def poll():
            assert client.get(poll_url, headers=headers).status_code == 204

        def render():
            path = f"/config/integration/{location_id}/status"
            assert client.get(path, headers=headers).status_code == 200

        def trivial():
            assert client.get("/healthz").status_code == 200

        # Interleaved rounds, medians: all three see the same machine state.
        rounds = [(per_call_ms(trivial, repeat=1, number=300), per_call_ms(poll, repeat=1,
                   number=300), per_call_ms(render, repeat=1, number=300)) for _ in range(7)]
        baseline = statistics.median(r[0] for r in rounds)
        emit("integration_status_poll", statistics.median(r[1] for r in rounds), baseline,
             "ms/request", "ratio <= 1.5",
             note="pending tab's poll while nothing changed (answered 204)")
        emit("integration_status_render", statistics.median(r[2] for r in rounds), baseline,
             "ms/request", "none (shown for context)",
             note="full section render, sent once when the state changes")

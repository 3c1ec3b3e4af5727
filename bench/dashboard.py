"""Server time to render the dashboard, against a trivial route of the same app."""
from bench import bench, emit, per_call_ms
from bench.app import bench_app, signed_in_client


@bench
def dashboard_render():
    """Dashboard for a signed-in admin vs /healthz (target: ratio ≤ 3)."""
    with bench_app() as app:
        client = signed_in_client(app)

        def dashboard():
            assert client.get("/").status_code == 200

        def trivial():
            assert client.get("/healthz").status_code == 200

        baseline = per_call_ms(trivial)
        ours = per_call_ms(dashboard)
        emit("dashboard_render", ours, baseline, "ms/request", "ratio <= 3")

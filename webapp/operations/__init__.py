"""What an operator watches: /healthz, /readyz and /metrics (no session, cheap to poll)."""
from webapp.features import Feature
from webapp.operations import views
from webapp.operations.blueprint import bp
from webapp.scheduler import status

# The scheduler's heartbeat is declared here: /readyz reads it to say the scheduler is alive.
FEATURE = Feature("operations", blueprints=(bp,), routes=(views,), jobs=(status.heartbeat,))

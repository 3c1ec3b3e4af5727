"""The scheduler's report delivery: the single-machine default worker."""
from webapp.config import DELIVERY_POLL_SECONDS, DELIVERY_RUN_SECONDS
from webapp.delivery.worker import drain
from webapp.scheduler import scheduled_job


@scheduled_job("report-delivery", trigger="interval", seconds=DELIVERY_POLL_SECONDS,
               quiet_when_idle=True, spaced=True, run_at_start=True)
def deliver_reports(now):
    """Release what may go again, then deliver due reports for a few seconds."""
    return drain(now, budget_seconds=DELIVERY_RUN_SECONDS)

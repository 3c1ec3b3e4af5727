"""Recording consent screens left unfinished: the page only reads, this job writes."""
from webapp.config_page.integration import consent
from webapp.scheduler import scheduled_job


@scheduled_job("consent-timeouts", trigger="interval", seconds=60, quiet_when_idle=True)
def expire_consent_requests(now):
    """Each consent request past its time: expired, and a first registration failed."""
    return {"expired": consent.expire_timed_out(now)}

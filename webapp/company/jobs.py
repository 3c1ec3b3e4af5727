"""Nightly: refresh the companies from the state's vendors, re-sync the UBI's licenses."""
from webapp.company.licenses.services import resync_licenses
from webapp.company.refresh import refresh_companies
from webapp.company.runs import COMPANIES, LICENSES, organizations_to_sync
from webapp.scheduler import scheduled_job


def _each(kind, sync, now) -> dict:
    """Run one sync per organization; each records its own result on the page."""
    counts = {"organizations": 0, "errors": 0}
    for organization in organizations_to_sync(kind):
        run = sync(organization, now, trigger="nightly")
        counts["organizations"] += 1
        counts["errors"] += run.error_count
    return counts


@scheduled_job("company-refresh", trigger="cron", hour=2, minute=30)
def nightly_company_refresh(now):
    """Companies (trading partners) from the state's vendor list, for every organization."""
    return _each(COMPANIES, refresh_companies, now)


@scheduled_job("license-resync", trigger="cron", hour=2, minute=45)
def nightly_license_resync(now):
    """The licenses BioTrack lists for each organization's UBI."""
    return _each(LICENSES, resync_licenses, now)

"""The nightly check of every linked credential (a refusal e-mails its owner: see alerts)."""
from webapp.credentials.checks import credentials_to_verify, verify
from webapp.extensions import db
from webapp.scheduler import scheduled_job


@scheduled_job("credential-check", trigger="cron", hour=3, minute=15)
def verify_linked_credentials(now):
    """Sign in with each credential due for a check; refused ones are marked and told."""
    counts = {"checked": 0, "valid": 0, "invalid": 0, "unchecked": 0}
    for credential in credentials_to_verify(now):
        result = verify(credential, now)
        counts["checked"] += 1
        counts[result.outcome] += 1
        db.session.commit()  # one credential at a time: a crash keeps the work done so far
    return counts

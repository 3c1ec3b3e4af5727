"""The jobs other features add to the scheduler: report delivery, the nightly credential check,
and the onboarding invitation e-mail."""
from sqlalchemy import select

from tests.fixtures.app import login, post
from tests.fixtures.integration import authorize_store
from tests.fixtures.smtp import bodies
from tests.fixtures.world import PASSWORD
from tests.delivery.helpers import delivery_of, link_clerk, sale
from webapp.extensions import db
from webapp.mail.delivery import deliver_due
from webapp.models import LinkedCredential, utcnow
from webapp.scheduler import JOBS


def test_report_delivery_runs_in_the_scheduler(app, sandbox, world):
    """The single-machine default: the scheduler's job delivers due reports."""
    authorize_store(sandbox, world.a.downtown)
    action = sale(world.a.downtown, world.a.admin, "S-JOB")
    job = JOBS["report-delivery"]
    assert job.trigger == "interval" and job.trigger_args["seconds"] <= 5
    counts = job.func(utcnow())
    assert counts.get("delivered") == 1 and delivery_of(action).status == "delivered"


def test_nightly_check_marks_refused_credentials_and_tells_the_owner(app, sandbox, world,
                                                                      smtp_server):
    """A password changed in BioTrack: the credential turns invalid and its owner gets mail."""
    authorize_store(sandbox, world.a.downtown)
    credential = link_clerk(world)
    sandbox.set_password("clerk@demo.test", "changed-overnight-1")
    job = JOBS["credential-check"]
    assert job.trigger == "cron"
    later = utcnow().replace(year=utcnow().year + 1)
    assert job.func(later) == {"checked": 1, "valid": 0, "invalid": 1, "unchecked": 0}
    assert job.func(later)["checked"] == 0  # checked already: not again tonight
    db.session.expire_all()
    assert db.session.get(LinkedCredential, credential.id).status == "invalid"
    deliver_due(utcnow())
    text, html = bodies(smtp_server.only_message_to(world.a.clerk.email))
    assert "clerk@demo.test" in text and "NY-RET-000101" in text
    assert f"/account/credentials/{credential.id}" in html


def test_onboarding_invitation_links_straight_to_their_own_form(app, client, sandbox, world,
                                                                 smtp_server):
    """The admin e-mails the clerk; the link opens the clerk's own "Add Your BioTrack API Credentials" form."""
    authorize_store(sandbox, world.a.downtown)
    login(client, world.a.admin.email, PASSWORD)
    response = post(client, f"/biotrack/onboarding/{world.a.clerk.id}/invite",
                    page="/biotrack/onboarding")
    assert response.status_code == 302
    deliver_due(utcnow())
    text, _ = bodies(smtp_server.only_message_to(world.a.clerk.email))
    link = next(line for line in text.splitlines() if "/account/credentials/new" in line).strip()
    assert link.endswith(f"/account/credentials/new?location={world.a.downtown.id}")
    login(client, world.a.clerk.email, PASSWORD)
    form = client.get(link.split("5000", 1)[-1]).get_data(as_text=True)
    assert "<h1>Add Your BioTrack API Credentials</h1>" in form
    from webapp.models import AuditEvent
    assert db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "biotrack_user.link_invited"))


def test_invitation_refuses_another_tenants_user(app, client, sandbox, world):
    """Organization B's admin, with an authorized store, cannot invite A's clerk."""
    authorize_store(sandbox, world.b.downtown, ubi="600987654",
                    username="harbor-admin@harbor.test", password="harbor-pass")
    login(client, world.b.admin.email, PASSWORD)
    response = post(client, f"/biotrack/onboarding/{world.a.clerk.id}/invite",
                    page="/biotrack/onboarding")
    assert response.status_code == 404

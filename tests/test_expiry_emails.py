"""Warning e-mails as a real SMTP server receives them: who, what, when, and the way to renew."""
from datetime import timedelta

from tests.fixtures.expiry import T0, grant
from tests.fixtures.smtp import bodies
from tests.fixtures.world import make_user
from webapp.extensions import db
from webapp.mail.delivery import deliver_due
from webapp.models import NotificationRecipient, utcnow
from webapp.config_page.notifications.expiry import check_expiries


def test_expiring_warning_names_everything_needed_to_renew(app, world, smtp_server):
    """Organization, store, license, days left, expiry in the store's zone, the Renew link."""
    store = world.a.uptown
    store.time_zone = "America/Chicago"
    db.session.add(NotificationRecipient(organization_id=world.a.org.id, location_id=store.id,
                                         email="compliance@a.test"))
    db.session.commit()
    grant(store, expires_at=T0 + timedelta(days=6, hours=20))  # Mar 9 13:00 UTC
    check_expiries(T0)
    assert deliver_due(utcnow()) == {"sent": 2, "retrying": 0, "failed": 0}

    message = smtp_server.only_message_to("admin@a.test")
    assert smtp_server.only_message_to("compliance@a.test")["Subject"] == message["Subject"]
    assert message["Subject"] == "BioTrack authorization for Uptown expires in 7 days: renew it now"
    assert message["To"] == "admin@a.test"
    assert message["From"] == app.config["MAIL_DEFAULT_SENDER"]
    assert message["Message-ID"]
    text, html = bodies(message)
    link = f"http://127.0.0.1:5000/config/integration/?location={store.id}"
    for body in (text, html):
        assert "Demo Dispensary" in body
        assert "Uptown" in body
        assert "NY-RET-000102" in body
        assert "7 days" in body
        # 13:00 UTC on Mar 9, 2026 is 8:00 AM in Chicago, already on daylight time.
        assert "Mar 9, 2026, 8:00 AM CDT" in body
        assert link in body
        assert "Renew" in body
    assert f'href="{link}"' in html
    assert "Config Page > Integration" in text


def test_expired_notice_says_reporting_has_stopped(app, world, smtp_server):
    """The notice on expiry: past tense, the date it lapsed, the same link."""
    grant(world.a.downtown, expires_at=T0 - timedelta(minutes=5))
    check_expiries(T0)
    deliver_due(utcnow())
    message = smtp_server.only_message_to("admin@a.test")
    assert message["Subject"] == ("BioTrack authorization for Downtown has expired: "
                                  "reporting stopped")
    text, html = bodies(message)
    assert "EXPIRED on Mar 2, 2026, 11:55 AM EST" in text
    assert "are not reported to BioTrack for license NY-RET-000101" in text
    assert f"/config/integration/?location={world.a.downtown.id}" in html


def test_html_escapes_what_people_typed(app, world, smtp_server):
    """A store name with markup is shown as text in the HTML version."""
    world.a.downtown.name = "<b>Down</b> & Co"
    db.session.commit()
    grant(world.a.downtown, expires_at=T0 + timedelta(days=1))
    check_expiries(T0)
    deliver_due(utcnow())
    text, html = bodies(smtp_server.only_message_to("admin@a.test"))
    assert "&lt;b&gt;Down&lt;/b&gt; &amp; Co" in html and "<b>Down</b>" not in html
    assert "<b>Down</b> & Co" in text


def test_a_bounced_address_does_not_stop_the_others(app, world, smtp_server):
    """One recipient refused (550): the others get the warning; that one is failed at once."""
    for email in ("one@a.test", "two@a.test"):
        make_user(world.a.org, email, permissions={"config_page"}, locations=[world.a.downtown])
    db.session.commit()
    smtp_server.refuse("one@a.test")
    grant(world.a.downtown, expires_at=T0 + timedelta(days=14))
    check_expiries(T0)
    assert deliver_due(utcnow()) == {"sent": 2, "retrying": 0, "failed": 1}
    assert {r for rcpts, _ in smtp_server.messages for r in rcpts} == {
        "admin@a.test", "two@a.test"}

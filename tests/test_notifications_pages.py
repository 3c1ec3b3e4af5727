"""The notifications page, the Config Page's Notifications tab, and the e-mail log."""
from datetime import timedelta

from sqlalchemy import select

from tests.fixtures.app import login, post
from tests.fixtures.expiry import T0, grant
from tests.fixtures.world import PASSWORD, make_user
from webapp.extensions import db
from webapp.mail import queue_email
from webapp.mail.delivery import deliver_due
from webapp.models import AuditEvent, NotificationRecipient, OutboxMessage, utcnow
from webapp.models.mail import FAILED, QUEUED
from webapp.config_page.notifications.expiry import check_expiries

TAB = "/config/notifications/"
ADD = "/config/notifications/recipients"


def _warn_both_stores(world, smtp_server=None):
    """A 7-day warning for Downtown and an expiry notice for Uptown (organization A)."""
    grant(world.a.downtown, expires_at=T0 + timedelta(days=7))
    grant(world.a.uptown, expires_at=T0 - timedelta(hours=1))
    check_expiries(T0)
    if smtp_server is not None:
        deliver_due(utcnow())


def test_notifications_page_lists_what_was_sent_to_whom(client, world, smtp_server):
    """Store, what, when (store's zone), each recipient with the delivery status, a way to act."""
    smtp_server.refuse("admin@a.test")
    _warn_both_stores(world, smtp_server)
    login(client, world.a.admin.email, PASSWORD)
    html = client.get("/notifications/").get_data(as_text=True)
    assert "Downtown" in html and "Uptown" in html
    assert "7 days left" in html and "Expired" in html
    assert "Mar 9, 2026, 1:00 PM EDT" in html  # the Downtown expiry, New York time
    assert "admin@a.test <span class=\"muted\">(failed)</span>" in html
    assert f'href="/config/integration/?location={world.a.downtown.id}"' in html


def test_notifications_page_shows_only_the_users_stores(client, world):
    """A Config Page user of Downtown only sees Downtown; another organization sees nothing."""
    _warn_both_stores(world)
    make_user(world.a.org, "down@a.test", permissions={"config_page"},
              locations=[world.a.downtown])
    db.session.commit()
    login(client, "down@a.test", PASSWORD)
    html = client.get("/notifications/").get_data(as_text=True)
    assert "7 days left" in html and "Expired" not in html
    login(client, world.b.admin.email, PASSWORD)
    html = client.get("/notifications/").get_data(as_text=True)
    assert "No notifications have been sent yet." in html and "Downtown</th>" not in html


def test_config_tab_shows_who_is_told(client, world):
    """The tab lists the store's Config Page users; the Config Page names the tab."""
    login(client, world.a.admin.email, PASSWORD)
    html = client.get(TAB).get_data(as_text=True)
    assert "Who is told about Downtown" in html
    assert "admin@a.test" in html and "clerk@a.test" not in html
    assert f'href="{TAB}"' in html and ">Notifications</a>" in html


def test_add_and_remove_an_extra_address(client, world):
    """Added (normalised), listed, audited; removed again through its confirmation."""
    login(client, world.a.admin.email, PASSWORD)
    response = post(client, ADD, {"email": "Compliance@A.test"}, page=TAB)
    assert response.status_code == 302
    recipient = db.session.scalar(select(NotificationRecipient))
    assert (recipient.email, recipient.location_id) == ("Compliance@a.test", world.a.downtown.id)
    html = client.get(TAB).get_data(as_text=True)
    assert "Compliance@a.test" in html and "will get the notifications of Downtown" in html
    assert 'role="dialog"' not in html and "<dialog" in html  # the real dialog of confirm()
    response = post(client, f"{TAB}recipients/{recipient.id}/remove", page=TAB)
    assert response.status_code == 302
    assert db.session.scalar(select(NotificationRecipient)) is None
    actions = list(db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.action.startswith("notifications.")).order_by(AuditEvent.id)))
    assert actions == ["notifications.recipient_added", "notifications.recipient_removed"]


def test_bad_or_repeated_address_is_explained_and_kept(client, world):
    """A malformed address or one already listed: a message on the field, the input kept."""
    login(client, world.a.admin.email, PASSWORD)
    html = post(client, ADD, {"email": "not an address"}, page=TAB).get_data(as_text=True)
    assert "Enter a valid e-mail address" in html and 'value="not an address"' in html
    assert 'aria-invalid="true"' in html
    post(client, ADD, {"email": "ops@a.test"}, page=TAB)
    html = post(client, ADD, {"email": "OPS@a.test"}, page=TAB).get_data(as_text=True)
    assert "OPS@a.test already gets this store&#39;s notifications." in html
    assert db.session.scalar(select(db.func.count()).select_from(NotificationRecipient)) == 1


def test_htmx_add_swaps_the_section_and_announces(client, world):
    """Through HTMX the answer is the section itself plus the live-region text."""
    login(client, world.a.admin.email, PASSWORD)
    response = post(client, ADD, {"email": "ops@a.test"}, page=TAB,
                    headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<h1>" not in html
    assert html.lstrip().startswith('<section id="notification-recipients"')
    assert 'id="announcer" hx-swap-oob="innerHTML"' in html and "ops@a.test will get" in html
    html = post(client, ADD, {"email": "nope"}, page=TAB,
                headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "Enter a valid e-mail address" in html  # errors come back with 200: HTMX swaps them


def test_another_stores_address_cannot_be_removed(client, world):
    """The address must belong to the selected store: Uptown's is a 404 from Downtown."""
    other = NotificationRecipient(organization_id=world.a.org.id,
                                  location_id=world.a.uptown.id, email="up@a.test")
    db.session.add(other)
    db.session.commit()
    login(client, world.a.admin.email, PASSWORD)
    assert post(client, f"{TAB}recipients/{other.id}/remove", page=TAB).status_code == 404
    assert post(client, f"{TAB}recipients/x/remove", page=TAB).status_code == 404
    assert db.session.get(NotificationRecipient, other.id) is not None


def test_email_log_is_scoped_to_the_organization_and_filters(client, world):
    """Admins see their organization's e-mails only, with status, attempts and error."""
    mine = queue_email(to=["a1@a.test"], subject="For A", template="expiry_warning",
                       context={}, organization_id=world.a.org.id)[0]
    queue_email(to=["b1@b.test"], subject="For B", template="expiry_warning", context={},
                organization_id=world.b.org.id)
    mine.status, mine.attempts, mine.last_error = FAILED, 1, "550 5.1.1 No such mailbox"
    db.session.commit()
    login(client, world.a.admin.email, PASSWORD)
    html = client.get("/email/").get_data(as_text=True)
    assert "For A" in html and "For B" not in html
    assert "550 5.1.1 No such mailbox" in html and ">Retry</button>" in html
    assert "For A" not in client.get("/email/?status=sent").get_data(as_text=True)
    assert "For A" in client.get("/email/?status=failed").get_data(as_text=True)
    assert "For A" in client.get("/email/?status=bogus").get_data(as_text=True)


def test_retry_button_queues_the_message_again(client, world, smtp_server):
    """Retry: queued again (audited), then delivered by the next run."""
    message = queue_email(to=["a1@a.test"], subject="For A", template="expiry_warning",
                          context={}, organization_id=world.a.org.id)[0]
    message.status = FAILED
    db.session.commit()
    login(client, world.a.admin.email, PASSWORD)
    response = post(client, f"/email/{message.id}/retry", page="/email/")
    assert response.status_code == 302
    assert "is queued again" in client.get("/email/").get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(OutboxMessage, message.id).status == QUEUED
    assert deliver_due(utcnow())["sent"] == 1 and smtp_server.to("a1@a.test")


def test_htmx_retry_swaps_the_row(client, world):
    """Through HTMX the answer is the updated row and the announcement."""
    message = queue_email(to=["a1@a.test"], subject="For A", template="expiry_warning",
                          context={}, organization_id=world.a.org.id)[0]
    message.status = FAILED
    db.session.commit()
    login(client, world.a.admin.email, PASSWORD)
    html = post(client, f"/email/{message.id}/retry", page="/email/",
                headers={"HX-Request": "true"}).get_data(as_text=True)
    assert html.lstrip().startswith(f'<tr id="email-{message.id}">')
    assert "Queued" in html and ">Retry</button>" not in html
    assert "The e-mail to a1@a.test is queued again." in html

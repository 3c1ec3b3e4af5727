"""The outbox: queued in the caller's transaction, sent after the commit, retried, never twice."""
import threading
from datetime import timedelta

import pytest
from sqlalchemy import event, select, text

from tests.fixtures.smtp import bodies, free_port
from webapp import config as settings
from webapp.extensions import db
from webapp.mail import queue_email
from webapp.mail.delivery import _claim, deliver_due
from webapp.models import AuditEvent, OutboxMessage, utcnow
from webapp.models.mail import FAILED, QUEUED, SENDING, SENT

SECRET = "one-time-token-Zq8vX2"


def _queue(to=("a@x.test", "b@x.test"), **kwargs):
    """Queue the expiry template with a recognisable context."""
    options = {"subject": "Hello", "template": "expiry_warning",
               "context": {"organization": "Org", "location": "Store", "license": "NY-1",
                           "days_left": 3, "expires_at": "soon", "renew_url": SECRET}}
    options.update(kwargs)
    return queue_email(to=list(to), **options)


def _rows():
    """Every outbox row, oldest first, read afresh."""
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_one_row_per_recipient_rendered_at_queue_time(app):
    """Each recipient gets a queued row with both bodies; repeats are folded."""
    rows = _queue(to=["a@x.test", " b@x.test ", "A@x.test"])
    db.session.commit()
    assert [r.recipient for r in rows] == ["a@x.test", "b@x.test"]
    row = _rows()[0]
    assert (row.status, row.attempts, row.subject, row.template) == (
        QUEUED, 0, "Hello", "expiry_warning")
    assert SECRET in row.body_text and SECRET in row.body_html
    assert row.body_html.lstrip().startswith("<!doctype html>")
    assert row.message_id.startswith("<") and row.message_id.endswith("@tracebridge.local>")


def test_bodies_are_not_stored_in_clear(app):
    """No column of the outbox holds a one-time link in plain text (read with raw SQL)."""
    _queue()
    db.session.commit()
    for row in db.session.execute(text("SELECT * FROM mail_outbox")).all():
        assert not any(SECRET in str(value) for value in row), row


def test_nothing_exists_or_is_sent_without_the_callers_commit(app, smtp_server):
    """A rolled-back transaction leaves no e-mail behind."""
    _queue()
    db.session.rollback()
    assert _rows() == []
    assert deliver_due(utcnow()) == {"sent": 0, "retrying": 0, "failed": 0}
    assert smtp_server.messages == []


def test_same_dedupe_key_queues_once_and_keeps_the_callers_transaction(app, world):
    """Queued again (or racing), a message is one row per recipient; other work still commits."""
    assert len(_queue(dedupe_key="welcome:1")) == 2
    world.a.org.name = "Renamed in the same transaction"
    assert _queue(dedupe_key="welcome:1") == []
    added = _queue(to=["a@x.test", "c@x.test"], dedupe_key="welcome:1")
    assert [r.recipient for r in added] == ["c@x.test"]
    db.session.commit()
    assert sorted(r.recipient for r in _rows()) == ["a@x.test", "b@x.test", "c@x.test"]
    assert {r.group_key for r in _rows()} == {"welcome:1"}
    assert world.a.org.name == "Renamed in the same transaction"
    assert len(_queue(dedupe_key=None)) == len(_queue(dedupe_key=None)) == 2


def test_a_not_address_is_refused_when_queued(app):
    """Header injection or a missing @ is a programming error, caught before anything is stored."""
    with pytest.raises(ValueError):
        _queue(to=["a@x.test\r\nBcc: victim@x.test"])
    with pytest.raises(ValueError):
        _queue(to=["nobody"])


def test_sent_message_has_text_and_html_and_is_marked_sent(app, smtp_server):
    """Delivered as multipart/alternative with the stored Message-ID; status sent, when."""
    _queue(to=["a@x.test"])
    db.session.commit()
    now = utcnow()
    assert deliver_due(now) == {"sent": 1, "retrying": 0, "failed": 0}
    message = smtp_server.only_message_to("a@x.test")
    row = _rows()[0]
    assert message["Message-ID"] == row.message_id
    text_body, html_body = bodies(message)
    assert "Store (BioTrack license NY-1)" in text_body and "<h1" in html_body
    assert (row.status, row.attempts, row.sent_at, row.last_error) == (SENT, 1, now, None)
    assert deliver_due(now + timedelta(hours=1))["sent"] == 0


def test_permanent_refusal_fails_that_recipient_at_once(app, smtp_server):
    """550 for one address: failed after one attempt, with the server's words; others sent."""
    smtp_server.refuse("b@x.test", "550 5.1.1 <b@x.test>: Recipient address rejected")
    _queue(to=["a@x.test", "b@x.test", "c@x.test"])
    db.session.commit()
    now = utcnow()
    assert deliver_due(now) == {"sent": 2, "retrying": 0, "failed": 1}
    failed = [r for r in _rows() if r.status == FAILED]
    assert [(r.recipient, r.attempts) for r in failed] == [("b@x.test", 1)]
    assert failed[0].last_error == "550 5.1.1 <b@x.test>: Recipient address rejected"
    assert deliver_due(now + timedelta(days=1))["sent"] == 0  # never retried by itself


def test_temporary_refusal_is_retried_with_backoff(app, smtp_server):
    """451: queued again a minute later, then two; sent once the server accepts."""
    smtp_server.refuse("a@x.test", "451 4.3.0 Try again later")
    _queue(to=["a@x.test"])
    db.session.commit()
    now = utcnow()
    assert deliver_due(now) == {"sent": 0, "retrying": 1, "failed": 0}
    row = _rows()[0]
    assert (row.status, row.attempts, row.last_error) == (QUEUED, 1, "451 4.3.0 Try again later")
    assert row.next_attempt_at == now + timedelta(seconds=60)
    assert deliver_due(now + timedelta(seconds=59))["retrying"] == 0  # not yet due
    assert deliver_due(now + timedelta(seconds=60))["retrying"] == 1
    assert _rows()[0].next_attempt_at == now + timedelta(seconds=180)
    del smtp_server.refusals["a@x.test"]
    assert deliver_due(now + timedelta(seconds=180))["sent"] == 1
    assert (_rows()[0].status, _rows()[0].attempts) == (SENT, 3)
    assert len(smtp_server.to("a@x.test")) == 1


def test_unreachable_server_is_retried_then_given_up(app):
    """Nobody listening: every attempt waits longer, up to the limit, then failed for good."""
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())
    _queue(to=["a@x.test", "b@x.test"])
    db.session.commit()
    now, delays = utcnow(), []
    for _ in range(settings.MAIL_MAX_ATTEMPTS):
        result = deliver_due(now)
        row = _rows()[0]
        if row.status == QUEUED:
            delays.append((row.next_attempt_at - now).total_seconds())
            now = row.next_attempt_at
    assert result == {"sent": 0, "retrying": 0, "failed": 2}
    assert delays == [60, 120, 240, 480, 960, 1920, 3600]
    row = _rows()[0]
    assert row.status == FAILED and row.attempts == settings.MAIL_MAX_ATTEMPTS
    assert row.last_error.startswith("gave up after 8 attempts: ConnectionRefusedError")


def test_two_senders_at_once_send_each_message_once(app, smtp_server):
    """Two threads claim at the same moment; the compare-and-set gives each row to one."""
    for n in range(20):
        _queue(to=[f"user{n}@x.test"], subject=f"Message {n}")
    db.session.commit()
    both_ready, waited = threading.Barrier(2), set()

    def wait_for_the_other(conn, cursor, sql, *args):
        """Hold each sender at its claiming UPDATE until the other has reached its own."""
        if "claim_token=" in sql and threading.get_ident() not in waited:
            waited.add(threading.get_ident())
            both_ready.wait(30)
    event.listen(db.engine, "before_cursor_execute", wait_for_the_other)
    results, now = [], utcnow()

    def sender():
        """One scheduler's delivery run, in its own app context."""
        with app.app_context():
            results.append(deliver_due(now, limit=20))
    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    event.remove(db.engine, "before_cursor_execute", wait_for_the_other)
    assert sum(r["sent"] for r in results) == 20, results
    assert sorted(m["Subject"] for _, m in smtp_server.messages) == sorted(
        f"Message {n}" for n in range(20))
    assert {r.status for r in _rows()} == {SENT}


def test_rows_of_a_sender_that_died_are_sent_after_its_lease(app, smtp_server):
    """Claimed but never finished (the process died): sent again once the lease runs out."""
    _queue(to=["a@x.test"])
    db.session.commit()
    now = utcnow()
    _claim(now, 10)  # a sender takes the row, then vanishes
    assert _rows()[0].status == SENDING
    assert deliver_due(now + timedelta(seconds=10))["sent"] == 0
    later = now + timedelta(seconds=settings.MAIL_LEASE_SECONDS + 1)
    assert deliver_due(later)["sent"] == 1
    assert (_rows()[0].status, _rows()[0].attempts) == (SENT, 2)


def test_retry_of_a_failed_message_is_audited(app, world):
    """The e-mail log's Retry: failed -> queued with fresh attempts, recorded; others untouched."""
    from webapp.mail import services
    message = _queue(to=["a@x.test"], organization_id=world.a.org.id)[0]
    message.status, message.attempts, message.last_error = FAILED, 8, "550 no"
    db.session.commit()
    assert services.retry(message, world.a.admin) is True
    row = _rows()[0]
    assert (row.status, row.attempts, row.last_error) == (QUEUED, 0, "550 no")
    event = db.session.scalar(select(AuditEvent))
    assert event.action == "mail.retried" and event.actor_id == world.a.admin.id
    assert services.retry(row, world.a.admin) is False  # queued: nothing to retry


def test_delivery_job_drains_a_backlog_batch_after_batch(app, smtp_server, monkeypatch):
    """More than one batch due: the scheduled job keeps sending until the outbox is empty.

    The run's time budget is what a loaded machine runs out of, not what is tested here.
    """
    from webapp.mail.delivery import deliver_outbox
    monkeypatch.setattr(settings, "OUTBOX_RUN_SECONDS", 600)
    for n in range(settings.OUTBOX_BATCH + 5):
        _queue(to=[f"user{n}@x.test"])
    db.session.commit()
    assert deliver_outbox(utcnow()) == {"sent": settings.OUTBOX_BATCH + 5, "retrying": 0,
                                        "failed": 0}
    assert len(smtp_server.messages) == settings.OUTBOX_BATCH + 5

"""The expiry check: each warning once per grant and threshold, states marked, clock moved."""
import threading
from datetime import timedelta

from sqlalchemy import event, select

from tests.fixtures.expiry import T0, grant, renew
from tests.fixtures.world import make_user
from webapp.extensions import db
from webapp.models import (AuditEvent, Authorization, ExpiryWarning, NotificationRecipient,
                           OutboxMessage, PERMISSIONS)
from webapp.models.integration import ACTIVE, DEACTIVATED, EXPIRED, EXPIRING, PENDING
from webapp.config_page.notifications.expiry import check_expiries, due_warnings

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


def _thresholds(auth_id=None):
    """The warnings recorded, in the order they were sent."""
    query = select(ExpiryWarning.threshold).order_by(ExpiryWarning.id)
    if auth_id is not None:
        query = query.where(ExpiryWarning.authorization_id == auth_id)
    return list(db.session.scalars(query))


def _state(auth):
    """The stored state, read afresh."""
    return db.session.scalar(select(Authorization.state).where(Authorization.id == auth.id))


def test_each_threshold_warns_once_as_the_clock_moves(app, world):
    """From grant to two days past expiry, every 6 hours: 30, 14, 7, 3, 1 days, then expired."""
    auth = grant(world.a.downtown, expires_at=T0 + 100 * DAY)
    states, now = [], T0
    while now <= T0 + 102 * DAY:
        check_expiries(now)
        states.append(_state(auth))
        now += 6 * HOUR
    assert _thresholds() == [30, 14, 7, 3, 1, 0]
    days_left = list(db.session.scalars(select(ExpiryWarning.days_left).order_by(
        ExpiryWarning.id)))
    assert days_left == [30, 14, 7, 3, 1, 0]
    # One e-mail per warning to the admin (the only Config Page user of the store).
    subjects = list(db.session.scalars(select(OutboxMessage.subject).where(
        OutboxMessage.recipient == world.a.admin.email).order_by(OutboxMessage.id)))
    assert len(subjects) == 6
    assert subjects[0].endswith("expires in 30 days: renew it now")
    assert subjects[4].endswith("expires in 1 day: renew it now")
    assert "has expired" in subjects[5]
    assert states.index(EXPIRING) == 70 * 4  # 30 days left, to the 6-hour step
    assert states.index(EXPIRED) == 100 * 4
    actions = list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
    assert actions == ["authorization.expiring", "authorization.expired"]


def test_warning_comes_when_the_threshold_is_reached(app, world):
    """A minute before 30 days left: nothing. At 30 days: the warning, and `expiring`."""
    auth = grant(world.a.downtown, expires_at=T0 + 30 * DAY + timedelta(minutes=1))
    assert check_expiries(T0)["warned"] == 0
    assert _state(auth) == ACTIVE
    assert check_expiries(T0 + timedelta(minutes=1))["warned"] == 1
    assert _state(auth) == EXPIRING
    assert check_expiries(T0 + timedelta(minutes=2))["due"] == 0


def test_store_first_seen_late_gets_one_warning_not_a_burst(app, world):
    """Five days left when first checked: one warning (days left 5), none for 30, 14, 7 later."""
    auth = grant(world.a.downtown, expires_at=T0 + 5 * DAY)
    assert check_expiries(T0)["warned"] == 1
    warning = db.session.scalar(select(ExpiryWarning))
    assert (warning.threshold, warning.days_left) == (7, 5)
    for hours in range(6, 24 * 7, 6):
        check_expiries(T0 + hours * HOUR)
    assert _thresholds(auth.id) == [7, 3, 1, 0]


def test_renewal_starts_the_warnings_over(app, world):
    """After a renewal (new grant, new expiry) the 30-day warning comes again for the new grant."""
    auth = grant(world.a.downtown, expires_at=T0 + 30 * DAY)
    check_expiries(T0)
    check_expiries(T0 + 16 * DAY)
    assert _thresholds() == [30, 14] and _state(auth) == EXPIRING
    renew(auth, expires_at=T0 + 116 * DAY)
    assert check_expiries(T0 + 17 * DAY)["due"] == 0
    assert _state(auth) == ACTIVE
    assert check_expiries(T0 + 86 * DAY)["warned"] == 1
    assert _thresholds() == [30, 14, 30] and _state(auth) == EXPIRING
    expiries = {w.expires_at for w in db.session.scalars(select(ExpiryWarning))}
    assert expiries == {T0 + 30 * DAY, T0 + 116 * DAY}


def test_only_current_granted_authorizations_of_active_stores_are_watched(app, world):
    """Pending and deactivated authorizations, and stores switched off, get no warnings."""
    grant(world.a.downtown, expires_at=T0 + 2 * DAY, state=PENDING)
    grant(world.a.uptown, expires_at=T0 + 2 * DAY, state=DEACTIVATED)
    grant(world.b.downtown, expires_at=T0 + 2 * DAY)
    world.b.downtown.active = False
    db.session.commit()
    assert check_expiries(T0) == {"due": 0, "warned": 0, "marked": 0, "emails": 0}


def test_already_expired_in_state_still_gets_its_notice_once(app, world):
    """An authorization another part of the app marked expired is told about once."""
    auth = grant(world.a.downtown, expires_at=T0 - HOUR, state=EXPIRED)
    assert check_expiries(T0)["warned"] == 1
    assert check_expiries(T0 + DAY)["warned"] == 0
    assert _thresholds(auth.id) == [0]
    assert db.session.scalar(select(AuditEvent)) is None  # no state change to record


def test_recipients_are_config_page_users_of_the_store_and_extra_addresses(app, world):
    """Users with config_page and access to that store, active, plus extras; no one twice."""
    store = world.a.downtown
    make_user(world.a.org, "manager@a.test", permissions={"config_page"}, locations=[store])
    make_user(world.a.org, "uptown-only@a.test", permissions={"config_page"},
              locations=[world.a.uptown])
    gone = make_user(world.a.org, "gone@a.test", permissions=set(PERMISSIONS),
                     locations=[store])
    gone.active = False
    db.session.add_all([
        NotificationRecipient(organization_id=world.a.org.id, location_id=store.id,
                              email="compliance@a.test"),
        NotificationRecipient(organization_id=world.a.org.id, location_id=store.id,
                              email="MANAGER@a.test")])
    db.session.commit()
    grant(store, expires_at=T0 + 7 * DAY)
    check_expiries(T0)
    recipients = set(db.session.scalars(select(OutboxMessage.recipient)))
    assert recipients == {"admin@a.test", "manager@a.test", "compliance@a.test"}
    assert db.session.scalar(select(ExpiryWarning)).recipients == [
        "admin@a.test", "manager@a.test", "compliance@a.test"]


def test_store_with_nobody_to_tell_is_recorded_and_logged(app, world, caplog):
    """No Config Page user and no extra address: the warning is kept (shown in-app) and logged."""
    store = world.a.downtown
    world.a.admin.locations = [world.a.uptown]
    db.session.commit()
    grant(store, expires_at=T0 + 3 * DAY)
    result = check_expiries(T0)
    assert result["warned"] == 1 and result["emails"] == 0
    assert db.session.scalar(select(ExpiryWarning)).recipients == []
    assert "reached nobody" in caplog.text


def _count_statements():
    """A list that collects every (SQL, parameters) run on the app's engine."""
    statements = []
    event.listen(db.engine, "before_cursor_execute",
                 lambda conn, cursor, sql, params, *args: statements.append((sql, params)))
    return statements


def test_scan_is_one_indexed_query(app, world):
    """Finding what is due takes one statement, driven by the (state, expires_at) index."""
    for store in (world.a.downtown, world.a.uptown, world.b.downtown, world.b.uptown):
        grant(store, expires_at=T0 + 6 * DAY)
    statements = _count_statements()
    due = due_warnings(T0)
    assert len(due) == 4 and len(statements) == 1
    if db.engine.dialect.name == "sqlite":
        sql, params = statements[0]
        with db.engine.connect() as conn:
            plan = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params).all()
        details = " | ".join(str(row[-1]) for row in plan)
        assert "USING INDEX ix_integrator_authorization_state_expires" in details, details


def test_job_statements_do_not_grow_with_the_number_of_stores(app, world):
    """Two due stores or four: the same number of statements (batched, not per store)."""
    grant(world.a.downtown, expires_at=T0 + 6 * DAY)
    grant(world.b.downtown, expires_at=T0 + 6 * DAY)
    statements = _count_statements()
    check_expiries(T0)
    two = len(statements)
    grant(world.a.uptown, expires_at=T0 + 13 * DAY)
    grant(world.b.uptown, expires_at=T0 + 13 * DAY)
    statements.clear()
    assert check_expiries(T0 + 4 * DAY)["warned"] == 4  # 3 days left twice, 14 days twice
    assert len(statements) == two


def _run_at_once(app, func, *args, workers=2):
    """Run func(*args) in several threads, each with its own app context, at the same moment."""
    barrier = threading.Barrier(workers)
    results, errors = [], []

    def worker():
        """One scheduler: its own app context and database session."""
        with app.app_context():
            barrier.wait()
            try:
                results.append(func(*args))
            except Exception as error:  # reported by the assertion below
                errors.append(error)
    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    return results


def test_two_schedulers_at_the_same_moment_send_each_email_once(app, world, smtp_server):
    """Two threads run the check (then delivery) at once on one database: each e-mail once."""
    from webapp.mail.delivery import deliver_due
    from webapp.models import utcnow
    for store in (world.a.downtown, world.a.uptown, world.b.downtown):
        grant(store, expires_at=T0 + 100 * DAY)
    # Both threads finish the scan before either writes: each sees all three stores due.
    both_scanned = threading.Barrier(2)

    def wait_for_the_other(conn, cursor, sql, *args):
        """Hold each thread at its ledger INSERT until the other has reached its own."""
        if sql.lstrip().upper().startswith("INSERT INTO EXPIRY_WARNING"):
            both_scanned.wait(30)
    event.listen(db.engine, "before_cursor_execute", wait_for_the_other)
    # 30 days left (active -> expiring), 14, 7, expired (expiring -> expired).
    for days, marked in ((70, 3), (86, 0), (93, 0), (100, 3)):
        results = _run_at_once(app, check_expiries, T0 + days * DAY)
        assert [r["due"] for r in results] == [3, 3], results
        assert sum(r["warned"] for r in results) == 3, results
        assert sum(r["marked"] for r in results) == marked, results
    event.remove(db.engine, "before_cursor_execute", wait_for_the_other)
    assert len(_thresholds()) == 12
    results = _run_at_once(app, deliver_due, utcnow())
    assert sum(r["sent"] for r in results) == 12
    assert len(smtp_server.messages) == 12
    for address, count in (("admin@a.test", 8), ("admin@b.test", 4)):
        subjects = [m["Subject"] for m in smtp_server.to(address)]
        assert len(subjects) == count == len(set(subjects)), subjects
    states = set(db.session.scalars(select(Authorization.state)))
    assert states == {EXPIRED}
    assert db.session.scalar(select(db.func.count()).select_from(AuditEvent)) == 6


def test_many_due_stores_are_handled_in_batches(app, world, monkeypatch):
    """Past the batch size, each batch is its own transaction (the first run after deploying
    must not hold SQLite's write lock for long); together they warn every store once."""
    import webapp.config_page.notifications.expiry as expiry
    monkeypatch.setattr(expiry, "BATCH", 3)
    for store in (world.a.downtown, world.a.uptown, world.b.downtown, world.b.uptown):
        grant(store, expires_at=T0 + 2 * DAY)
    statements = _count_statements()
    assert check_expiries(T0) == {"due": 4, "warned": 4, "marked": 4, "emails": 4}
    ledger_inserts = [sql for sql, _ in statements if sql.startswith("INSERT INTO expiry_warning")]
    assert len(ledger_inserts) == 2
    assert check_expiries(T0 + HOUR)["due"] == 0


def test_a_renewal_during_the_check_gets_no_stale_warning(app, world):
    """Renewed between the scan and the writes: no warning, no e-mail, state stays active."""
    auth = grant(world.a.downtown, expires_at=T0 + 5 * DAY)
    renewed = []

    def renew_now(conn, cursor, sql, *args):
        """Another request renews the store just before the check writes its ledger."""
        if sql.startswith("INSERT INTO expiry_warning") and not renewed:
            renewed.append(True)
            with db.engine.begin() as other:
                other.execute(Authorization.__table__.update().where(
                    Authorization.__table__.c.id == auth.id).values(
                    expires_at=T0 + 100 * DAY, grant_id="renewed", state=ACTIVE))
    event.listen(db.engine, "before_cursor_execute", renew_now)
    try:
        result = check_expiries(T0)
    finally:
        event.remove(db.engine, "before_cursor_execute", renew_now)
    assert renewed and result == {"due": 1, "warned": 0, "marked": 0, "emails": 0}
    assert _state(auth) == ACTIVE
    assert _thresholds() == []
    assert db.session.scalar(select(OutboxMessage)) is None

"""Lists that grow are paged by key (users, stores, audit log, e-mail log); the audit log
downloads as CSV, streamed."""
import csv
import io
import re
from datetime import timedelta

from tests.fixtures.app import csrf_token, login
from tests.fixtures.world import PASSWORD
from tests.config_page.integration.flow import text_of
from webapp.extensions import db
from webapp.models import AuditEvent, Location, OutboxMessage, User, utcnow
from webapp.paging import PAGE_SIZE, decode, encode


def _next(html: str, rel: str = "next") -> str | None:
    match = re.search(rf'<a href="([^"]+)" rel="{rel}">', html)
    return match.group(1).replace("&amp;", "&") if match else None


def _walk(client, path, pattern) -> list[str]:
    """Follow Next links to the end; every name seen, in order."""
    seen, url = [], path
    while url:
        html = text_of(client.get(url))
        seen += re.findall(pattern, html)
        url = _next(html)
    return seen


def test_users_are_paged_by_name_with_none_lost_or_repeated(client, world):
    for n in range(PAGE_SIZE + 7):
        db.session.add(User(organization_id=world.a.org.id, email=f"p{n:03d}@a.test",
                            name=f"Paged {n:03d}"))
    db.session.commit()
    login(client, world.a.admin.email, PASSWORD)
    first = text_of(client.get("/admin/users"))
    assert len(re.findall(r'<th scope="row">Paged', first)) == PAGE_SIZE - 2  # admin, clerk first
    names = _walk(client, "/admin/users", r'<th scope="row">([^<]+)</th>')
    assert len(names) == PAGE_SIZE + 9 and len(set(names)) == len(names)
    assert names[-(PAGE_SIZE + 7):] == [f"Paged {n:03d}" for n in range(PAGE_SIZE + 7)]
    last = text_of(client.get(_next(first)))
    back = _next(last, "prev")
    assert back and "Demo Dispensary Admin" in text_of(client.get(back))


def test_stores_and_email_log_are_paged(client, world):
    for n in range(PAGE_SIZE + 1):
        db.session.add(Location(organization_id=world.a.org.id, name=f"Store {n:03d}"))
        db.session.add(OutboxMessage(organization_id=world.a.org.id, recipient=f"m{n}@a.test",
                                     subject=f"Subject {n:03d}", template="test",
                                     body_text="x", body_html="x", message_id=f"<{n}@a.test>",
                                     dedupe_key=f"k{n}"))
    db.session.commit()
    login(client, world.a.admin.email, PASSWORD)
    stores = _walk(client, "/admin/locations", r'<th scope="row">([^<]+)</th>')
    assert len(stores) == PAGE_SIZE + 3 and len(set(stores)) == len(stores)
    mails = _walk(client, "/email/", r"m(\d+)@a\.test")
    assert sorted(set(mails), key=int) == [str(n) for n in range(PAGE_SIZE + 1)]


def test_audit_log_pages_newest_first_and_a_bad_cursor_shows_the_first_page(client, world):
    now = utcnow()
    for n in range(PAGE_SIZE + 5):
        db.session.add(AuditEvent(organization_id=world.a.org.id, action="test.event",
                                  summary=f"event {n:03d}", created_at=now - timedelta(minutes=n)))
    db.session.commit()
    login(client, world.a.admin.email, PASSWORD)
    seen = _walk(client, "/admin/audit?action=test.", r"event (\d{3})")
    assert seen == [f"{n:03d}" for n in range(PAGE_SIZE + 5)]
    assert "event 000" in text_of(client.get("/admin/audit?after=not-a-cursor"))
    assert decode(encode([now, 3]), (AuditEvent.created_at, AuditEvent.id)) == (now, 3)
    assert decode(encode(["x", 3]), (AuditEvent.created_at, AuditEvent.id)) is None


def test_audit_log_csv_is_streamed_filtered_safe_and_audited(client, world):
    db.session.add(AuditEvent(organization_id=world.a.org.id, action="user.created",
                              summary="=HYPERLINK(\"http://evil\")", actor_id=world.a.admin.id,
                              location_id=world.a.downtown.id))
    db.session.add(AuditEvent(organization_id=world.b.org.id, action="user.created",
                              summary="other organization"))
    db.session.add(AuditEvent(organization_id=world.a.org.id, action="store.saved",
                              summary="filtered out"))
    db.session.commit()
    login(client, world.a.admin.email, PASSWORD)
    page = client.get("/admin/audit?action=user.").get_data(as_text=True)
    assert 'action="/admin/audit.csv"' in page and 'name="action" value="user."' in page
    response = client.post("/admin/audit.csv", data={
        "action": "user.", "csrf_token": csrf_token(client, "/admin/audit")}, buffered=False)
    assert response.is_streamed and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="audit-log-')
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [(r["action"], r["summary"], r["actor"], r["store"]) for r in rows] == [
        ("user.created", "'=HYPERLINK(\"http://evil\")", world.a.admin.email, "Downtown")]
    assert db.session.query(AuditEvent).filter_by(action="audit.exported").count() == 1


def test_audit_log_csv_reads_batch_after_batch(client, world, monkeypatch):
    from webapp.admin.audit_log import views as audit_export
    monkeypatch.setattr(audit_export, "BATCH", 2)
    now = utcnow()
    for n in range(5):
        db.session.add(AuditEvent(organization_id=world.a.org.id, action="test.event",
                                  summary=f"event {n}", created_at=now - timedelta(minutes=n)))
    db.session.commit()
    login(client, world.a.admin.email, PASSWORD)
    rows = list(csv.DictReader(io.StringIO(client.post("/admin/audit.csv", data={
        "action": "test.", "csrf_token": csrf_token(client, "/admin/audit")}).get_data(
        as_text=True))))
    assert [r["summary"] for r in rows] == [f"event {n}" for n in range(5)]
